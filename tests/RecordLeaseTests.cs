using FuncLog.Tests.Support;

namespace FuncLog.Tests;

/// <summary>
/// A logging call whose handlers all keep nothing of a record (FuncLog's file, stream, network and queue
/// handlers with FuncLog formatters, no filters) reuses one record per thread. Nothing that may keep a record
/// ever sees the reused one: these tests hold on to records through every door and check they never change.
/// </summary>
public class RecordLeaseTests
{
    /// <summary>A StreamHandler subclass that keeps what it is given (a user type: not transient).</summary>
    private sealed class KeepingStreamHandler(TextWriter w) : StreamHandler(w)
    {
        public readonly List<LogRecord> Kept = [];
        public override void Emit(LogRecord record) { Kept.Add(record); base.Emit(record); }
    }

    /// <summary>A Formatter subclass that keeps what it formats.</summary>
    private sealed class KeepingFormatter() : Formatter("%(message)s")
    {
        public readonly List<LogRecord> Kept = [];
        public override string Format(LogRecord record) { Kept.Add(record); return base.Format(record); }
    }

    /// <summary>A writer that fails on the record whose text contains "fail".</summary>
    private sealed class FailingOnWriter : StringWriter
    {
        public override void Write(string? value)
        {
            if (value is not null && value.Contains("fail")) throw new IOException("disk full");
            base.Write(value);
        }
    }

    private static void AssertRecord(LogRecord r, string message, int level, string name)
    {
        Assert.Equal(message, r.GetMessage());
        Assert.Equal(level, r.LevelNo);
        Assert.Equal(name, r.Name);
    }

    [Fact]
    public void Records_kept_by_a_user_handler_beside_a_file_handler_never_change()
    {
        using var h = new Harness();
        var log = h.Manager.GetLogger("app");
        var keeper = new CollectingHandler();
        log.AddHandler(new FileHandler(h.PathOf("a.log")));
        log.AddHandler(keeper);
        log.Warning("first %d", 1);
        log.Error("second %s", "two");
        AssertRecord(keeper.Records[0], "first 1", Levels.Warning, "app");
        AssertRecord(keeper.Records[1], "second two", Levels.Error, "app");
        Assert.NotSame(keeper.Records[0], keeper.Records[1]);
    }

    [Fact]
    public void Subclasses_of_FuncLog_handlers_and_formatters_get_records_of_their_own()
    {
        using var h = new Harness();
        var log = h.Manager.GetLogger("app");
        var w = new StringWriter();
        var keeping = new KeepingStreamHandler(w);
        var plain = new StreamHandler(new StringWriter());
        var formatter = new KeepingFormatter();
        plain.SetFormatter(formatter);
        log.AddHandler(keeping);
        log.Warning("one");
        log.Warning("two");
        log.RemoveHandler(keeping);
        log.AddHandler(plain);
        log.Warning("three");
        log.Warning("four");
        Assert.Equal(["one", "two"], keeping.Kept.Select(r => r.GetMessage()));
        Assert.Equal(["three", "four"], formatter.Kept.Select(r => r.GetMessage()));
        Assert.Equal("one\ntwo\n", w.ToString());
    }

    [Fact]
    public void A_failing_transient_handler_reports_a_record_that_stays_as_it_was()
    {
        using var h = new Harness();
        var log = h.Manager.GetLogger("app");
        var policy = new CountingErrorPolicy();
        var sh = new StreamHandler(new FailingOnWriter()) { ErrorPolicy = policy };
        log.AddHandler(sh);
        log.Warning("this will fail %d", 7);
        log.Error("this goes through");
        log.Critical("and this too");
        var reported = Assert.Single(policy.Errors);
        AssertRecord(reported.Record, "this will fail 7", Levels.Warning, "app");
        Assert.IsType<IOException>(reported.Error);
    }

    [Fact]
    public void A_filter_or_a_filtering_handler_makes_the_call_use_a_record_of_its_own()
    {
        using var h = new Harness();
        var log = h.Manager.GetLogger("app");
        var seenByLoggerFilter = new List<LogRecord>();
        var seenByHandlerFilter = new List<LogRecord>();
        var sh = new StreamHandler(new StringWriter());
        log.AddHandler(sh);
        var f = log.AddFilter(r => { seenByLoggerFilter.Add(r); return true; });
        log.Warning("a");
        log.Warning("b");
        log.RemoveFilter(f);
        sh.AddFilter(r => { seenByHandlerFilter.Add(r); return true; });
        log.Warning("c");
        log.Warning("d");
        Assert.Equal(["a", "b"], seenByLoggerFilter.Select(r => r.GetMessage()));
        Assert.Equal(["c", "d"], seenByHandlerFilter.Select(r => r.GetMessage()));
    }

    [Fact]
    public void A_record_logged_while_a_handler_writes_the_lent_record_is_a_record_of_its_own()
    {
        using var h = new Harness();
        var log = h.Manager.GetLogger("app");
        var inner = h.Manager.GetLogger("inner");
        var innerKeeper = new CollectingHandler();
        inner.AddHandler(innerKeeper);
        inner.Propagate = false;
        var outer = new StringWriter();
        var nesting = new NestingWriter(outer, () => inner.Warning("nested while writing"));
        log.AddHandler(new StreamHandler(nesting));
        log.Warning("outer %s", "text");
        Assert.Equal("outer text\n", outer.ToString());
        AssertRecord(Assert.Single(innerKeeper.Records), "nested while writing", Levels.Warning, "inner");
    }

    private sealed class NestingWriter(StringWriter to, Action during) : TextWriter
    {
        public override System.Text.Encoding Encoding => to.Encoding;
        public override void Write(string? value) { during(); to.Write(value); }
        public override void Write(char value) => to.Write(value);
    }

    [Fact]
    public void Records_a_QueueHandler_passes_on_are_copies_that_never_change()
    {
        using var h = new Harness();
        var log = h.Manager.GetLogger("app");
        var queue = new LogQueue();
        log.AddHandler(new QueueHandler(queue));
        log.Warning("queued %d", 1);
        log.Error("queued %d", 2);
        var first = queue.TryTake(TimeSpan.Zero).Value;
        var second = queue.TryTake(TimeSpan.Zero).Value;
        AssertRecord(first, "queued 1", Levels.Warning, "app");
        AssertRecord(second, "queued 2", Levels.Error, "app");
    }

    [Fact]
    public void An_enabled_call_to_a_buffered_file_handler_allocates_nothing()
    {
        using var h = new Harness();
        var log = h.Manager.GetLogger("app.module");
        var fh = new FileHandler(h.PathOf("lean.log"), bufferSize: 1 << 16);
        fh.SetFormatter(new Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"));
        log.AddHandler(fh);
        log.Propagate = false;
        for (var i = 0; i < 200; i++) log.Warning("warm up"); // thread caches, buffers
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++) log.Warning("request served");
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        fh.Close();
        Assert.Equal(0, allocated);
        Assert.Equal(1200, File.ReadAllLines(h.PathOf("lean.log")).Length);
    }

    [Fact]
    public void ToString_is_Pythons_repr()
    {
        // CPython 3.13: repr(logging.makeLogRecord({'name': 'a.b', 'levelno': 20, 'pathname': '/x/y.py',
        // 'lineno': 7, 'msg': 'hi %s'})) == '<LogRecord: a.b, 20, /x/y.py, 7, "hi %s">'
        var r = LogRecord.Create("a.b", Levels.Info, "hi %s", ["there"]);
        Assert.Equal("<LogRecord: a.b, 20, , 0, \"hi %s\">", r.ToString());
    }
}
