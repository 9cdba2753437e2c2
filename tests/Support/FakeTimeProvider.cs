namespace FuncLog.Tests.Support;

/// <summary>A clock that only moves when told to, in a chosen time zone.</summary>
public sealed class FakeTimeProvider(DateTimeOffset start, TimeZoneInfo? zone = null) : TimeProvider
{
    private DateTimeOffset _now = start;
    private readonly TimeZoneInfo _zone = zone ?? TimeZoneInfo.Utc;

    public static DateTimeOffset FromUnixNs(long ns) => DateTimeOffset.UnixEpoch.AddTicks(ns / 100);

    public override DateTimeOffset GetUtcNow() => _now;
    public override TimeZoneInfo LocalTimeZone => _zone;
    public void SetUtcNow(DateTimeOffset t) => _now = t;
    public void Advance(TimeSpan by) => _now += by;
}
