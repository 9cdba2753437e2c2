using FuncLog.Tests.Support;

namespace FuncLog.Tests;

/// <summary>Levels, propagation, disable and the logger tree, as Python's logging behaves.</summary>
public class LoggerSemanticsTests
{
    private static (Harness, CollectingHandler) Setup(string fmt = "%(name)s:%(levelname)s:%(message)s")
    {
        var h = new Harness();
        var c = new CollectingHandler();
        c.SetFormatter(new Formatter(fmt));
        h.Manager.Root.AddHandler(c);
        return (h, c);
    }

    [Fact]
    public void Root_defaults_to_WARNING_and_new_loggers_to_NOTSET()
    {
        using var h = new Harness();
        Assert.Equal(Levels.Warning, h.Manager.Root.Level);
        Assert.Equal("root", h.Manager.Root.Name);
        Assert.Equal(Levels.NotSet, h.Manager.GetLogger("a").Level);
        Assert.Equal(Levels.Warning, h.Manager.GetLogger("a").GetEffectiveLevel());
        Assert.Same(h.Manager.Root, h.Manager.GetLogger("root"));
        Assert.Same(h.Manager.Root, h.Manager.GetLogger(""));
        Assert.Same(h.Manager.GetLogger("a.b"), h.Manager.GetLogger("a.b"));
        Assert.Equal(["a", "a.b"], h.Manager.Core.LoggerNames.Order());
    }

    [Fact]
    public void NOTSET_inherits_through_three_levels_created_out_of_order()
    {
        var (h, c) = Setup();
        using var _ = h;
        var abc = h.Manager.GetLogger("a.b.c"); // before its ancestors exist: placeholders
        Assert.Same(h.Manager.Root, abc.Parent);
        var a = h.Manager.GetLogger("a");
        Assert.Same(a, abc.Parent);
        a.SetLevel(Levels.Debug);
        Assert.Equal(Levels.Debug, abc.GetEffectiveLevel());
        var ab = h.Manager.GetLogger("a.b");
        Assert.Same(ab, abc.Parent);
        Assert.Same(a, ab.Parent);
        ab.SetLevel(Levels.Error);
        Assert.Equal(Levels.Error, abc.GetEffectiveLevel());
        abc.Info("dropped");
        abc.Error("kept");
        ab.SetLevel(Levels.NotSet);
        abc.Debug("now kept");
        Assert.Equal(["a.b.c:ERROR:kept", "a.b.c:DEBUG:now kept"], c.Lines);
    }

    [Fact]
    public void Names_match_on_dot_boundaries_only()
    {
        using var h = new Harness();
        var ab = h.Manager.GetLogger("a.b");
        ab.SetLevel(Levels.Debug);
        Assert.Equal(Levels.Warning, h.Manager.GetLogger("a.bc").GetEffectiveLevel());
        Assert.Equal(Levels.Debug, h.Manager.GetLogger("a.b.c").GetEffectiveLevel());
        Assert.Equal(Levels.Warning, h.Manager.GetLogger("A.B.c").GetEffectiveLevel());
    }

    [Fact]
    public void Handler_level_filters_after_logger_level()
    {
        var (h, c) = Setup();
        using var _ = h;
        var logger = h.Manager.GetLogger("app");
        logger.SetLevel(Levels.Debug);
        var errors = new CollectingHandler();
        errors.SetLevel(Levels.Error);
        logger.AddHandler(errors);
        logger.Info("info");
        logger.Error("error");
        Assert.Equal(2, c.Records.Count);
        Assert.Single(errors.Records);
    }

    [Fact]
    public void Propagate_false_stops_at_the_logger()
    {
        var (h, c) = Setup();
        using var _ = h;
        var parent = h.Manager.GetLogger("p");
        var child = h.Manager.GetLogger("p.c");
        var mid = new CollectingHandler();
        parent.AddHandler(mid);
        child.Warning("one");
        parent.Propagate = false;
        child.Warning("two");
        Assert.Equal(2, mid.Records.Count);
        Assert.Single(c.Records);
        Assert.False(parent.Propagate);
    }

    [Fact]
    public void Ancestor_levels_do_not_filter_propagated_records()
    {
        var (h, c) = Setup();
        using var _ = h;
        h.Manager.Root.SetLevel(Levels.Critical);
        var child = h.Manager.GetLogger("child");
        child.SetLevel(Levels.Debug);
        child.Debug("reaches the root's handler");
        Assert.Single(c.Records);
    }

    [Fact]
    public void Disable_suppresses_everything_at_or_below_the_level()
    {
        var (h, c) = Setup();
        using var _ = h;
        var logger = h.Manager.GetLogger("d");
        h.Manager.Disable(Levels.Error);
        logger.Error("no");
        logger.Critical("yes");
        Assert.False(logger.IsEnabledFor(Levels.Error));
        Assert.Equal(Levels.Error, h.Manager.Core.DisableLevel);
        h.Manager.Disable(Levels.NotSet);
        logger.Error("yes again");
        Assert.Equal(["d:CRITICAL:yes", "d:ERROR:yes again"], c.Lines);
    }

    [Fact]
    public void A_disabled_logger_creates_no_records()
    {
        var (h, c) = Setup();
        using var _ = h;
        var logger = h.Manager.GetLogger("off");
        logger.Disabled = true;
        logger.Critical("no");
        Assert.False(logger.IsEnabledFor(Levels.Critical));
        logger.Disabled = false;
        logger.Critical("yes");
        Assert.Single(c.Records);
    }

    [Fact]
    public void Logger_filters_apply_only_to_records_of_that_logger()
    {
        var (h, c) = Setup();
        using var _ = h;
        var parent = h.Manager.GetLogger("f");
        var child = h.Manager.GetLogger("f.child");
        var reject = parent.AddFilter(_ => false);
        parent.Warning("filtered");
        child.Warning("passes: ancestor filters are not consulted");
        parent.RemoveFilter(reject);
        parent.Warning("passes");
        Assert.Equal(["f.child:WARNING:passes: ancestor filters are not consulted", "f:WARNING:passes"], c.Lines);
    }

    [Fact]
    public void A_replacing_filter_on_a_handler_changes_only_what_that_handler_sees()
    {
        var (h, c) = Setup("%(message)s %(tag)s");
        using var _ = h;
        var other = new CollectingHandler();
        other.SetFormatter(new Formatter("%(message)s"));
        h.Manager.Root.AddHandler(other);
        c.AddFilter(Filter.FromFunction(r => r.WithExtra("tag", "[tagged]")));
        h.Manager.Root.Warning("m");
        Assert.Equal(["m [tagged]"], c.Lines);
        Assert.Equal(["m"], other.Lines);
        Assert.False(other.Records[0].Extra.ContainsKey("tag"));
    }

    [Fact]
    public void Name_filter_follows_Pythons_rule()
    {
        LogRecord R(string name) => LogRecord.Create(name, Levels.Info, "m");
        var f = new Filter("a.b");
        Assert.Equal(FilterResult.Pass, f.Apply(R("a.b")));
        Assert.Equal(FilterResult.Pass, f.Apply(R("a.b.c")));
        Assert.Equal(FilterResult.Reject, f.Apply(R("a.bc")));
        Assert.Equal(FilterResult.Reject, f.Apply(R("a")));
        Assert.Equal(FilterResult.Pass, new Filter("").Apply(R("anything")));
        Assert.Equal(FilterResult.Pass, new Filter().Apply(R("")));
    }

    [Fact]
    public void GetChild_HasHandlers_and_handler_lists()
    {
        using var h = new Harness();
        var app = h.Manager.GetLogger("app");
        var db = app.GetChild("db");
        Assert.Equal("app.db", db.Name);
        Assert.Same(h.Manager.GetLogger("app"), h.Manager.Root.GetChild("app"));
        Assert.False(db.HasHandlers());
        var hd = new NullHandler();
        app.AddHandler(hd);
        app.AddHandler(hd);
        Assert.Single(app.Handlers);
        Assert.True(db.HasHandlers());
        app.Propagate = false;
        db.Propagate = false;
        Assert.False(db.HasHandlers());
        app.RemoveHandler(hd);
        Assert.Empty(app.Handlers);
    }

    [Fact]
    public void Extra_values_reach_the_formatter_and_may_not_overwrite_record_attributes()
    {
        var (h, c) = Setup("%(message)s user=%(user)s");
        using var _ = h;
        h.Manager.Root.Warning("login", extra: new Dictionary<string, object?> { ["user"] = "ann" });
        Assert.Equal(["login user=ann"], c.Lines);
        var e = Assert.Throws<ArgumentException>(() =>
            h.Manager.Root.Warning("x", extra: new Dictionary<string, object?> { ["message"] = "no" }));
        Assert.StartsWith("Attempt to overwrite 'message' in LogRecord", e.Message);
    }

    [Fact]
    public void Exceptions_and_stack_info_are_appended_as_Python_does()
    {
        var (h, c) = Setup("%(levelname)s %(message)s");
        using var _ = h;
        var logger = h.Manager.GetLogger("exc");
        try { throw new InvalidOperationException("boom"); }
        catch (InvalidOperationException e) { logger.Exception(e, "failed %d", 1); }
        logger.Warning("with stack", stackInfo: true);
        Assert.StartsWith("ERROR failed 1\nSystem.InvalidOperationException: boom\n", c.Lines[0]);
        Assert.StartsWith("WARNING with stack\nStack (most recent call last):\n  File \"", c.Lines[1]);
        Assert.Contains("Exceptions_and_stack_info_are_appended_as_Python_does", c.Lines[1]);
        Assert.False(c.Lines[1].EndsWith('\n'));
    }

    [Fact]
    public void Caller_information_comes_from_the_call_site()
    {
        var (h, c) = Setup("%(filename)s:%(lineno)d %(funcName)s %(module)s");
        using var _ = h;
        h.Manager.Root.Warning("where"); var line = GetLine();
        Assert.Equal($"LoggerSemanticsTests.cs:{line} Caller_information_comes_from_the_call_site LoggerSemanticsTests", c.Lines[0]);
        Helper(h.Manager.Root); var helperLine = GetLine();
        // stackLevel: 2 reports the caller of Helper, as Python's stacklevel does
        Assert.Equal($"LoggerSemanticsTests.cs:{helperLine} Caller_information_comes_from_the_call_site LoggerSemanticsTests", c.Lines[1]);
    }

    private static void Helper(Logger l) => l.Warning("from helper", stackLevel: 2);
    private static int GetLine([System.Runtime.CompilerServices.CallerLineNumber] int line = 0) => line;

    [Fact]
    public void Record_times_come_from_the_managers_clock()
    {
        var (h, c) = Setup("%(asctime)s %(relativeCreated)d %(created)f");
        using var _ = h;
        h.Clock.Advance(TimeSpan.FromMilliseconds(250));
        h.Manager.Root.Warning("t");
        Assert.Equal("2010-12-12 11:41:42,862 250 1292154102.862000", c.Lines[0]);
        h.Manager.TimeProvider = new ManualTimeProvider(Harness.Parse("2020-01-01 00:00:00,000"));
        h.Manager.Root.Warning("t");
        Assert.Equal("2020-01-01 00:00:00,000 0 1577836800.000000", c.Lines[1]);
    }

    [Fact]
    public void Threads_log_every_record_exactly_once()
    {
        var (h, c) = Setup("%(message)s");
        using var _ = h;
        var logger = h.Manager.GetLogger("mt");
        var threads = Enumerable.Range(0, 4).Select(t => new Thread(() =>
        {
            for (var i = 0; i < 2000; i++) logger.Warning("%d-%d", t, i);
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.Equal(8000, c.Lines.Distinct().Count());
        Assert.Equal(8000, c.Lines.Count);
    }

    [Fact]
    public void A_disabled_call_allocates_nothing()
    {
        using var h = new Harness();
        var logger = h.Manager.GetLogger("quiet.deep.logger");
        h.Manager.GetLogger("quiet").SetLevel(Levels.Warning);
        for (var i = 0; i < 100; i++) logger.Debug("x %d %s", i, "s"); // warm up
        h.Manager.BasicConfig(stream: TextWriter.Null);
        h.Manager.Debug("warm %d", 1);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++) logger.Debug("x %d %s", i, "s");
        for (var i = 0; i < 1000; i++) h.Manager.Debug("module-level %d", i); // root at WARNING
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
