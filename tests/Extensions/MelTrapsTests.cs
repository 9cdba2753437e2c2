using FuncLog.Extensions.Logging;
using FuncLog.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace FuncLog.Tests.Extensions;

/// <summary>
/// The provider without traps: its own fields have defaults for records that lack them, template names and
/// null values as Python users expect, relative file names and missing folders in a host, a refused reload
/// reported once.
/// </summary>
public class MelTrapsTests
{
    private static IConfigurationRoot Memory(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    private static (LogManager Manager, CollectingHandler Handler, ILoggerFactory Factory) Setup(string format)
    {
        var manager = new LogManager(new ManualTimeProvider(Harness.Parse("2026-11-21 10:00:00,000")), new StringWriter());
        var handler = new CollectingHandler();
        handler.SetFormatter(new Formatter(format));
        manager.Root.AddHandler(handler);
        manager.Root.SetLevel(Levels.Debug);
        return (manager, handler, LoggerFactory.Create(b => b.AddFuncLog(configure: o => o.Manager = manager)));
    }

    [Fact]
    public void A_null_argument_is_None_in_the_message_and_in_extra()
    {
        var (manager, handler, factory) = Setup("%(message)s|%(Customer)s|%(OrderId)s");
        var log = factory.CreateLogger("shop");
        log.LogInformation("Order {OrderId} for {Customer} ({Total,6:F2} EUR, {{literal}})", 42, null, 3.5);
        log.LogInformation("Items {Items} of {Who}", new object?[] { "a", null }, null);
        Assert.Equal(["Order 42 for None (  3.50 EUR, {literal})|None|42", "Items a, None of None|%(Customer)s|%(OrderId)s"],
            handler.Lines.Take(1).Concat(handler.Records.Skip(1).Select(r => r.GetMessage() + "|%(Customer)s|%(OrderId)s")));
        Assert.Null(handler.Records[0].Extra["Customer"]);
        factory.Dispose(); manager.Shutdown();
    }

    [Fact]
    public void A_destructured_hole_is_stored_under_its_name_and_the_category_is_a_field()
    {
        var (manager, handler, factory) = Setup("%(Category)s %(Order)s %(Stringified)s");
        factory.CreateLogger("Shop.Orders").LogInformation("Placed {@Order} {$Stringified}", "o-1", 7);
        Assert.Equal(["Shop.Orders o-1 7"], handler.Lines);
        Assert.False(handler.Records[0].Extra.ContainsKey("@Order"));
        factory.Dispose(); manager.Shutdown();
    }

    [Fact]
    public void A_section_format_naming_provider_fields_prints_defaults_for_records_that_lack_them()
    {
        var dir = Directory.CreateTempSubdirectory("funclog-mel").FullName;
        var config = Memory(new()
        {
            ["FuncLog:version"] = "1",
            ["FuncLog:formatters:f:format"] = "%(EventId)s|%(EventName)s|%(Category)s|%(Scopes)s|%(message)s",
            ["FuncLog:handlers:file:class"] = "logging.FileHandler",
            ["FuncLog:handlers:file:filename"] = "app.log",
            ["FuncLog:handlers:file:formatter"] = "f",
            ["FuncLog:root:level"] = "INFO",
            ["FuncLog:root:handlers:0"] = "file",
        });
        var errors = new StringWriter();
        var manager = new LogManager(stderr: errors);
        using (var provider = new FuncLogLoggerProvider(new FuncLogProviderOptions { Manager = manager, BaseDirectory = dir }, config.GetSection("FuncLog")))
        using (var factory = LoggerFactory.Create(b => { b.AddProvider(provider); b.AddFilter<FuncLogLoggerProvider>(null, LogLevel.Trace); }))
        {
            factory.CreateLogger("Shop").LogInformation(new EventId(3, "Read"), "through the provider");
            manager.GetLogger("direct").Info("straight to FuncLog"); // no EventId, Category or Scopes on this record
        }
        manager.Shutdown();
        Assert.Equal(["3|Read|Shop||through the provider", "0|None|||straight to FuncLog"], File.ReadAllLines(Path.Combine(dir, "app.log")));
        Assert.Equal("", errors.ToString());
        Directory.Delete(dir, true);
    }

    [Fact]
    public void A_bad_version_signalled_twice_is_refused_and_reported_once()
    {
        var config = Memory(new() { ["FuncLog:version"] = "1", ["FuncLog:root:level"] = "INFO" });
        var manager = new LogManager(stderr: new StringWriter());
        var seen = new CollectingHandler();
        using var provider = new FuncLogLoggerProvider(new FuncLogProviderOptions { Manager = manager }, config.GetSection("FuncLog"));
        manager.GetLogger("funclog.config").AddHandler(seen);
        config["FuncLog:root:level"] = "LOUD";
        config.Reload();
        config.Reload(); // a file save often signals twice
        Assert.Single(seen.Records);
        Assert.Equal(1, provider.ConfigWatcher!.Failures);
        config["FuncLog:root:level"] = "DEBUG"; // a good version, then the same bad one again: reported again
        config.Reload();
        config["FuncLog:root:level"] = "LOUD";
        config.Reload();
        Assert.Equal(2, seen.Records.Count);
        manager.Shutdown();
    }

    [Fact]
    public void Relative_file_names_resolve_against_the_base_directory_and_missing_folders_are_created_only_when_asked()
    {
        var dir = Directory.CreateTempSubdirectory("funclog-mel").FullName;
        var values = new Dictionary<string, string?>
        {
            ["FuncLog:version"] = "1",
            ["FuncLog:handlers:file:class"] = "logging.FileHandler",
            ["FuncLog:handlers:file:filename"] = "logs/today/app.log",
            ["FuncLog:root:level"] = "INFO",
            ["FuncLog:root:handlers:0"] = "file",
        };

        // CPython's behaviour kept when asked: the folder is missing, the configuration fails and names the place
        var e = Assert.Throws<LogConfigException>(() => new FuncLogLoggerProvider(
            new FuncLogProviderOptions { Manager = new LogManager(stderr: new StringWriter()), BaseDirectory = dir, CreateLogDirectories = false },
            Memory(values).GetSection("FuncLog")));
        Assert.Contains("handlers.file", e.Message);
        Assert.False(Directory.Exists(Path.Combine(dir, "logs")));

        var manager = new LogManager(stderr: new StringWriter());
        using (new FuncLogLoggerProvider(new FuncLogProviderOptions { Manager = manager, BaseDirectory = dir }, Memory(values).GetSection("FuncLog")))
            manager.GetLogger("app").Info("in the base directory");
        manager.Shutdown();
        Assert.Equal(["in the base directory"], File.ReadAllLines(Path.Combine(dir, "logs", "today", "app.log")));
        Directory.Delete(dir, true);
    }

    [Fact]
    public void The_core_keeps_CPythons_rule_unless_the_options_ask_to_create_the_folder()
    {
        var dir = Directory.CreateTempSubdirectory("funclog-mel").FullName;
        var file = Path.Combine(dir, "missing", "app.log");
        string Json() => $$$"""{"version": 1, "handlers": {"h": {"class": "logging.FileHandler", "filename": {{{System.Text.Json.JsonSerializer.Serialize(file)}}}}}, "root": {"handlers": ["h"]}}""";
        var manager = new LogManager(stderr: new StringWriter());
        var e = Assert.Throws<LogConfigException>(() => manager.DictConfigJson(Json()));
        Assert.Contains("handlers.h", e.Message);
        manager.DictConfigJson(Json(), new ConfigOptions { CreateDirectories = true });
        manager.GetLogger("x").Warning("made");
        manager.Shutdown();
        Assert.Equal(["made"], File.ReadAllLines(file));
        Directory.Delete(dir, true);
    }

    [Fact]
    public void Template_values_and_scopes_are_JSON_fields_of_their_own_type()
    {
        var manager = new LogManager(new ManualTimeProvider(Harness.Parse("2026-11-21 10:00:00,000")), new StringWriter());
        var handler = new CollectingHandler();
        handler.SetFormatter(new JsonFormatter("%(levelname)s %(name)s %(message)s", reservedAttrs:
            // python-json-logger's list plus the provider's bookkeeping, so only the values are left
            ["args", "asctime", "created", "exc_info", "exc_text", "filename", "funcName", "levelname", "levelno", "lineno",
             "module", "msecs", "message", "msg", "name", "pathname", "process", "processName", "relativeCreated",
             "stack_info", "thread", "threadName", "taskName", "EventName", "OriginalFormat", "Scopes", "Category"]));
        manager.Root.AddHandler(handler);
        manager.Root.SetLevel(Levels.Debug);
        using (var factory = LoggerFactory.Create(b => b.AddFuncLog(configure: o => o.Manager = manager)))
        {
            var log = factory.CreateLogger("Shop.Orders");
            using (log.BeginScope(new Dictionary<string, object?> { ["Customer"] = "ann", ["Tags"] = new[] { "a", "b" } }))
                log.LogInformation(new EventId(7), "Order {OrderId} of {Total} paid {Paid} by {Who}", 42, 9.5, true, null);
        }
        const string expected = "{\"levelname\": \"INFO\", \"name\": \"Shop.Orders\", \"message\": \"Order 42 of 9.5 paid True by None\", "
            + "\"EventId\": 7, \"Customer\": \"ann\", \"Tags\": [\"a\", \"b\"], \"OrderId\": 42, \"Total\": 9.5, \"Paid\": true, \"Who\": null}";
        Assert.Equal([expected],
            handler.Lines);
        manager.Shutdown();
    }
}
