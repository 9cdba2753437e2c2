namespace FuncLog.Tests.Support;

/// <summary>Instants as the golden files write them.</summary>
public static class Instants
{
    /// <summary>Nanoseconds since the Unix epoch (.NET keeps 100 ns ticks).</summary>
    public static DateTimeOffset FromUnixNs(long ns) => DateTimeOffset.UnixEpoch.AddTicks(ns / 100);
}
