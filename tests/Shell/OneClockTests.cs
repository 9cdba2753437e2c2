using FuncLog.Tests.Support;

namespace FuncLog.Tests.Shell;

/// <summary>
/// One clock, as in Python (every handler reads time.time()): a handler built without a TimeProvider reads the
/// clock of the manager whose logger it is attached to, or whose configuration made it — so a fake clock on the
/// manager makes rotation deterministic without handing it to every handler.
/// </summary>
public class OneClockTests
{
    [Fact]
    public void A_handler_without_a_clock_reads_its_managers_after_it_is_attached()
    {
        using var h = new Harness("2025-06-01 23:59:58,000");
        var th = new TimedRotatingFileHandler(h.PathOf("app.log"), when: "midnight", utc: true);
        Assert.Same(TimeProvider.System, th.Clock);                 // on its own: the system clock
        th.SetFormatter(new Formatter("%(asctime)s %(message)s"));
        h.Manager.Root.AddHandler(th);
        Assert.Same(h.Clock, th.Clock);                              // attached: the manager's
        Assert.Equal(h.Clock.GetUtcNow().Date.AddDays(1), DateTimeOffset.FromUnixTimeSeconds(th.RolloverAt).UtcDateTime);

        h.Manager.Warning("last record of the day");
        h.Clock.Advance(TimeSpan.FromSeconds(3));
        h.Manager.Warning("first record of the next");
        th.Close();
        Assert.Equal("2025-06-01 23:59:58,000 last record of the day\n", h.Read("app.log.2025-06-01"));
        Assert.Equal("2025-06-02 00:00:01,000 first record of the next\n", h.Read("app.log"));
    }

    [Fact]
    public void A_handler_a_configuration_made_reads_the_managers_clock_and_follows_it_when_it_changes()
    {
        using var h = new Harness("2030-01-01 00:00:00,000");
        h.Manager.DictConfigJson($$$"""
            {"version": 1, "handlers": {"t": {"class": "logging.handlers.TimedRotatingFileHandler",
              "filename": {{{System.Text.Json.JsonSerializer.Serialize(h.PathOf("cfg.log"))}}}, "when": "H", "utc": true}},
             "root": {"handlers": ["t"]}}
            """);
        var th = (TimedRotatingFileHandler)h.Manager.GetHandlerByName("t")!;
        Assert.Same(h.Clock, th.Clock);
        Assert.Equal(DateTimeOffset.Parse("2030-01-01T01:00:00Z").ToUnixTimeSeconds(), th.RolloverAt);

        var other = new ManualTimeProvider(DateTimeOffset.Parse("2031-05-05T05:30:00Z"));
        h.Manager.TimeProvider = other;                                // the manager's clock is replaced
        Assert.Same(other, th.Clock);
        Assert.Equal(DateTimeOffset.Parse("2031-05-05T06:30:00Z").ToUnixTimeSeconds(), th.RolloverAt);   // 'H': now + 1 h
    }

    [Fact]
    public void A_clock_given_to_the_handler_wins()
    {
        using var h = new Harness();
        var own = new ManualTimeProvider(DateTimeOffset.Parse("2001-01-01T00:00:00Z"));
        var th = new TimedRotatingFileHandler(h.PathOf("own.log"), when: "D", utc: true, timeProvider: own);
        h.Manager.Root.AddHandler(th);
        Assert.Same(own, th.Clock);
        th.Close();
    }
}
