using Microsoft.Extensions.Configuration;
using FuncLog.Tests.Support;

namespace FuncLog.Tests.Config;

/// <summary>A handler type a configuration may name by its .NET name.</summary>
public sealed class ListHandler(string tag = "list") : Handler
{
    public string Tag { get; } = tag;
    public List<string> Lines { get; } = [];
    public int Capacity { get; set; }
    public override void Emit(LogRecord record) => Lines.Add(Tag + ":" + Format(record));
}

/// <summary>A formatter factory with keyword arguments of its own, as dictConfig's "()" passes them.</summary>
public sealed class PrefixFormatter(string prefix, string fmt = "%(message)s", bool shout = false) : Formatter(fmt)
{
    public override string Format(LogRecord record) => prefix + (shout ? base.Format(record).ToUpperInvariant() : base.Format(record));
}

/// <summary>Not a handler: a configuration must not be able to construct it.</summary>
public sealed class NotAHandler { public NotAHandler() => Constructed = true; public static bool Constructed; }

/// <summary>dictConfig (code, JSON, YAML) and fileConfig (INI): the HOWTO's configurations, the schema, the errors.</summary>
[Collection("process state")]
public class ConfigTests
{
    private const string LoggingConf = """
        [loggers]
        keys=root,simpleExample

        [handlers]
        keys=consoleHandler

        [formatters]
        keys=simpleFormatter

        [logger_root]
        level=DEBUG
        handlers=consoleHandler

        [logger_simpleExample]
        level=DEBUG
        handlers=consoleHandler
        qualname=simpleExample
        propagate=0

        [handler_consoleHandler]
        class=StreamHandler
        level=DEBUG
        formatter=simpleFormatter
        args=(sys.stdout,)

        [formatter_simpleFormatter]
        format=%(asctime)s - %(name)s - %(levelname)s - %(message)s
        datefmt=
        """;

    private const string LoggingYaml = """
        version: 1
        formatters:
          simple:
            format: '%(asctime)s - %(name)s - %(levelname)s - %(message)s'
        handlers:
          console:
            class: logging.StreamHandler
            level: DEBUG
            formatter: simple
            stream: ext://sys.stdout
        loggers:
          simpleExample:
            level: DEBUG
            handlers: [console]
            propagate: no
        root:
          level: DEBUG
          handlers: [console]
        """;

    private const string Expected = """
        2005-03-19 15:38:55,977 - simpleExample - DEBUG - debug message
        2005-03-19 15:38:55,977 - simpleExample - INFO - info message
        2005-03-19 15:38:55,977 - simpleExample - WARNING - warn message
        2005-03-19 15:38:55,977 - simpleExample - ERROR - error message
        2005-03-19 15:38:55,977 - simpleExample - CRITICAL - critical message

        """;

    private static string CaptureStdout(Action<LogManager, Harness> configure)
    {
        using var h = new Harness("2005-03-19 15:38:55,977");
        var saved = Console.Out;
        var output = new StringWriter { NewLine = "\n" };
        Console.SetOut(output);
        try
        {
            configure(h.Manager, h);
            var logger = h.Manager.GetLogger("simpleExample");
            logger.Debug("debug message");
            logger.Info("info message");
            logger.Warning("warn message");
            logger.Error("error message");
            logger.Critical("critical message");
        }
        finally
        {
            Console.SetOut(saved);
        }
        return output.ToString();
    }

    [Fact]
    public void The_HOWTO_code_INI_and_YAML_configurations_give_identical_output()
    {
        var code = CaptureStdout((m, _) =>
        {
            var logger = m.GetLogger("simpleExample");
            logger.SetLevel(Levels.Debug);
            var ch = new StreamHandler(Console.Out);
            ch.SetLevel(Levels.Debug);
            ch.SetFormatter(new Formatter("%(asctime)s - %(name)s - %(levelname)s - %(message)s"));
            logger.AddHandler(ch);
        });
        var ini = CaptureStdout((m, h) =>
        {
            File.WriteAllText(h.PathOf("logging.conf"), LoggingConf);
            m.FileConfig(h.PathOf("logging.conf"));
        });
        var yaml = CaptureStdout((m, h) =>
        {
            File.WriteAllText(h.PathOf("logging.yaml"), LoggingYaml);
            m.DictConfigFile(h.PathOf("logging.yaml"));
        });
        Assert.Equal(Expected, code);
        Assert.Equal(Expected, ini);
        Assert.Equal(Expected, yaml);
    }

    [Fact]
    public void A_dictionary_built_in_code_and_JSON_work_alike_with_rotating_handlers()
    {
        using var h = new Harness();
        var file = h.PathOf("app.log");
        h.Manager.DictConfig(new Dictionary<string, object?>
        {
            ["version"] = 1,
            ["formatters"] = new Dictionary<string, object?> { ["brief"] = new Dictionary<string, object?> { ["format"] = "%(levelname)s %(message)s" } },
            ["handlers"] = new Dictionary<string, object?>
            {
                ["file"] = new Dictionary<string, object?>
                {
                    ["class"] = "logging.handlers.RotatingFileHandler", ["filename"] = file, ["maxBytes"] = 20, ["backupCount"] = 2,
                    ["formatter"] = "brief", ["level"] = "INFO",
                },
            },
            ["root"] = new Dictionary<string, object?> { ["level"] = "DEBUG", ["handlers"] = new[] { "file" } },
        });
        var root = h.Manager.Root;
        root.Debug("not written");
        for (var i = 0; i < 4; i++) root.Info("record %d", i);
        var handler = Assert.IsType<RotatingFileHandler>(Assert.Single(root.Handlers));
        Assert.Equal("file", handler.Name);
        Assert.Equal(20, handler.MaxBytes);
        Assert.Equal("INFO record 3\n", File.ReadAllText(file));
        Assert.Equal("INFO record 2\n", File.ReadAllText(file + ".1"));

        h.Manager.DictConfigJson($$"""
            {"version": 1, "handlers": {"h": {"class": "logging.FileHandler", "filename": {{System.Text.Json.JsonSerializer.Serialize(h.PathOf("j.log"))}} } },
             "root": {"handlers": ["h"], "level": "WARNING"} }
            """);
        root.Warning("json");
        Assert.Equal("json\n", File.ReadAllText(h.PathOf("j.log")));
        // the previous configuration's handler was closed
        root.Info("after");
        Assert.Equal("INFO record 3\n", File.ReadAllText(file));
    }

    [Fact]
    public void A_formatter_factory_gets_every_other_key_as_a_keyword_argument_as_in_CPython()
    {
        using var h = new Harness();
        h.Manager.DictConfigJson("""
            {"version": 1,
             "formatters": {"p": {"()": "FuncLog.Tests.Config.PrefixFormatter", "prefix": ">> ", "fmt": "%(levelname)s %(message)s", "shout": true},
                            "plain": {"()": "logging.Formatter", "fmt": "[%(message)s]"}},
             "handlers": {"h": {"class": "FuncLog.Tests.Config.ListHandler", "formatter": "p"},
                          "q": {"class": "FuncLog.Tests.Config.ListHandler", "tag": "q", "formatter": "plain"}},
             "root": {"handlers": ["h", "q"], "level": "INFO"}}
            """);
        h.Manager.Info("hello");
        var handlers = h.Manager.Root.Handlers.Cast<ListHandler>().ToList();
        Assert.Equal(["list:>> INFO HELLO"], handlers[0].Lines);
        Assert.Equal(["q:[hello]"], handlers[1].Lines);
    }

    [Theory]
    [InlineData("""{"version": 1, "handlers": {"file": {"class": "logging.handlers.RotatingFileHandler", "filename": "x.log", "maxBytes": "2k"}}}""",
        "handlers.file.maxBytes: expected an integer, got \"2k\"")]
    [InlineData("""{"handlers": {}}""", "version: dictionary doesn't specify a version")]
    [InlineData("""{"version": 2}""", "version: Unsupported version: 2")]
    [InlineData("""{"version": 1, "handlers": {"c": {"class": "logging.StreamHandler", "formatter": "missing"}}}""",
        "handlers.c.formatter: Unable to set formatter 'missing': no formatter of that name")]
    [InlineData("""{"version": 1, "handlers": {"c": {"class": "logging.StreamHandler", "level": "LOUD"}}}""",
        "handlers.c.level: Unknown level: 'LOUD'")]
    [InlineData("""{"version": 1, "handlers": {"c": {"class": "logging.FileHandler"}}}""",
        "handlers.c: FileHandler() missing required argument: 'filename'")]
    [InlineData("""{"version": 1, "handlers": {"c": {"class": "logging.StreamHandler", "strm": "ext://sys.stdout"}}}""",
        "handlers.c.strm: StreamHandler() got an unexpected keyword argument 'strm'")]
    [InlineData("""{"version": 1, "handlers": {"c": {"class": "logging.StreamHandler", "stream": "ext://os.environ"}}}""",
        "handlers.c.stream: Cannot resolve 'os.environ': FuncLog resolves ext://sys.stdout and ext://sys.stderr (and socket.SOCK_STREAM/SOCK_DGRAM) only")]
    [InlineData("""{"version": 1, "loggers": {"a": {"handlers": ["nope"]}}}""",
        "loggers.a.handlers[0]: Unable to add handler 'nope': no handler of that name")]
    [InlineData("""{"version": 1, "a": "cfg://b", "b": "cfg://a"}""", "a: cfg:// references form a loop: b -> a -> b")]
    [InlineData("""{"version": 1, "handlers": {"c": {"class": "No.Such.Handler"}}}""",
        "handlers.c.class: Cannot resolve 'No.Such.Handler': not a Handler type that is loaded, nor in ConfigOptions.AllowedTypes")]
    [InlineData("""{"version": 1, "handlers": {"c": {"class": "FuncLog.Tests.Config.NotAHandler"}}}""",
        "handlers.c.class: Cannot resolve 'FuncLog.Tests.Config.NotAHandler': not a Handler type that is loaded, nor in ConfigOptions.AllowedTypes")]
    [InlineData("""{"version": 1, "loggers": {"a": {"propagate": "maybe"}}}""", "loggers.a.propagate: expected true or false, got \"maybe\"")]
    [InlineData("""{"version": 1, "formatters": {"f": {"format": "%(message)s", "style": "#"}}}""",
        "formatters.f.style: Style must be one of: %,{,$ (got '#')")]
    [InlineData("""{"version": 1, "formatters": {"f": {"()": "My.Formatter", "color": true}}}""",
        "formatters.f.(): Cannot resolve 'My.Formatter': not a Formatter type that is loaded, nor in ConfigOptions.AllowedTypes")]
    [InlineData("""{"version": 1, "formatters": {"f": {"fromat": "%(message)s"}}}""", "formatters.f.fromat: unknown formatter key")]
    [InlineData("""{"version": 1,""", "line 1, column 14: invalid JSON: Expected start of a property name or value")]
    public void Bad_configurations_name_the_place_and_change_nothing(string json, string message)
    {
        using var h = new Harness();
        var before = new CollectingHandler();
        h.Manager.Root.AddHandler(before);
        var e = Assert.Throws<LogConfigException>(() => h.Manager.DictConfigJson(json));
        Assert.StartsWith(message, e.Message);
        Assert.Same(before, Assert.Single(h.Manager.Root.Handlers));
        h.Manager.Root.Warning("still here");
        Assert.Single(before.Records);
        Assert.False(NotAHandler.Constructed);
    }

    [Fact]
    public void A_handler_that_fails_to_open_closes_the_ones_built_before_it_and_nothing_changes()
    {
        using var h = new Harness();
        var before = new CollectingHandler();
        h.Manager.Root.AddHandler(before);
        var json = $$"""
            {"version": 1, "handlers": {
              "a": {"class": "logging.FileHandler", "filename": {{System.Text.Json.JsonSerializer.Serialize(h.PathOf("a.log"))}}},
              "b": {"class": "logging.FileHandler", "filename": {{System.Text.Json.JsonSerializer.Serialize(h.PathOf("no/such/dir/b.log"))}} } },
             "root": {"handlers": ["a", "b"]} }
            """;
        var e = Assert.Throws<LogConfigException>(() => h.Manager.DictConfigJson(json));
        Assert.Equal("handlers.b", e.Error.Where);
        Assert.Contains("Could not find a part of the path", e.Message);
        Assert.Same(before, Assert.Single(h.Manager.Root.Handlers));
        // "a" was opened, then closed again: its file can be deleted and nothing holds it
        File.Delete(h.PathOf("a.log"));
    }

    [Fact]
    public void A_dot_key_that_is_not_a_mapping_is_reported_at_a_readable_path()
    {
        using var h = new Harness();
        var json = """{"version": 1, "handlers": {"h": {"class": "logging.NullHandler", ".": 3}}}""";
        var e = Assert.Throws<LogConfigException>(() => h.Manager.DictConfigJson(json));
        Assert.Equal("handlers.h[\".\"]", e.Error.Where);
        Assert.Contains("expected a mapping, got 3", e.Message);
    }

    [Fact]
    public void Existing_loggers_are_disabled_unless_named_or_children_of_named_ones()
    {
        using var h = new Harness();
        var c = new CollectingHandler();
        var old = h.Manager.GetLogger("old");
        var child = h.Manager.GetLogger("app.db");
        child.SetLevel(Levels.Error);
        child.AddHandler(new CollectingHandler());
        child.Propagate = false;
        h.Manager.GetLogger("app");
        h.Manager.DictConfig(new Dictionary<string, object?>
        {
            ["version"] = 1,
            ["loggers"] = new Dictionary<string, object?> { ["app"] = new Dictionary<string, object?> { ["level"] = "INFO" } },
        });
        h.Manager.Root.AddHandler(c);
        old.Warning("dropped: old is disabled");
        child.Info("kept: children of configured loggers are reset, not disabled");
        Assert.Equal(Levels.NotSet, child.Level);
        Assert.True(child.Propagate);
        Assert.Empty(child.Handlers);
        Assert.Equal(["kept: children of configured loggers are reset, not disabled"], c.Records.Select(r => r.GetMessage()));

        // with disable_existing_loggers false, loggers the configuration does not name are enabled again (CPython)
        h.Manager.DictConfig(new Dictionary<string, object?> { ["version"] = 1, ["disable_existing_loggers"] = false });
        h.Manager.Root.AddHandler(c);
        old.Warning("enabled again");
        Assert.Equal(2, c.Records.Count);
    }

    [Fact]
    public void Incremental_changes_only_levels_and_refuses_unknown_handlers()
    {
        using var h = new Harness();
        h.Manager.DictConfigJson("""
            {"version": 1, "handlers": {"c": {"class": "logging.NullHandler", "level": "DEBUG"}},
             "loggers": {"a": {"level": "DEBUG", "handlers": ["c"]}}}
            """);
        var handler = Assert.Single(h.Manager.GetLogger("a").Handlers);
        h.Manager.DictConfigJson("""{"version": 1, "incremental": true, "handlers": {"c": {"level": "ERROR"}}, "loggers": {"a": {"level": "WARNING", "propagate": false}}}""");
        Assert.Same(handler, Assert.Single(h.Manager.GetLogger("a").Handlers));
        Assert.Equal(Levels.Error, handler.Level);
        Assert.Equal(Levels.Warning, h.Manager.GetLogger("a").Level);
        Assert.False(h.Manager.GetLogger("a").Propagate);
        var e = Assert.Throws<LogConfigException>(() => h.Manager.DictConfigJson("""{"version": 1, "incremental": true, "handlers": {"zz": {"level": "ERROR"}}}"""));
        Assert.Equal("handlers.zz: No handler found with name 'zz'", e.Message);
    }

    [Fact]
    public void User_handlers_are_built_by_dotnet_name_with_keyword_arguments_and_properties()
    {
        using var h = new Harness();
        h.Manager.DictConfig(new Dictionary<string, object?>
        {
            ["version"] = 1,
            ["handlers"] = new Dictionary<string, object?>
            {
                ["mine"] = new Dictionary<string, object?>
                {
                    ["()"] = "FuncLog.Tests.Config.ListHandler", ["tag"] = "t1", ["level"] = "cfg://handlers.other.level",
                    ["."] = new Dictionary<string, object?> { ["Capacity"] = 7 },
                },
                ["other"] = new Dictionary<string, object?> { ["class"] = "logging.NullHandler", ["level"] = "ERROR" },
            },
            ["root"] = new Dictionary<string, object?> { ["handlers"] = new[] { "mine" }, ["level"] = "DEBUG" },
        });
        var mine = Assert.IsType<ListHandler>(Assert.Single(h.Manager.Root.Handlers));
        Assert.Equal("t1", mine.Tag);
        Assert.Equal(7, mine.Capacity);
        Assert.Equal(Levels.Error, mine.Level);
        h.Manager.Root.Error("boom");
        Assert.Equal(["t1:boom"], mine.Lines);
    }

    [Theory]
    [InlineData("[loggers]\nkeys=root\n\n[handlers]\nkeys=h\n\n[formatters]\nkeys=\n\n[logger_root]\nhandlers=h\n\n[handler_h]\nclass=FileHandler\nargs=('x.log', 'a', __import__('os'))\n",
        "[handler_h] line 15: args, column 16: name '__import__' is not a literal FuncLog knows (only sys.stdout, sys.stderr and level names are)")]
    [InlineData("[loggers]\nkeys=root\n\n[handlers]\nkeys=h\n\n[formatters]\nkeys=\n\n[logger_root]\nhandlers=h\nlevel=LOUD\n\n[handler_h]\nclass=NullHandler\n",
        "[logger_root] line 12: Unknown level: 'LOUD'")]
    [InlineData("[loggers]\nkeys=root\n\n[handlers]\nkeys=h\n\n[formatters]\nkeys=\n\n[logger_root]\nhandlers=h,zz\n\n[handler_h]\nclass=NullHandler\n",
        "[logger_root] line 11: handler 'zz' is not in [handlers] keys")]
    [InlineData("[loggers]\nkeys=root\n\n[handlers]\nkeys=h\n\n[formatters]\nkeys=\n\n[logger_root]\nhandlers=h\n\n[handler_h]\nclass=handlers.RotatingFileHandler\nargs=('x.log', 'a', '2k')\n",
        "[handler_h] line 15: maxBytes: expected an integer, got \"2k\"")]
    [InlineData("[loggers]\nkeys=root\n[handlers]\nkeys=\n[formatters]\nkeys=\n", "[logger_root]: section missing")]
    [InlineData("[loggers\nkeys=root\n", "line 1: bad section header '[loggers'")]
    [InlineData("[loggers]\nkeys=root\n\n[handlers]\nkeys=h\n\n[formatters]\nkeys=\n\n[logger_root]\nhandlers=h\n\n[handler_h]\nclass=NullHandler\nlevel=%(lvl)s\n",
        "[handler_h] line 15: %(lvl)s refers to no option or default")]
    public void Bad_INI_files_name_the_section_and_line(string ini, string message)
    {
        using var h = new Harness();
        File.WriteAllText(h.PathOf("bad.conf"), ini);
        var e = Assert.Throws<LogConfigException>(() => h.Manager.FileConfig(h.PathOf("bad.conf")));
        Assert.Equal(h.PathOf("bad.conf") + " " + message, e.Message);
        Assert.Empty(h.Manager.Root.Handlers);
    }

    [Fact]
    public void FileConfig_reads_defaults_interpolation_kwargs_and_Python_class_names()
    {
        using var h = new Harness();
        File.WriteAllText(h.PathOf("logging.conf"), """
            [loggers]
            keys=root

            [handlers]
            keys=file

            [formatters]
            keys=f

            [logger_root]
            level=INFO
            handlers=file

            [handler_file]
            class=handlers.RotatingFileHandler
            formatter=f
            args=('%(logdir)s/app.log', 'a')
            kwargs={'maxBytes': 10, 'backupCount': 1, 'delay': True}

            [formatter_f]
            format=%(levelname)s|%(message)s
            style=%
            """);
        h.Manager.FileConfig(h.PathOf("logging.conf"), new Dictionary<string, string> { ["logdir"] = h.Dir });
        var rh = Assert.IsType<RotatingFileHandler>(Assert.Single(h.Manager.Root.Handlers));
        Assert.True(rh.Delay);
        h.Manager.Root.Info("one");
        h.Manager.Root.Info("two");
        Assert.Equal("INFO|two\n", File.ReadAllText(h.PathOf("app.log")));
        Assert.Equal("INFO|one\n", File.ReadAllText(h.PathOf("app.log.1")));
    }

    [Fact]
    public void FileConfig_reports_a_missing_or_empty_file_as_Python_does()
    {
        using var h = new Harness();
        var missing = Assert.Throws<FileNotFoundException>(() => h.Manager.FileConfig(h.PathOf("nope.conf")));
        Assert.Equal(h.PathOf("nope.conf") + " doesn't exist", missing.Message);
        File.WriteAllText(h.PathOf("empty.conf"), "");
        var empty = Assert.Throws<InvalidOperationException>(() => h.Manager.FileConfig(h.PathOf("empty.conf")));
        Assert.Equal(h.PathOf("empty.conf") + " is an empty file", empty.Message);
    }
}
