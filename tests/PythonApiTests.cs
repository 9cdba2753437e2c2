using FuncLog.Tests.Support;

namespace FuncLog.Tests;

/// <summary>
/// The API of Python 3.11-3.13 that FuncLog mirrors, answer for answer against Golden/api.txt (recorded by
/// Golden/record_api.py from CPython 3.13): getLevelName with a name, basicConfig(level=name), getChildren,
/// getHandlerByName/getHandlerNames, LoggerAdapter.manager, messages that are not strings at every level method,
/// and dictConfig's QueueHandler 'listener' key.
/// </summary>
[Collection("process state")]
public class PythonApiTests
{
    private static string Repr(object? v) => PyValue.repr(v);

    private static string Attempt(Func<object?> f)
    {
        try { return Repr(f()); }
        catch (ArgumentException e) when (e.Message.StartsWith("Unknown level")) { return "ValueError: " + e.Message; }
        catch (ArgumentException e) { return "TypeError: " + e.Message.Split(" (Parameter")[0]; }
    }

    private static string Sorted(IEnumerable<string> names) => Repr(names.Order(StringComparer.Ordinal).ToList());

    [Fact]
    public void Every_answer_is_CPythons()
    {
        using var h = new Harness();
        var m = h.Manager;
        var lines = new List<string>();
        void Say(params string[] parts) => lines.Add(string.Join(" ", parts));

        Say("getLevelName INFO", Repr(Logging.GetLevelName("INFO")));
        Say("getLevelName NOPE", Repr(Logging.GetLevelName("NOPE")));
        Say("getLevelName 20", Repr(Logging.GetLevelName(20)));
        Logging.AddLevelName(23, "AUDIT");
        Say("getLevelName AUDIT", Repr(Logging.GetLevelName("AUDIT")));

        foreach (var level in new object[] { "DEBUG", "AUDIT", 15, "NOPE", 1.5 })
            Say("basicConfig level", Repr(level), Attempt(() => { m.BasicConfig(level: level, force: true, stream: new StringWriter()); return m.Root.Level; }));

        foreach (var name in new[] { "a", "a.b", "a.b.c.d", "x.y", "a.e" }) m.GetLogger(name);
        foreach (var name in new[] { "", "a", "a.b", "a.b.c", "x" })
            Say("getChildren", Repr(name), Sorted(m.GetLogger(name).GetChildren().Select(l => l.Name)));

        m.DictConfigJson("""
            {"version": 1, "handlers": {
              "console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"},
              "quiet": {"class": "logging.NullHandler"},
              "queued": {"class": "logging.handlers.QueueHandler", "handlers": ["console"], "listener": "logging.handlers.QueueListener"}},
             "root": {"handlers": ["quiet"]}}
            """);
        Say("getHandlerNames", Sorted(m.GetHandlerNames()));
        Say("getHandlerByName console", m.GetHandlerByName("console")!.GetType().Name);
        var queued = (QueueHandler)m.GetHandlerByName("queued")!;
        Say("getHandlerByName queued", queued.GetType().Name, queued.Listener.GetType().Name);
        Say("getHandlerByName nope", Repr(m.GetHandlerByName("nope")));

        var adapter = new LoggerAdapter(m.GetLogger("a.b"));
        Say("adapter.manager is the logger's", Repr(ReferenceEquals(adapter.Manager, m.GetLogger("a.b").Manager)));

        m.DictConfigJson("""{"version": 1, "disable_existing_loggers": false, "root": {"level": "DEBUG"}}""");
        var s = new StringWriter();
        var sh = new StreamHandler(s);
        sh.SetFormatter(new Formatter("%(levelname)s %(message)s"));
        m.Root.AddHandler(sh);
        var log = m.GetLogger("objects");
        log.Info(new Dictionary<string, object?> { ["a"] = 1, ["b"] = new List<object?> { 1, 2.5, null } });
        log.Warning(42);
        log.Error((object?)null);
        log.Critical(new PyTuple([1, "two"]));
        var objects = new LoggerAdapter(log, new Dictionary<string, object?> { ["k"] = "v" });
        objects.Info(new List<object?> { true, false });
        objects.Warning(3.0);
        m.Info(new Dictionary<string, object?> { ["root"] = 1 });
        m.Log(23, 7);
        foreach (var line in s.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)) Say("record", line);

        Assert.Equal(File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Golden", "api.txt")), lines);
    }
}
