using FuncLog.Tests.Support;

namespace FuncLog.Tests.Examples;

/// <summary>The cookbook sections of issue 2 (shared/seeds/logging-cookbook.rst), with the documented output.</summary>
public class CookbookExamplesTests
{
    private sealed class Auxiliary
    {
        private readonly Logger _logger;
        public Auxiliary(LogManager logging)
        {
            _logger = logging.GetLogger("spam_application.auxiliary.Auxiliary");
            _logger.Info("creating an instance of Auxiliary");
        }
        public void DoSomething()
        {
            _logger.Info("doing something");
            _logger.Info("done doing something");
        }
    }

    [Fact]
    public void Using_logging_in_multiple_modules()
    {
        using var h = new Harness("2005-03-23 23:47:11,663");
        var logging = h.Manager;
        var console = new StringWriter();
        // auxiliary_module: created at import, before the application configures anything
        var moduleLogger = logging.GetLogger("spam_application.auxiliary");
        void SomeFunction() => moduleLogger.Info("received a call to \"some_function\"");

        var logger = logging.GetLogger("spam_application");
        logger.SetLevel(Levels.Debug);
        var fh = new FileHandler(h.PathOf("spam.log"));
        fh.SetLevel(Levels.Debug);
        var ch = new StreamHandler(console);
        ch.SetLevel(Levels.Error);
        var formatter = new Formatter("%(asctime)s - %(name)s - %(levelname)s - %(message)s");
        fh.SetFormatter(formatter);
        ch.SetFormatter(formatter);
        logger.AddHandler(fh);
        logger.AddHandler(ch);

        h.At("2005-03-23 23:47:11,663"); logger.Info("creating an instance of auxiliary_module.Auxiliary");
        h.At("2005-03-23 23:47:11,665"); var a = new Auxiliary(logging);
        logger.Info("created an instance of auxiliary_module.Auxiliary");
        h.At("2005-03-23 23:47:11,668"); logger.Info("calling auxiliary_module.Auxiliary.do_something");
        a.DoSomething(); // the document shows 668 and 669 for its two lines
        h.At("2005-03-23 23:47:11,670"); logger.Info("finished auxiliary_module.Auxiliary.do_something");
        h.At("2005-03-23 23:47:11,671"); logger.Info("calling auxiliary_module.some_function()");
        h.At("2005-03-23 23:47:11,672"); SomeFunction();
        h.At("2005-03-23 23:47:11,673"); logger.Info("done with auxiliary_module.some_function()");

        var lines = h.Read("spam.log").Split('\n');
        Assert.Equal(11, lines.Length); // ten records and the final newline
        Assert.Equal("2005-03-23 23:47:11,663 - spam_application - INFO - creating an instance of auxiliary_module.Auxiliary", lines[0]);
        Assert.Equal("2005-03-23 23:47:11,665 - spam_application.auxiliary.Auxiliary - INFO - creating an instance of Auxiliary", lines[1]);
        Assert.Equal("2005-03-23 23:47:11,665 - spam_application - INFO - created an instance of auxiliary_module.Auxiliary", lines[2]);
        Assert.Equal("2005-03-23 23:47:11,668 - spam_application.auxiliary.Auxiliary - INFO - doing something", lines[4]);
        Assert.Equal("2005-03-23 23:47:11,672 - spam_application.auxiliary - INFO - received a call to \"some_function\"", lines[8]);
        Assert.Equal("2005-03-23 23:47:11,673 - spam_application - INFO - done with auxiliary_module.some_function()", lines[9]);
        Assert.Equal("", console.ToString()); // nothing reached ERROR
    }

    [Fact]
    public void Multiple_handlers_and_formatters()
    {
        using var h = new Harness("2005-03-19 15:10:26,618");
        var console = new StringWriter();
        var logger = h.Manager.GetLogger("simple_example");
        logger.SetLevel(Levels.Debug);
        var fh = new FileHandler(h.PathOf("spam.log"));
        fh.SetLevel(Levels.Debug);
        var ch = new StreamHandler(console);
        ch.SetLevel(Levels.Error);
        var formatter = new Formatter("%(asctime)s - %(name)s - %(levelname)s - %(message)s");
        ch.SetFormatter(formatter);
        fh.SetFormatter(formatter);
        logger.AddHandler(ch);
        logger.AddHandler(fh);

        logger.Debug("debug message");
        logger.Info("info message");
        logger.Warning("warn message");
        logger.Error("error message");
        logger.Critical("critical message");

        Assert.Equal("""
            2005-03-19 15:10:26,618 - simple_example - ERROR - error message
            2005-03-19 15:10:26,618 - simple_example - CRITICAL - critical message

            """, console.ToString());
        Assert.Equal(5, h.Read("spam.log").Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void Logging_to_multiple_destinations()
    {
        using var h = new Harness("2026-10-22 22:19:04,000");
        var logging = h.Manager;
        var console = new StringWriter();
        logging.BasicConfig(level: Levels.Debug, format: "%(asctime)s %(name)-12s %(levelname)-8s %(message)s",
            datefmt: "%m-%d %H:%M", filename: h.PathOf("myapp.log"), filemode: "w");
        var consoleHandler = new StreamHandler(console);
        consoleHandler.SetLevel(Levels.Info);
        consoleHandler.SetFormatter(new Formatter("%(name)-12s: %(levelname)-8s %(message)s"));
        logging.GetLogger("").AddHandler(consoleHandler);

        logging.Info("Jackdaws love my big sphinx of quartz.");
        var logger1 = logging.GetLogger("myapp.area1");
        var logger2 = logging.GetLogger("myapp.area2");
        logger1.Debug("Quick zephyrs blow, vexing daft Jim.");
        logger1.Info("How quickly daft jumping zebras vex.");
        logger2.Warning("Jail zesty vixen who grabbed pay from quack.");
        logger2.Error("The five boxing wizards jump quickly.");

        Assert.Equal("""
            root        : INFO     Jackdaws love my big sphinx of quartz.
            myapp.area1 : INFO     How quickly daft jumping zebras vex.
            myapp.area2 : WARNING  Jail zesty vixen who grabbed pay from quack.
            myapp.area2 : ERROR    The five boxing wizards jump quickly.

            """, console.ToString());
        Assert.Equal("""
            10-22 22:19 root         INFO     Jackdaws love my big sphinx of quartz.
            10-22 22:19 myapp.area1  DEBUG    Quick zephyrs blow, vexing daft Jim.
            10-22 22:19 myapp.area1  INFO     How quickly daft jumping zebras vex.
            10-22 22:19 myapp.area2  WARNING  Jail zesty vixen who grabbed pay from quack.
            10-22 22:19 myapp.area2  ERROR    The five boxing wizards jump quickly.

            """, h.Read("myapp.log"));
    }

    /// <summary>The cookbook's ConnInfo: a dict-like object whose values are chosen when a record is made.</summary>
    private sealed class ConnInfo(Queue<string> ips, Queue<string> users) : IReadOnlyDictionary<string, object?>
    {
        public object? this[string key] => key switch { "ip" => ips.Dequeue(), "user" => users.Dequeue(), _ => "?" };
        public IEnumerable<string> Keys => ["ip", "user"];
        public IEnumerable<object?> Values => Keys.Select(k => this[k]);
        public int Count => 2;
        public bool ContainsKey(string key) => key is "ip" or "user";
        public bool TryGetValue(string key, out object? value) { value = this[key]; return true; }
        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() =>
            Keys.Select(k => new KeyValuePair<string, object?>(k, this[k])).GetEnumerator();
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    private const string ContextFormat = "%(asctime)-15s %(name)-5s %(levelname)-8s IP: %(ip)-15s User: %(user)-8s %(message)s";

    [Fact]
    public void Using_LoggerAdapters_to_impart_contextual_information()
    {
        using var h = new Harness("2008-01-18 14:49:54,023");
        var logging = h.Manager;
        var a1 = new LoggerAdapter(logging.GetLogger("a.b.c"), new Dictionary<string, object?> { ["ip"] = "123.231.231.123", ["user"] = "sheila" });
        logging.BasicConfig(level: Levels.Debug, format: ContextFormat);
        a1.Debug("A debug message");
        a1.Info("An info message with %s", "some parameters");
        var a2 = new LoggerAdapter(logging.GetLogger("d.e.f"),
            new ConnInfo(new(["192.168.0.1", "192.168.0.1", "127.0.0.1"]), new(["jim", "jim", "fred"])));
        int[] levels = [Levels.Critical, Levels.Info, Levels.Error];
        foreach (var lvl in levels)
        {
            var lvlname = Logging.GetLevelName(lvl);
            a2.Log(lvl, "A message at %s level with %d %s", lvlname, 2, "parameters");
        }
        Assert.Equal("""
            2008-01-18 14:49:54,023 a.b.c DEBUG    IP: 123.231.231.123 User: sheila   A debug message
            2008-01-18 14:49:54,023 a.b.c INFO     IP: 123.231.231.123 User: sheila   An info message with some parameters
            2008-01-18 14:49:54,023 d.e.f CRITICAL IP: 192.168.0.1     User: jim      A message at CRITICAL level with 2 parameters
            2008-01-18 14:49:54,023 d.e.f INFO     IP: 192.168.0.1     User: jim      A message at INFO level with 2 parameters
            2008-01-18 14:49:54,023 d.e.f ERROR    IP: 127.0.0.1       User: fred     A message at ERROR level with 2 parameters

            """, h.Stderr.ToString());
    }

    private sealed class PrefixAdapter(Logger logger, IReadOnlyDictionary<string, object?> extra) : LoggerAdapter(logger, extra)
    {
        public override (string Msg, IReadOnlyDictionary<string, object?>? Extra) Process(string msg, IReadOnlyDictionary<string, object?>? extra) =>
            ($"[{Extra!["connid"]}] {msg}", extra);
    }

    [Fact]
    public void A_LoggerAdapter_subclass_can_rewrite_the_message()
    {
        using var h = new Harness();
        h.Manager.BasicConfig(format: "%(message)s");
        var adapter = new PrefixAdapter(h.Manager.GetLogger("conn"), new Dictionary<string, object?> { ["connid"] = 42 });
        adapter.Warning("closed after %d s", 3);
        Assert.Equal("[42] closed after 3 s\n", h.Stderr.ToString());
    }

    [Fact]
    public void LoggerAdapter_merge_extra_keeps_call_values_over_adapter_values()
    {
        using var h = new Harness();
        h.Manager.BasicConfig(format: "%(a)s %(b)s %(message)s");
        var adapter = new LoggerAdapter(h.Manager.GetLogger("m"), new Dictionary<string, object?> { ["a"] = 1, ["b"] = 2 }, mergeExtra: true);
        adapter.Warning("x", extra: new Dictionary<string, object?> { ["b"] = 3 });
        Assert.Equal("1 3 x\n", h.Stderr.ToString());
    }

    /// <summary>The cookbook's ContextFilter, drawing from fixed sequences instead of random.choice.</summary>
    private sealed class ContextFilter(Queue<string> ips, Queue<string> users) : Filter
    {
        public override FilterResult Apply(LogRecord record) =>
            FilterResult.NewReplace(record.WithExtra("ip", ips.Dequeue()).WithExtra("user", users.Dequeue()));
    }

    [Fact]
    public void Using_Filters_to_impart_contextual_information()
    {
        using var h = new Harness("2010-09-06 22:38:15,292");
        var logging = h.Manager;
        logging.BasicConfig(level: Levels.Debug, format: ContextFormat);
        var a1 = logging.GetLogger("a.b.c");
        var a2 = logging.GetLogger("d.e.f");
        var f = new ContextFilter(new(["123.231.231.123", "192.168.0.1", "127.0.0.1", "127.0.0.1", "127.0.0.1"]),
            new(["fred", "sheila", "sheila", "jim", "sheila"]));
        a1.AddFilter(f);
        a2.AddFilter(f);
        a1.Debug("A debug message");
        h.At("2010-09-06 22:38:15,300");
        a1.Info("An info message with %s", "some parameters");
        int[] levels = [Levels.Critical, Levels.Error, Levels.Debug];
        foreach (var lvl in levels)
            a2.Log(lvl, "A message at %s level with %d %s", Logging.GetLevelName(lvl), 2, "parameters");
        Assert.Equal("""
            2010-09-06 22:38:15,292 a.b.c DEBUG    IP: 123.231.231.123 User: fred     A debug message
            2010-09-06 22:38:15,300 a.b.c INFO     IP: 192.168.0.1     User: sheila   An info message with some parameters
            2010-09-06 22:38:15,300 d.e.f CRITICAL IP: 127.0.0.1       User: sheila   A message at CRITICAL level with 2 parameters
            2010-09-06 22:38:15,300 d.e.f ERROR    IP: 127.0.0.1       User: jim      A message at ERROR level with 2 parameters
            2010-09-06 22:38:15,300 d.e.f DEBUG    IP: 127.0.0.1       User: sheila   A message at DEBUG level with 2 parameters

            """, h.Stderr.ToString());
    }
}
