using System.Text.Json;
using FuncLog.Tests.Support;

namespace FuncLog.Tests.Config;

/// <summary>Whole-configuration hot reload.</summary>
public class ConfigWatcherTests
{
    private static string Config(Harness h, string rootLevel, string otherFile, string fileLevel = "DEBUG") => $$"""
        {"version": 1, "disable_existing_loggers": false,
         "formatters": {"f": {"format": "%(levelname)s %(message)s"} },
         "handlers": {
           "kept": {"class": "logging.FileHandler", "filename": {{JsonSerializer.Serialize(h.PathOf("kept.log"))}}, "formatter": "f", "level": "{{fileLevel}}"},
           "other": {"class": "logging.FileHandler", "filename": {{JsonSerializer.Serialize(h.PathOf(otherFile))}} } },
         "root": {"level": "{{rootLevel}}", "handlers": ["kept", "other"]} }
        """;

    [Fact]
    public void A_changed_file_is_applied_whole_keeping_unchanged_handlers_open()
    {
        using var h = new Harness();
        var path = h.PathOf("logging.json");
        File.WriteAllText(path, Config(h, "INFO", "one.log"));
        using var w = h.Manager.WatchConfig(path, pollInterval: TimeSpan.Zero);
        var root = h.Manager.Root;
        var kept = root.Handlers.Single(x => x.Name == "kept");
        var other = root.Handlers.Single(x => x.Name == "other");
        root.Info("first");
        Assert.False(w.Check());                                   // unchanged: nothing to do

        File.WriteAllText(path, Config(h, "WARNING", "two.log"));
        Assert.True(w.Check());
        Assert.Equal(Levels.Warning, root.Level);
        Assert.Same(kept, root.Handlers.Single(x => x.Name == "kept"));       // same configuration: same instance, still open
        Assert.NotSame(other, root.Handlers.Single(x => x.Name == "other"));  // changed: rebuilt, and the old one closed
        root.Info("dropped by the new level");
        root.Warning("second");
        Assert.Equal("INFO first\nWARNING second\n", File.ReadAllText(h.PathOf("kept.log")));
        Assert.Equal("first\n", File.ReadAllText(h.PathOf("one.log")));
        Assert.Equal("second\n", File.ReadAllText(h.PathOf("two.log")));
        Assert.Equal(2, w.Reloads);
    }

    [Fact]
    public void A_bad_file_is_reported_and_the_configuration_in_force_stays()
    {
        using var h = new Harness();
        var path = h.PathOf("logging.yaml");
        File.WriteAllText(path, "version: 1\nroot:\n  level: INFO\n");
        using var w = h.Manager.WatchConfig(path, pollInterval: TimeSpan.Zero);
        var errors = new CollectingHandler();
        h.Manager.GetLogger("funclog.config").AddHandler(errors);
        File.WriteAllText(path, "version: 1\nhandlers:\n  f:\n    class: logging.handlers.RotatingFileHandler\n    filename: x.log\n    maxBytes: 2k\n");
        Assert.False(w.Check());
        Assert.Equal(1, w.Failures);
        Assert.Equal("handlers.f.maxBytes: expected an integer, got \"2k\"", w.LastError!.ToString());
        Assert.Contains("handlers.f.maxBytes: expected an integer", Assert.Single(errors.Records).GetMessage());
        Assert.Equal(Levels.Info, h.Manager.Root.Level);
        File.WriteAllText(path, "version: 1\nroot:\n  level: ERROR\n");
        Assert.True(w.Check());
        Assert.Equal(Levels.Error, h.Manager.Root.Level);
    }

    [Fact]
    public void A_file_that_is_invalid_at_the_start_is_an_error_with_its_path()
    {
        using var h = new Harness();
        var path = h.PathOf("logging.conf");
        File.WriteAllText(path, "[loggers]\nkeys=root\n");
        var e = Assert.Throws<LogConfigException>(() => h.Manager.WatchConfig(path, TimeSpan.Zero));
        Assert.Equal(path + ", [formatters]: section missing", e.Message);
    }

    [Fact]
    public async Task Records_logged_during_reloads_are_neither_lost_nor_duplicated()
    {
        using var h = new Harness();
        var path = h.PathOf("logging.json");
        File.WriteAllText(path, Config(h, "INFO", "o0.log"));
        using var w = h.Manager.WatchConfig(path, pollInterval: TimeSpan.Zero);
        using var stop = new CancellationTokenSource();
        var counts = new int[4];
        var writers = Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested && counts[t] < 20_000)
            {
                h.Manager.GetLogger("w" + t).Warning("t%d %06d", t, counts[t]);
                counts[t]++;
            }
        })).ToArray();
        for (var i = 1; i <= 20; i++)
        {
            File.WriteAllText(path, Config(h, i % 2 == 0 ? "INFO" : "WARNING", $"o{i}.log"));
            Assert.True(w.Check());
            await Task.Delay(5);
        }
        stop.Cancel();
        await Task.WhenAll(writers);
        h.Manager.Shutdown();
        var lines = File.ReadAllLines(h.PathOf("kept.log"));
        Assert.Equal(counts.Sum(), lines.Length);
        Assert.Equal(lines.Length, lines.Distinct().Count());
        for (var t = 0; t < 4; t++)
            Assert.Equal(Enumerable.Range(0, counts[t]).Select(i => $"WARNING t{t} {i:000000}"),
                lines.Where(l => l.StartsWith($"WARNING t{t} ", StringComparison.Ordinal)));
    }
}
