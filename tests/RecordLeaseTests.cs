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
        var adapter = new LoggerAdapter(log, new Dictionary<string, object?> { ["user"] = "sheila" });
        void Calls(int n)
        {
            for (var i = 0; i < n; i++) log.Warning("request served");
            for (var i = 0; i < n; i++) adapter.Warning("adapted %s %d", "call", i);
            for (var i = 0; i < n; i++) log.Warning("request %s took %d ms", "GET /index.html", i);   // typed arguments
            for (var i = 0; i < n; i++) log.Warning("%s %s %d %d", "a", "b", (long)i, i);
        }
        Calls(200); // thread caches, buffers, argument packs, parsed templates
        var before = GC.GetAllocatedBytesForCurrentThread();
        Calls(1000);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        fh.Close();
        Assert.Equal(0, allocated);
        var lines = File.ReadAllLines(h.PathOf("lean.log"));
        Assert.Equal(4800, lines.Length);
        Assert.EndsWith("WARNING adapted call 999", lines[2799]);
        Assert.EndsWith("WARNING request GET /index.html took 999 ms", lines[3799]);
        Assert.EndsWith("WARNING a b 999 999", lines[4799]);
    }

    [Fact]
    public void ToString_is_Pythons_repr()
    {
        // CPython 3.13: repr(logging.makeLogRecord({'name': 'a.b', 'levelno': 20, 'pathname': '/x/y.py',
        // 'lineno': 7, 'msg': 'hi %s'})) == '<LogRecord: a.b, 20, /x/y.py, 7, "hi %s">'
        var r = LogRecord.Create("a.b", Levels.Info, "hi %s", ["there"]);
        Assert.Equal("<LogRecord: a.b, 20, , 0, \"hi %s\">", r.ToString());
    }

    private enum Colour { Red, Green }

    /// <summary>
    /// The same calls through a transient chain (a lent record, typed arguments) and through a handler that
    /// keeps records (an ordinary record, boxed arguments) give the same text, for every kind of argument the
    /// typed fast path takes or hands on to the general renderer.
    /// </summary>
    [Fact]
    public void Typed_arguments_format_as_boxed_ones_do()
    {
        using var h = new Harness();
        var lent = h.Manager.GetLogger("lent");
        var kept = h.Manager.GetLogger("kept");
        var w = new StringWriter();
        var fmt = new Formatter("%(levelname)s %(message)s");
        var sh = new StreamHandler(w);
        sh.SetFormatter(fmt);
        lent.AddHandler(sh);
        var keeper = new CollectingHandler();
        keeper.SetFormatter(fmt);
        kept.AddHandler(keeper);
        lent.Propagate = kept.Propagate = false;
        foreach (var log in new[] { lent, kept })
        {
            log.Warning("int %d and %s, long %d", -42, int.MinValue, long.MaxValue);
            log.Warning("string %s, null %s, empty '%s'", "text", (string?)null, "");
            log.Warning("bool %s %d, double %s, short %d", true, false, 0.1, (short)7);
            log.Warning("enum %s, uint %d, char %s", Colour.Green, 4000000000u, 'c');
            log.Warning("boxed %s %d", (object)5, (object)"five");         // %d of a string: an error, reported
            log.Warning("repr %r, width %5d, hex %x", "q", 12, 255);
            log.Warning("%(user)s logged in", new Dictionary<string, object?> { ["user"] = "sheila" });
            log.Warning("too many %s", "a", "b");                          // not all arguments converted
            log.Warning("astral %s", "\U0001F600 ok");
        }
        var lentLines = w.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(keeper.Lines, lentLines);
        Assert.Equal(7, lentLines.Length); // the two failing calls are reported, not written
        Assert.Equal("WARNING int -42 and -2147483648, long 9223372036854775807", lentLines[0]);
        Assert.Equal("WARNING bool True 0, double 0.1, short 7", lentLines[2]);
    }

    [Fact]
    public void A_reported_record_keeps_its_typed_arguments_boxed()
    {
        using var h = new Harness();
        var log = h.Manager.GetLogger("app");
        var policy = new CountingErrorPolicy();
        log.AddHandler(new StreamHandler(new FailingOnWriter()) { ErrorPolicy = policy });
        log.Warning("fail %s %d", "here", 3);
        log.Warning("then %s %d", "this", 4);
        var r = Assert.Single(policy.Errors).Record;
        Assert.Equal(new object?[] { "here", 3 }, r.Args);
        Assert.Equal("fail here 3", r.GetMessage());
    }

    [Fact]
    public void A_call_made_while_handlers_format_a_lent_record_does_not_touch_its_arguments()
    {
        using var h = new Harness();
        var log = h.Manager.GetLogger("app");
        var inner = h.Manager.GetLogger("inner");
        inner.AddHandler(new StreamHandler(new StringWriter()));
        inner.Propagate = false;
        // the first handler logs (same argument types) while writing; the second formats the outer record after
        var first = new StringWriter();
        var second = new StringWriter();
        log.AddHandler(new StreamHandler(new NestingWriter(first, () => inner.Warning("nested %s %d", "inner", 2))));
        log.AddHandler(new StreamHandler(second));
        log.Warning("outer %s %d", "outer", 1);
        Assert.Equal("outer outer 1\n", first.ToString());
        Assert.Equal("outer outer 1\n", second.ToString());
    }

    /// <summary>
    /// A generated corpus: 3,000 calls with one to three arguments of mixed types and templates of %s, %d, %i,
    /// %r, %x, widths and stray literals, through a lent record and through a kept one: the same text, and the
    /// same calls reported as failures.
    /// </summary>
    [Fact]
    public void Typed_and_boxed_arguments_agree_on_a_generated_corpus()
    {
        using var h = new Harness();
        var lent = h.Manager.GetLogger("lent");
        var kept = h.Manager.GetLogger("kept");
        var w = new StringWriter();
        var lentErrors = new CountingErrorPolicy();
        var keptErrors = new CountingErrorPolicy();
        var sh = new StreamHandler(w) { ErrorPolicy = lentErrors, Terminator = "\u0001" };
        lent.AddHandler(sh);
        var keeper = new CollectingHandler { ErrorPolicy = keptErrors };
        kept.AddHandler(keeper);
        lent.Propagate = kept.Propagate = false;
        var rng = new Random(1905);
        string[] convs = ["%s", "%d", "%i", "%r", "%x", "%5s", "%-3d", "%%", "%"];
        Func<object?>[] values =
        [
            () => rng.Next(int.MinValue, int.MaxValue), () => (long)rng.NextInt64(), () => "s" + rng.Next(100),
            () => null, () => rng.Next(2) == 0, () => rng.NextDouble() * 1e6, () => (short)rng.Next(-300, 300),
            () => (object)rng.Next(10), () => "\U0001F600", () => "", () => 'x', () => (byte)rng.Next(256),
        ];
        for (var i = 0; i < 3000; i++)
        {
            var n = rng.Next(1, 4);
            var template = "t" + i;
            for (var k = 0; k < rng.Next(0, 5); k++) template += " " + convs[rng.Next(convs.Length)];
            var a = Enumerable.Range(0, n).Select(_ => values[rng.Next(values.Length)]()).ToArray();
            foreach (var log in new[] { lent, kept }) Typed(a[0], new Sink1(log, template, a[1..]));
        }
        Assert.Equal(keeper.Lines, w.ToString().Split('\u0001', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(keptErrors.Errors.Select(e => e.Record.Msg), lentErrors.Errors.Select(e => e.Record.Msg));
        Assert.InRange(keeper.Lines.Count, 300, 2900); // both outcomes are well represented
    }

    // through the generic level methods, each argument in the static type it has (int, long, string, else
    // object), as a caller's code would pass it
    private interface ISink { void Take<T>(T value); }

    private static void Typed(object? v, ISink sink)
    {
        switch (v)
        {
            case int i: sink.Take(i); break;
            case long l: sink.Take(l); break;
            case string s: sink.Take(s); break;
            default: sink.Take(v); break;
        }
    }

    private sealed class Sink1(Logger log, string t, object?[] rest) : ISink
    {
        public void Take<A>(A a)
        {
            if (rest.Length == 0) log.Warning(t, a);
            else Typed(rest[0], new Sink2<A>(log, t, a, rest[1..]));
        }
    }

    private sealed class Sink2<A>(Logger log, string t, A a, object?[] rest) : ISink
    {
        public void Take<B>(B b)
        {
            if (rest.Length == 0) log.Warning(t, a, b);
            else Typed(rest[0], new Sink3<A, B>(log, t, a, b));
        }
    }

    private sealed class Sink3<A, B>(Logger log, string t, A a, B b) : ISink
    {
        public void Take<C>(C c) => log.Warning(t, a, b, c);
    }

    /// <summary>A user handler that declares itself transient (it keeps the records only to show they are lent).</summary>
    private class DeclaringHandler : Handler
    {
        public readonly List<LogRecord> Seen = [];
        public readonly List<string> Lines = [];
        public DeclaringHandler() => DeclareTransient(typeof(DeclaringHandler));
        public override void Emit(LogRecord record) { Seen.Add(record); Lines.Add(Format(record)); }
    }

    private sealed class UndeclaredSubclass : DeclaringHandler;

    [Fact]
    public void A_user_handler_that_declares_itself_transient_is_lent_one_record_and_its_subclass_is_not()
    {
        using var h = new Harness();
        var log = h.Manager.GetLogger("app");
        var declaring = new DeclaringHandler();
        log.AddHandler(declaring);
        log.Warning("a %d", 1);
        log.Warning("b %d", 2);
        log.RemoveHandler(declaring);
        var sub = new UndeclaredSubclass();
        log.AddHandler(sub);
        log.Warning("c %d", 3);
        log.Warning("d %d", 4);
        Assert.Equal(["a 1", "b 2"], declaring.Lines);
        Assert.Same(declaring.Seen[0], declaring.Seen[1]);       // one record, lent twice
        Assert.Equal(["c 3", "d 4"], sub.Seen.Select(r => r.GetMessage()));
        Assert.NotSame(sub.Seen[0], sub.Seen[1]);
    }

    [Fact]
    public void A_lent_record_reads_extra_in_place_and_a_kept_copy_takes_its_values()
    {
        using var h = new Harness();
        var log = h.Manager.GetLogger("app");
        var policy = new CountingErrorPolicy();
        var w = new FailingOnWriter();
        var sh = new StreamHandler(w) { ErrorPolicy = policy };
        sh.SetFormatter(new Formatter("%(user)s %(message)s"));
        log.AddHandler(sh);
        var extra = new Dictionary<string, object?> { ["user"] = "sheila" };
        log.Warning("ok", extra: extra);
        log.Warning("fail", extra: extra);
        extra["user"] = "bruce";                                   // the caller reuses its dictionary
        log.Warning("ok again", extra: extra);
        Assert.Equal("sheila ok\nbruce ok again\n", w.ToString());
        Assert.Equal("sheila", Assert.Single(policy.Errors).Record.Extra["user"]);
        var clash = Assert.Throws<ArgumentException>(() => log.Warning("x", extra: new Dictionary<string, object?> { ["message"] = 1 }));
        Assert.Contains("Attempt to overwrite 'message' in LogRecord", clash.Message);
    }

    [Fact]
    public void A_listener_reuses_the_queues_copies_only_when_its_handlers_keep_nothing()
    {
        using var h = new Harness();
        var log = h.Manager.GetLogger("app");
        log.Propagate = false;
        var queue = new LogQueue();
        var written = new StringWriter();
        var keeper = new CollectingHandler();
        var policy = new CountingErrorPolicy();
        var failing = new StreamHandler(new FailingOnWriter()) { ErrorPolicy = policy };
        // first only transient handlers (copies reused), then a keeping handler joins (copies kept)
        var transientListener = new QueueListener(queue, new StreamHandler(written), failing);
        var qh = new QueueHandler(queue, transientListener);
        log.AddHandler(qh);
        transientListener.Start();
        for (var i = 0; i < 2000; i++) log.Warning(i == 7 ? "fail %d" : "record %d", i);
        transientListener.Stop();
        var keepingListener = new QueueListener(queue, new StreamHandler(written), keeper).Start();
        for (var i = 2000; i < 2100; i++) log.Warning("record %d", i);
        keepingListener.Stop();
        var lines = written.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Enumerable.Range(0, 2100).Select(i => (i == 7 ? "fail " : "record ") + i), lines);
        Assert.Equal("fail 7", Assert.Single(policy.Errors).Record.GetMessage());   // a copy, kept as it was
        Assert.Equal(Enumerable.Range(2000, 100).Select(i => "record " + i), keeper.Records.Select(r => r.GetMessage()));
        Assert.Equal(100, keeper.Records.Distinct().Count());
    }

    [Fact]
    public void A_reused_queue_copy_formats_as_a_string_message_does_for_text_and_json()
    {
        using var h = new Harness();
        var direct = h.Manager.GetLogger("direct");
        var queued = h.Manager.GetLogger("queued");
        direct.Propagate = queued.Propagate = false;
        var layouts = new Func<Formatter>[]
        {
            () => new Formatter("%(levelname)s %(message)s|%(message)-30s|"),
            () => new JsonFormatter("%(levelname)s %(message)s"),
        };
        foreach (var make in layouts)
        {
            var a = new StringWriter();
            var b = new StringWriter();
            var da = new StreamHandler(a);
            da.SetFormatter(make());
            var qb = new StreamHandler(b);
            qb.SetFormatter(make());
            direct.AddHandler(da);
            var queue = new LogQueue();
            var listener = new QueueListener(queue, qb).Start();
            var qh = new QueueHandler(queue, listener);
            queued.AddHandler(qh);
            foreach (var log in new[] { direct, queued })
                for (var i = 0; i < 300; i++)
                    if (i % 3 == 0) log.Warning("q\"uote %s", "x"); else log.Warning("\U0001F600 %d é", i);
            qh.Close();
            direct.RemoveHandler(da);
            queued.RemoveHandler(qh);
            Assert.Equal(a.ToString(), b.ToString());
            Assert.Equal(300, b.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        }
    }

    private sealed class ThrowingAdapter(Logger logger) : LoggerAdapter(logger, null)
    {
        public bool Throw;
        public override (string Msg, IReadOnlyDictionary<string, object?>? Extra) Process(string msg, IReadOnlyDictionary<string, object?>? extra) =>
            Throw ? throw new InvalidOperationException("process failed") : (msg, extra);
    }

    [Fact]
    public void An_adapter_whose_Process_throws_leaves_the_next_calls_their_arguments()
    {
        using var h = new Harness();
        var log = h.Manager.GetLogger("app");
        var w = new StringWriter();
        log.AddHandler(new StreamHandler(w));
        var adapter = new ThrowingAdapter(log) { Throw = true };
        Assert.Throws<InvalidOperationException>(() => adapter.Warning("lost %s %d", "x", 1));
        adapter.Throw = false;
        adapter.Warning("kept %s %d", "y", 2);
        log.Warning("direct %s %d", "z", 3);
        Assert.Equal("kept y 2\ndirect z 3\n", w.ToString());
    }

    private sealed class MyColors() : ColoredFormatter("%(message)s");

    [Fact]
    public void FuncLog_formatters_keep_a_handler_transient_and_their_subclasses_do_not()
    {
        var sh = new StreamHandler(new StringWriter());
        Assert.True(sh.Transient);
        foreach (var f in new Formatter[] { new Formatter("%(message)s"), new JsonFormatter(), new ColoredFormatter() })
        {
            sh.SetFormatter(f);
            Assert.True(sh.Transient, f.GetType().Name);
        }
        sh.SetFormatter(new MyColors());
        Assert.False(sh.Transient);
        sh.SetFormatter(null!);
        sh.AddFilter(_ => true);
        Assert.False(sh.Transient);
    }
}
