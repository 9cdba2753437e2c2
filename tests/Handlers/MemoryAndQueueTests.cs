using FuncLog.Tests.Support;

namespace FuncLog.Tests.Handlers;

/// <summary>MemoryHandler/BufferingHandler and QueueHandler/QueueListener, as CPython's.</summary>
public class MemoryAndQueueTests
{
    private static LogRecord R(string msg, int level = Levels.Info, params object?[] args) => LogRecord.Create("m", level, msg, args!);

    [Fact]
    public void MemoryHandler_flushes_when_full_at_flushLevel_and_at_close()
    {
        var target = new CollectingHandler();
        var m = new MemoryHandler(3, Levels.Error, target);
        m.Handle(R("a"));
        m.Handle(R("b"));
        Assert.Empty(target.Records);
        m.Handle(R("c"));                                  // full
        Assert.Equal(["a", "b", "c"], target.Records.Select(r => r.GetMessage()));
        m.Handle(R("d"));
        m.Handle(R("e", Levels.Error));                    // flushLevel
        Assert.Equal(5, target.Records.Count);
        m.Handle(R("f"));
        m.Close();                                         // flushOnClose
        Assert.Equal("f", target.Records[^1].GetMessage());
        Assert.Null(m.Target);
    }

    [Fact]
    public void MemoryHandler_without_flushOnClose_keeps_the_buffer_at_close_and_without_target_keeps_it()
    {
        var target = new CollectingHandler();
        var m = new MemoryHandler(10, Levels.Error, target, flushOnClose: false);
        m.Handle(R("kept in the buffer"));
        m.Close();
        Assert.Empty(target.Records);
        Assert.Equal(["kept in the buffer"], m.Buffer.Select(r => r.GetMessage()));   // CPython keeps the records
        Assert.Null(m.Target);

        var noTarget = new MemoryHandler(2);
        noTarget.Handle(R("x"));
        noTarget.Handle(R("y"));                           // full, but no target: CPython keeps the buffer
        Assert.Equal(2, noTarget.Buffer.Count);
        noTarget.SetTarget(target);
        noTarget.Handle(R("z"));
        Assert.Equal(["x", "y", "z"], target.Records.Select(r => r.GetMessage()));
    }

    [Fact]
    public void BufferingHandler_empties_its_buffer_when_full()
    {
        var b = new BufferingHandler(2);
        b.Handle(R("1"));
        Assert.Single(b.Buffer);
        b.Handle(R("2"));
        Assert.Empty(b.Buffer);
    }

    [Fact]
    public void QueueHandler_prepares_records_as_CPython_merged_and_cleared()
    {
        var q = new LogQueue();
        var qh = new QueueHandler(q);
        qh.SetFormatter(new Formatter("%(levelname)s:%(message)s"));
        var ex = new InvalidOperationException("boom");
        qh.Handle(LogRecord.Create("m", Levels.Error, "n=%d", [42], excInfo: ex));
        var r = q.TryTake(TimeSpan.Zero).Value;
        // the handler's format, traceback included, as CPython's prepare
        Assert.StartsWith("ERROR:n=42\nSystem.InvalidOperationException: boom", (string)r.Msg);
        Assert.Null(r.Args);                                   // None in CPython: %(args)s prints None
        Assert.Equal("None", new Formatter("%(args)s").Format(r));
        Assert.Null(r.ExcInfo);
        Assert.Null(r.ExcText);
        Assert.Null(r.StackInfo);
        Assert.Equal(r.Msg, r.GetMessage());
    }

    [Fact]
    public void QueueListener_respects_handler_levels_only_when_asked()
    {
        var q = new LogQueue();
        var low = new CollectingHandler();
        var high = new CollectingHandler();
        high.SetLevel(Levels.Error);
        var listener = new QueueListener(q, [low, high], respectHandlerLevel: true).Start();
        var qh = new QueueHandler(q, listener);
        qh.Handle(R("info"));
        qh.Handle(R("error", Levels.Error));
        qh.Close();                                            // stops the listener after draining
        Assert.Equal(2, low.Records.Count);
        Assert.Equal(["error"], high.Records.Select(r => r.GetMessage()));

        var all = new CollectingHandler();
        all.SetLevel(Levels.Error);
        var q2 = new LogQueue();
        var l2 = new QueueListener(q2, all).Start();           // not respecting levels: CPython hands every record over,
        q2.Put(R("info"));                                     // and Handler.Handle does not check the level either
        l2.Stop();
        Assert.Single(all.Records);
    }

    [Fact]
    public void Stop_wakes_a_listener_asleep_on_an_empty_queue_instead_of_waiting_out_its_idle_wait()
    {
        // the listener sleeps up to 5 s on an empty queue; Stop used to wait for the end of that sleep (then
        // 50 ms, which cost every QueueHandler.Close 50 ms). The bound is far below the idle wait, far above
        // a wake-up.
        var q = new LogQueue();
        var c = new CollectingHandler();
        for (var round = 0; round < 3; round++)
        {
            var listener = new QueueListener(q, c).Start();
            q.Put(R("r" + round));
            SpinWait.SpinUntil(() => c.Records.Count == round + 1, TimeSpan.FromSeconds(10));
            Thread.Sleep(50);                                   // the listener is asleep on the empty queue now
            var watch = System.Diagnostics.Stopwatch.StartNew();
            listener.Stop();
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2.5), $"Stop took {watch.Elapsed}");
        }
        Assert.Equal(["r0", "r1", "r2"], c.Records.Select(r => r.GetMessage()));
    }

    [Fact]
    public void A_queue_that_fills_and_drains_in_bursts_reports_each_burst_once_with_exact_counts()
    {
        var policy = new CountingErrorPolicy();
        var q = new LogQueue(capacity: 2, whenFull: QueueFullMode.Drop);
        var qh = new QueueHandler(q) { ErrorPolicy = policy };
        for (var burst = 0; burst < 2000; burst++)
        {
            for (var i = 0; i < 5; i++) qh.Handle(R("r" + i));    // 2 fit, 3 are dropped
            while (q.TryTake(TimeSpan.Zero).IsValueSome) { }        // the consumer catches up
        }
        qh.Close();
        Assert.Equal(6000, qh.DroppedCount);
        Assert.Equal(6000, q.Dropped);
        // one report at the first drop, then at most one a second, and the rest at close: not 2,000 reports
        Assert.InRange(policy.Errors.Count, 2, 10);
        var counted = policy.Errors.Skip(1).Sum(e =>
            long.Parse(System.Text.RegularExpressions.Regex.Match(e.Error.Message, @"(\d+) more records? w").Groups[1].Value));
        Assert.Equal(6000, 1 + counted);
        Assert.EndsWith("(DroppedCount 6000)", policy.Errors[^1].Error.Message);
    }

    [Fact]
    public async Task A_full_queue_drops_and_counts_and_reports_once_or_waits_with_Block()
    {
        using var h = new Harness();
        var policy = new CountingErrorPolicy();
        var q = new LogQueue(capacity: 2, whenFull: QueueFullMode.Drop);
        var qh = new QueueHandler(q) { ErrorPolicy = policy };
        for (var i = 0; i < 5; i++) qh.Handle(R("r" + i));
        Assert.Equal(3, qh.DroppedCount);
        Assert.Equal(3, q.Dropped);
        Assert.Single(policy.Errors);
        Assert.Contains("the log queue is full (2 records, drop when full)", policy.Errors[0].Error.Message);

        var blocking = new LogQueue(capacity: 1, whenFull: QueueFullMode.Block, blockTimeout: TimeSpan.FromMilliseconds(50));
        Assert.True(blocking.Put(R("first")));
        var sw = System.Diagnostics.Stopwatch.StartNew();
        Assert.False(blocking.Put(R("waits, then dropped")));
        Assert.True(sw.Elapsed >= TimeSpan.FromMilliseconds(40));
        var patient = new LogQueue(capacity: 1, whenFull: QueueFullMode.Block, blockTimeout: TimeSpan.FromSeconds(30));
        Assert.True(patient.Put(R("first")));
        var taker = Task.Run(async () => { await Task.Delay(30); return patient.TryTake(TimeSpan.FromSeconds(5)); });
        Assert.True(patient.Put(R("room made while waiting")));
        Assert.Equal("first", (await taker).Value.GetMessage());
    }

    [Fact]
    public void A_record_put_while_the_listener_falls_asleep_is_delivered_without_waiting_out_the_idle_wait()
    {
        // the producer reads the consumer's sleeping flag without a locked instruction; a record put just as
        // the listener decides to sleep must still wake it (a lost wake-up would show as a 5 s stall)
        var q = new LogQueue();
        var c = new CollectingHandler();
        var listener = new QueueListener(q, c).Start();
        var random = new Random(6);
        for (var i = 0; i < 2000; i++)
        {
            Thread.SpinWait(random.Next(0, 4000));              // put at varying points of the listener's way to sleep
            q.Put(R("r" + i));
            Assert.True(SpinWait.SpinUntil(() => c.Records.Count == i + 1, TimeSpan.FromSeconds(2.5)), $"record {i} not delivered");
        }
        listener.Stop();
        Assert.Equal(2000, c.Records.Count);
    }

    [Fact]
    public void Shutdown_drains_the_queue_so_nothing_logged_before_it_is_lost()
    {
        using var h = new Harness();
        var slow = new CollectingHandler();
        var q = new LogQueue();
        var listener = new QueueListener(q, slow);             // not started yet: everything waits in the queue
        h.Manager.Root.AddHandler(new QueueHandler(q, listener));
        for (var i = 0; i < 100; i++) h.Manager.Root.Warning("r%d", i);
        listener.Start();
        h.Manager.Shutdown();
        Assert.Equal(100, slow.Records.Count);
    }

    [Fact]
    public void Eight_producers_through_a_queue_to_a_file_lose_and_repeat_nothing()
    {
        using var h = new Harness();
        const int producers = 8, per = 50_000;
        var file = new FileHandler(h.PathOf("q.log"));
        var q = new LogQueue(capacity: 10_000, whenFull: QueueFullMode.Block, blockTimeout: TimeSpan.FromSeconds(30));
        var listener = new QueueListener(q, file).Start();
        var qh = new QueueHandler(q, listener);
        var log = h.Manager.GetLogger("q");
        log.Propagate = false;
        log.AddHandler(qh);
        Parallel.For(0, producers, new ParallelOptions { MaxDegreeOfParallelism = producers }, t =>
        {
            for (var i = 0; i < per; i++) log.Warning("p%d %06d", t, i);
        });
        qh.Close();
        var lines = File.ReadAllLines(h.PathOf("q.log"));
        Assert.Equal(producers * per, lines.Length);
        Assert.Equal(lines.Length, lines.Distinct().Count());
        Assert.Equal(0, qh.DroppedCount);
        for (var t = 0; t < producers; t++)   // each producer's records in its own order
            Assert.Equal(Enumerable.Range(0, per).Select(i => $"p{t} {i:000000}"), lines.Where(l => l.StartsWith($"p{t} ", StringComparison.Ordinal)));
    }

    [Fact]
    public void The_readme_queue_example_works_as_printed()
    {
        using var h = new Harness();
        var path = h.PathOf("app.log");
        var logging = h.Manager;
        // --- README: begin (with "app.log" in the test's directory)
        var queue = new LogQueue(capacity: 10_000, whenFull: QueueFullMode.Block);
        var listener = new QueueListener(queue, new FileHandler(path)).Start();
        logging.Root.AddHandler(new QueueHandler(queue, listener));   // closed (and drained) at Shutdown
        // --- README: end
        for (var i = 0; i < 1000; i++) logging.Warning("r%d", i);
        logging.Shutdown();
        Assert.Equal(1000, File.ReadAllLines(path).Length);
    }

    [Fact]
    public void Memory_and_queue_handlers_are_configured_by_name_in_any_order()
    {
        using var h = new Harness();
        h.Manager.DictConfigJson($$"""
            {"version": 1,
             "handlers": {
               "a_mem": {"class": "logging.handlers.MemoryHandler", "capacity": 2, "flushLevel": "ERROR", "target": "z_file"},
               "b_queue": {"class": "logging.handlers.QueueHandler", "handlers": ["z_file"], "queue": {"maxsize": 100, "when_full": "drop"},
                           "respect_handler_level": true},
               "z_file": {"class": "logging.FileHandler", "filename": {{System.Text.Json.JsonSerializer.Serialize(h.PathOf("t.log"))}} } },
             "loggers": {"mem": {"handlers": ["a_mem"], "propagate": false}, "queued": {"handlers": ["b_queue"], "propagate": false} } }
            """);
        h.Manager.GetLogger("mem").Warning("one");
        h.Manager.GetLogger("mem").Warning("two");
        h.Manager.GetLogger("queued").Warning("three");
        h.Manager.Shutdown();
        var lines = File.ReadAllLines(h.PathOf("t.log"));
        Assert.Equal(["one", "three", "two"], lines.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("""{"version": 1, "handlers": {"m": {"class": "logging.handlers.MemoryHandler", "capacity": 2, "target": "nope"}}}""",
        "handlers.m.target: Unable to set target handler 'nope': no handler of that name")]
    [InlineData("""{"version": 1, "handlers": {"m": {"class": "logging.handlers.MemoryHandler", "capacity": 2, "target": "n"}, "n": {"class": "logging.handlers.MemoryHandler", "capacity": 2, "target": "m"}}}""",
        "handlers.m.target: handlers refer to each other in a loop: m -> n -> m")]
    [InlineData("""{"version": 1, "handlers": {"q": {"class": "logging.handlers.QueueHandler", "queue": {"maxsize": "big"}}}}""",
        "handlers.q.queue.maxsize: expected an integer, got \"big\"")]
    [InlineData("""{"version": 1, "handlers": {"m": {"class": "logging.handlers.MemoryHandler"}}}""",
        "handlers.m: MemoryHandler() missing required argument: 'capacity'")]
    public void Bad_memory_and_queue_configurations_name_the_place(string json, string message)
    {
        using var h = new Harness();
        var e = Assert.Throws<LogConfigException>(() => h.Manager.DictConfigJson(json));
        Assert.Equal(message, e.Message);
    }
}
