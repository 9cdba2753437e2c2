using FuncLog.Extensions.Logging;
using FuncLog.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace FuncLog.Tests.Extensions;

/// <summary>FuncLog as a Microsoft.Extensions.Logging provider, through ILoggerFactory as applications use it.</summary>
public class MelProviderTests
{
    private sealed class Setup : IDisposable
    {
        public LogManager Manager { get; } = new(new ManualTimeProvider(Harness.Parse("2026-11-21 10:00:00,000")), new StringWriter());
        public CollectingHandler Handler { get; } = new();
        public ILoggerFactory Factory { get; }

        public Setup(string format = "%(levelname)s:%(name)s:%(message)s", Action<FuncLogProviderOptions>? configure = null)
        {
            Handler.SetFormatter(new Formatter(format));
            Manager.Root.AddHandler(Handler);
            Factory = LoggerFactory.Create(b => b.AddFuncLog(configure: o => { o.Manager = Manager; configure?.Invoke(o); }));
        }

        public void Dispose() { Factory.Dispose(); Manager.Shutdown(); }
    }

    [Fact]
    public void Categories_are_loggers_in_the_dotted_hierarchy_and_FuncLog_decides_what_is_enabled()
    {
        using var s = new Setup();
        s.Manager.Root.SetLevel(Levels.Warning);
        s.Manager.GetLogger("MyApp").SetLevel(Levels.Debug);

        // Microsoft.Extensions.Logging's own default minimum (Information) does not hide FuncLog's DEBUG.
        s.Factory.CreateLogger("MyApp.Controllers.Home").LogDebug("inherits MyApp's level");
        s.Factory.CreateLogger("Other").LogInformation("below the root's WARNING");
        s.Factory.CreateLogger("Other").LogWarning("at the root's WARNING");
        s.Factory.CreateLogger<MelProviderTests>().LogError("a type's full name is a dotted name");

        Assert.Equal(
            ["DEBUG:MyApp.Controllers.Home:inherits MyApp's level", "WARNING:Other:at the root's WARNING",
             "ERROR:FuncLog.Tests.Extensions.MelProviderTests:a type's full name is a dotted name"],
            s.Handler.Lines);
        Assert.Same(s.Manager.GetLogger("MyApp"), s.Manager.GetLogger("MyApp.Controllers.Home").Parent); // no MyApp.Controllers logger exists
    }

    [Fact]
    public void Levels_map_to_Python_levels_with_Trace_as_a_registered_level_below_DEBUG()
    {
        using var s = new Setup("%(levelno)s %(levelname)s %(message)s");
        s.Manager.Root.SetLevel(1);
        var log = s.Factory.CreateLogger("app");
        log.LogTrace("t"); log.LogDebug("d"); log.LogInformation("i"); log.LogWarning("w"); log.LogError("e"); log.LogCritical("c");
        log.Log(LogLevel.None, "never");
        Assert.Equal(["5 TRACE t", "10 DEBUG d", "20 INFO i", "30 WARNING w", "40 ERROR e", "50 CRITICAL c"], s.Handler.Lines);
        Assert.Equal(5, Logging.GetLevelNumber("TRACE"));
    }

    [Fact]
    public void IsEnabled_follows_the_effective_level_as_it_changes_and_allocates_nothing()
    {
        using var s = new Setup();
        var log = s.Factory.CreateLogger("svc.db");
        s.Manager.GetLogger("svc").SetLevel(Levels.Info);
        Assert.False(log.IsEnabled(LogLevel.Debug));
        Assert.True(log.IsEnabled(LogLevel.Information));
        Assert.False(log.IsEnabled(LogLevel.None));
        s.Manager.GetLogger("svc").SetLevel(Levels.Debug);
        Assert.True(log.IsEnabled(LogLevel.Debug));
        s.Manager.GetLogger("svc").SetLevel(Levels.Error);

        static string Format(string st, Exception? e) => st;
        for (int i = 0; i < 100; i++) { log.IsEnabled(LogLevel.Debug); log.Log(LogLevel.Debug, default, "x", null, Format); }
        long before = GC.GetAllocatedBytesForCurrentThread();
        bool any = false;
        for (int i = 0; i < 10_000; i++)
        {
            any |= log.IsEnabled(LogLevel.Warning);
            log.Log(LogLevel.Debug, default, "x", null, Format);
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.False(any);
        Assert.Equal(0, allocated);
        Assert.Empty(s.Handler.Lines);
    }

    [Fact]
    public void Event_id_structured_state_and_scopes_become_extra_values_a_format_string_prints()
    {
        using var s = new Setup("%(EventId)s|%(EventName)s|%(OrderId)s|%(Customer)s|%(BatchId)s|%(Scopes)s|%(OriginalFormat)s|%(message)s");
        s.Manager.Root.SetLevel(Levels.Debug);
        var log = s.Factory.CreateLogger("shop");
        using (log.BeginScope(new Dictionary<string, object?> { ["Customer"] = "ann" }))
        using (log.BeginScope("batch {BatchId}", 7))
            log.LogInformation(new EventId(1001, "OrderRead"), "Order {OrderId} read", 42);

        Assert.Equal(["1001|OrderRead|42|ann|7|Customer:ann => batch 7|Order {OrderId} read|Order 42 read"], s.Handler.Lines);
        var record = s.Handler.Records.Single();
        Assert.Equal(42, record.Extra["OrderId"]);
        Assert.Equal("Order 42 read", record.GetMessage());
    }

    [Fact]
    public void Without_scopes_or_event_the_extra_values_are_still_there_so_format_strings_never_fail()
    {
        using var s = new Setup("[%(EventId)s %(EventName)s] {%(Scopes)s} %(message)s");
        s.Manager.Root.SetLevel(Levels.Debug);
        s.Factory.CreateLogger("shop").LogInformation("plain");
        Assert.Equal(["[0 None] {} plain"], s.Handler.Lines);
    }

    [Fact]
    public void Scopes_can_be_left_off()
    {
        using var s = new Setup("%(message)s", o => o.IncludeScopes = false);
        s.Manager.Root.SetLevel(Levels.Debug);
        var log = s.Factory.CreateLogger("shop");
        using (log.BeginScope(new Dictionary<string, object?> { ["Customer"] = "ann" }))
            log.LogInformation("no scope");
        Assert.False(s.Handler.Records.Single().Extra.ContainsKey("Customer"));
        Assert.Equal("", s.Handler.Records.Single().Extra["Scopes"]); // still there, so a format naming it prints
    }

    [Fact]
    public void State_keys_that_are_record_attributes_get_a_trailing_underscore_and_percent_signs_print_as_written()
    {
        using var s = new Setup("%(name)s %(name_)s %(message_)s: %(message)s");
        s.Manager.Root.SetLevel(Levels.Debug);
        s.Factory.CreateLogger("app").LogInformation("{name} said {message}, 100% sure", "ann", "hi");
        Assert.Equal(["app ann hi: ann said hi, 100% sure"], s.Handler.Lines);
    }

    [Fact]
    public void An_exception_is_the_records_exc_info_and_prints_as_a_traceback()
    {
        using var s = new Setup();
        s.Factory.CreateLogger("app").LogError(new InvalidOperationException("boom"), "failed {Step}", "pay");
        var line = s.Handler.Lines.Single();
        Assert.StartsWith("ERROR:app:failed pay\nSystem.InvalidOperationException: boom", line);
        Assert.IsType<InvalidOperationException>(s.Handler.Records.Single().ExcInfo);
    }

    [Fact]
    public void A_category_can_be_mapped_to_another_logger_name()
    {
        using var s = new Setup(configure: o => o.LoggerName = c => "dotnet." + c);
        s.Factory.CreateLogger("Kestrel").LogWarning("w");
        Assert.Equal(["WARNING:dotnet.Kestrel:w"], s.Handler.Lines);
    }

    private static IConfigurationRoot Memory(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    [Fact]
    public void A_configuration_section_is_applied_and_reapplied_atomically_on_reload_keeping_unchanged_handlers()
    {
        var dir = Directory.CreateTempSubdirectory("funclog-mel").FullName;
        var file = Path.Combine(dir, "app.log");
        var values = new Dictionary<string, string?>
        {
            ["FuncLog:version"] = "1",
            ["FuncLog:formatters:f:format"] = "%(levelname)s %(name)s %(message)s",
            ["FuncLog:handlers:file:class"] = "logging.FileHandler",
            ["FuncLog:handlers:file:filename"] = file,
            ["FuncLog:handlers:file:formatter"] = "f",
            ["FuncLog:loggers:MyApp:level"] = "DEBUG",
            ["FuncLog:root:level"] = "WARNING",
            ["FuncLog:root:handlers:0"] = "file",
        };
        var config = Memory(values);
        var manager = new LogManager(stderr: new StringWriter());
        using var provider = new FuncLogLoggerProvider(new FuncLogProviderOptions { Manager = manager }, config.GetSection("FuncLog"));
        using var factory = LoggerFactory.Create(b => { b.AddProvider(provider); b.AddFilter<FuncLogLoggerProvider>(null, LogLevel.Trace); });
        var log = factory.CreateLogger("MyApp.Orders");

        log.LogDebug("one");
        var handler = manager.Root.Handlers.Single();
        config["FuncLog:loggers:MyApp:level"] = "INFO";
        config.Reload();
        log.LogDebug("hidden now");
        log.LogInformation("two");
        Assert.Same(handler, manager.Root.Handlers.Single()); // unchanged handler kept open, not reopened

        config["FuncLog:loggers:MyApp:level"] = "LOUD"; // a bad version: refused, reported, the one in force stays
        config.Reload();
        log.LogDebug("still hidden");
        log.LogInformation("three");
        Assert.Equal(1, provider.ConfigWatcher!.Failures);
        Assert.Equal(2, provider.ConfigWatcher.Reloads);
        Assert.Contains("Unknown level: 'LOUD'", provider.ConfigWatcher.LastError!.ToString());

        manager.Shutdown();
        var lines = File.ReadAllLines(file);
        Assert.Equal("DEBUG MyApp.Orders one", lines[0]);
        Assert.Equal("INFO MyApp.Orders two", lines[1]);
        Assert.StartsWith("ERROR funclog.config config reload of configuration section FuncLog refused, the previous configuration stays:", lines[2]);
        Assert.Contains("loggers.MyApp.level", lines[2]);
        Assert.Equal("INFO MyApp.Orders three", lines[3]);
        Assert.Equal(4, lines.Length);
        Directory.Delete(dir, true);
    }

    [Fact]
    public void A_bad_section_at_start_fails_with_the_key_path()
    {
        var config = Memory(new() { ["FuncLog:version"] = "1", ["FuncLog:root:level"] = "LOUD" });
        var e = Assert.Throws<LogConfigException>(() =>
            new FuncLogLoggerProvider(new FuncLogProviderOptions { Manager = new LogManager() }, config.GetSection("FuncLog")));
        Assert.Contains("configuration section FuncLog, root.level", e.Message);
    }

    [Fact]
    public async Task An_appsettings_file_reloaded_on_change_reconfigures_FuncLog()
    {
        var dir = Directory.CreateTempSubdirectory("funclog-mel").FullName;
        var json = Path.Combine(dir, "appsettings.json");
        static string Settings(string level) => $$"""
            { "FuncLog": { "version": 1, "root": { "level": "WARNING" }, "loggers": { "MyApp": { "level": "{{level}}" } } } }
            """;
        File.WriteAllText(json, Settings("DEBUG"));
        var config = new ConfigurationBuilder().AddJsonFile(json, optional: false, reloadOnChange: true).Build();
        var manager = new LogManager(stderr: new StringWriter());
        using var provider = new FuncLogLoggerProvider(new FuncLogProviderOptions { Manager = manager }, config.GetSection("FuncLog"));
        using var factory = LoggerFactory.Create(b => { b.AddProvider(provider); b.AddFilter<FuncLogLoggerProvider>(null, LogLevel.Trace); });
        var log = factory.CreateLogger("MyApp.Orders");
        Assert.True(log.IsEnabled(LogLevel.Debug));

        File.WriteAllText(json, Settings("ERROR"));
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (log.IsEnabled(LogLevel.Warning) && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.False(log.IsEnabled(LogLevel.Warning));
        Assert.True(log.IsEnabled(LogLevel.Error));
        Assert.Equal(Levels.Error, manager.GetLogger("MyApp").Level);
        (config as IDisposable)?.Dispose();
        Directory.Delete(dir, true);
    }

    [Fact]
    public void Structured_values_survive_a_call_made_while_a_lent_record_is_written_and_kept_records_keep_theirs()
    {
        using var s = new Setup("%(Path)s %(Ms)s %(message)s");
        var inner = s.Factory.CreateLogger("inner");
        s.Manager.GetLogger("inner").Propagate = false;
        var innerOut = new StringWriter();
        var innerHandler = new StreamHandler(innerOut);
        innerHandler.SetFormatter(new Formatter("%(Path)s %(message)s"));
        s.Manager.GetLogger("inner").AddHandler(innerHandler);
        var outer = s.Factory.CreateLogger("outer");
        var app = s.Manager.GetLogger("outer");
        app.Propagate = false;
        var first = new StringWriter();
        var second = new StringWriter();
        var f = new Formatter("%(Path)s %(Ms)s %(EventId)s %(message)s");
        var h1 = new StreamHandler(new NestingWriter(first, () => inner.LogWarning("nested {Path}", "/inner")));
        var h2 = new StreamHandler(second);
        h1.SetFormatter(f);
        h2.SetFormatter(f);
        app.AddHandler(h1);
        app.AddHandler(h2);
        var define = LoggerMessage.Define<string, int>(LogLevel.Warning, new EventId(7), "request {Path} took {Ms} ms");
        define(outer, "/a", 1, null);
        define(outer, "/b", 300, null);
        Assert.Equal("/a 1 7 request /a took 1 ms\n/b 300 7 request /b took 300 ms\n", first.ToString());
        Assert.Equal(first.ToString(), second.ToString());
        Assert.Equal("/inner nested /inner\n/inner nested /inner\n", innerOut.ToString());
        // the collecting handler on the root keeps its records: each with its own values
        s.Factory.CreateLogger("kept").LogWarning("one {Path}", "/x");
        s.Factory.CreateLogger("kept").LogWarning("two {Path}", "/y");
        Assert.Equal(["/x", "/y"], s.Handler.Records.Select(r => r.Extra["Path"]));
    }
}
