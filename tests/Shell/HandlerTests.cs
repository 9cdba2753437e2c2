using FuncLog.Tests.Support;

namespace FuncLog.Tests.Shell;

public class HandlerTests
{
    [Fact]
    public void FileHandler_appends_by_default_and_truncates_with_mode_w()
    {
        using var h = new Harness();
        var path = h.PathOf("a.log");
        File.WriteAllText(path, "old\n");
        var fh = new FileHandler(path);
        fh.Handle(LogRecord.Create("x", Levels.Info, "new"));
        fh.Close();
        Assert.Equal("old\nnew\n", File.ReadAllText(path));
        var w = new FileHandler(path, mode: "w");
        Assert.Equal("", File.ReadAllText(path)); // truncated when opened, as Python's open(mode='w')
        w.Handle(LogRecord.Create("x", Levels.Info, "only"));
        w.Close();
        Assert.Equal("only\n", File.ReadAllText(path));
        Assert.Equal(Path.GetFullPath(path), w.BaseFilename);
    }

    [Fact]
    public void FileHandler_with_delay_creates_the_file_at_the_first_record()
    {
        using var h = new Harness();
        var path = h.PathOf("delayed.log");
        var fh = new FileHandler(path, delay: true);
        Assert.False(File.Exists(path));
        Assert.Null(fh.Stream);
        fh.Handle(LogRecord.Create("x", Levels.Info, "first"));
        Assert.True(File.Exists(path));
        Assert.Equal("first\n", File.ReadAllText(path)); // flushed: on the OS before Handle returns
        fh.Close();
    }

    [Fact]
    public void FileHandler_mode_w_does_not_reopen_and_truncate_after_close_but_mode_a_does()
    {
        using var h = new Harness();
        var pw = h.PathOf("w.log");
        var w = new FileHandler(pw, mode: "w");
        w.Handle(LogRecord.Create("x", Levels.Info, "kept"));
        w.Close();
        w.Handle(LogRecord.Create("x", Levels.Info, "after close"));
        Assert.Equal("kept\n", File.ReadAllText(pw));
        var pa = h.PathOf("a.log");
        var a = new FileHandler(pa);
        a.Close();
        a.Handle(LogRecord.Create("x", Levels.Info, "reopened"));
        a.Close();
        Assert.Equal("reopened\n", File.ReadAllText(pa));
    }

    [Fact]
    public void FileHandler_rejects_unknown_modes_and_writes_the_chosen_encoding()
    {
        using var h = new Harness();
        Assert.Throws<ArgumentException>(() => new FileHandler(h.PathOf("m.log"), mode: "q"));
        var fh = new FileHandler(h.PathOf("l.log"), encoding: "latin-1");
        fh.Handle(LogRecord.Create("x", Levels.Info, "café"));
        fh.Close();
        Assert.Equal([(byte)'c', (byte)'a', (byte)'f', 0xE9, (byte)'\n'], File.ReadAllBytes(h.PathOf("l.log")));
    }

    [Fact]
    public void A_message_args_mismatch_is_reported_and_the_record_is_not_written()
    {
        using var h = new Harness();
        var output = new StringWriter();
        h.Manager.BasicConfig(stream: output, format: "%(message)s");
        h.Manager.Root.Warning("x %d", "a");
        h.Manager.Root.Warning("%s %s", 1);
        h.Manager.Root.Warning("after");
        Assert.Equal("after\n", output.ToString());
        var err = h.Stderr.ToString();
        Assert.StartsWith("--- Logging error ---\n", err);
        Assert.Contains("TypeError: %d format: a real number is required, not str", err);
        Assert.Contains("Call stack:\n", err);
        Assert.Contains("Message: 'x %d'\nArguments: ('a',)\n", err);
        Assert.Contains("TypeError: not enough arguments for format string", err);
        Assert.Contains("Message: '%s %s'\nArguments: (1,)\n", err);
        Assert.Equal(2, h.Manager.Root.Handlers[0].ErrorCount);
    }

    [Fact]
    public void A_bad_format_string_is_reported_at_format_time_when_not_validated()
    {
        using var h = new Harness();
        var output = new StringWriter();
        var handler = new StreamHandler(output);
        handler.SetFormatter(new Formatter("%(missing)s", validate: false));
        h.Manager.Root.AddHandler(handler);
        h.Manager.Root.Warning("m");
        Assert.Equal("", output.ToString());
        Assert.Contains("ValueError: Formatting field not found in record: 'missing'", h.Stderr.ToString());
        Assert.Throws<ArgumentException>(() => new Formatter("no fields"));
    }

    [Fact]
    public void RaiseExceptions_off_reports_nothing_but_still_counts()
    {
        using var h = new Harness();
        h.Manager.RaiseExceptions = false;
        var failing = new FailingHandler();
        h.Manager.Root.AddHandler(failing);
        h.Manager.Root.Warning("lost?");
        Assert.Equal("", h.Stderr.ToString());
        Assert.Equal(1, failing.ErrorCount);
    }

    [Fact]
    public void A_failing_handler_does_not_stop_the_others_and_goes_to_the_error_policy()
    {
        using var h = new Harness();
        var policy = new CountingErrorPolicy();
        h.Manager.ErrorPolicy = policy;
        var failing = new FailingHandler();
        var good = new CollectingHandler();
        h.Manager.Root.AddHandler(failing);
        h.Manager.Root.AddHandler(good);
        h.Manager.Root.Error("e1");
        h.Manager.Root.Error("e2");
        Assert.Equal(2, good.Records.Count);
        Assert.Equal(2, policy.Errors.Count);
        Assert.Same(failing, policy.Errors[0].Handler);
        Assert.IsType<IOException>(policy.Errors[0].Error);
        Assert.Equal("", h.Stderr.ToString());
    }

    [Fact]
    public void A_full_disk_is_reported_and_logging_resumes_when_it_clears()
    {
        using var h = new Harness();
        var fs = new FaultyFileSystem();
        var policy = new CountingErrorPolicy();
        h.Manager.ErrorPolicy = policy;
        var fh = new FileHandler(h.PathOf("disk.log"), fileSystem: fs);
        fh.SetFormatter(new Formatter("%(message)s"));
        h.Manager.Root.AddHandler(fh);
        h.Manager.Root.Warning("one");
        fs.FailWrites = true;
        h.Manager.Root.Warning("two");
        h.Manager.Root.Warning("two and a half");
        Assert.Equal(2, fh.PendingCount);
        Assert.Equal("one\n", File.ReadAllText(h.PathOf("disk.log")));
        fs.FailWrites = false;
        h.Manager.Root.Warning("three");
        fh.Close();
        // reported once for the outage, not once per record
        Assert.Single(policy.Errors);
        Assert.IsType<FileWriteException>(policy.Errors[0].Error);
        Assert.Contains("No space left on device", policy.Errors[0].Error.Message);
        Assert.Equal(1, fh.ErrorCount);
        Assert.Equal(0, fh.PendingCount);
        Assert.Equal(0, fh.DroppedCount);
        // the records whose writes failed were kept and written first, in order, when the disk cleared
        Assert.Equal("one\ntwo\ntwo and a half\nthree\n", File.ReadAllText(h.PathOf("disk.log")));
    }

    [Fact]
    public void Append_mode_writes_at_the_end_even_after_another_writer_or_a_truncation()
    {
        using var h = new Harness();
        var path = h.PathOf("shared.log");
        var a = new FileHandler(path);
        var b = new FileHandler(path);
        a.Handle(LogRecord.Create("x", Levels.Info, "a1"));
        b.Handle(LogRecord.Create("x", Levels.Info, "b1"));
        a.Handle(LogRecord.Create("x", Levels.Info, "a2"));
        // as Python's O_APPEND: neither handler overwrites the other's lines
        Assert.Equal("a1\nb1\na2\n", File.ReadAllText(path));
        // logrotate's copytruncate: the next line starts at offset 0, with no hole of zero bytes before it
        using (var t = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite)) t.SetLength(0);
        a.Handle(LogRecord.Create("x", Levels.Info, "after truncate"));
        Assert.Equal("after truncate\n", File.ReadAllText(path));
        a.Close();
        b.Close();
    }

    [Fact]
    public void Records_still_failing_at_close_are_dropped_counted_and_reported()
    {
        using var h = new Harness();
        var fs = new FaultyFileSystem();
        var policy = new CountingErrorPolicy();
        var fh = new FileHandler(h.PathOf("disk.log"), fileSystem: fs) { ErrorPolicy = policy, MaxPendingRecords = 2 };
        fs.FailWrites = true;
        for (var i = 0; i < 5; i++) fh.Handle(LogRecord.Create("x", Levels.Info, "r" + i));
        Assert.Equal(2, fh.PendingCount);
        Assert.Equal(3, fh.DroppedCount); // over the bound: dropped and counted, not kept without limit
        fh.Close();
        Assert.Equal(5, fh.DroppedCount);
        Assert.Equal(3, policy.Errors.Count); // the outage, the first drop, the loss at close
        Assert.Contains("2 records lost", policy.Errors[2].Error.Message);
    }

    [Fact]
    public void A_throwing_filter_is_reported_not_raised()
    {
        using var h = new Harness();
        var policy = new CountingErrorPolicy();
        h.Manager.ErrorPolicy = policy;
        var c = new CollectingHandler();
        c.AddFilter(_ => throw new InvalidOperationException("bad filter"));
        h.Manager.Root.AddHandler(c);
        h.Manager.Root.Warning("x");
        Assert.Empty(c.Records);
        Assert.Equal(1, c.ErrorCount);
    }

    [Fact]
    public void BasicConfig_is_a_no_op_when_the_root_has_handlers_unless_forced()
    {
        using var h = new Harness();
        var first = new StringWriter();
        var second = new StringWriter();
        h.Manager.BasicConfig(stream: first, format: "1:%(message)s");
        h.Manager.BasicConfig(stream: second, format: "2:%(message)s", level: Levels.Debug);
        h.Manager.Warning("a");
        h.Manager.Debug("not shown: the level was not set either");
        h.Manager.BasicConfig(stream: second, format: "2:%(message)s", force: true);
        h.Manager.Warning("b");
        Assert.Equal("1:a\n", first.ToString());
        Assert.Equal("2:b\n", second.ToString());
        Assert.Single(h.Manager.Root.Handlers);
    }

    [Fact]
    public void BasicConfig_rejects_conflicting_arguments_with_Pythons_messages()
    {
        using var h = new Harness();
        var e1 = Assert.Throws<ArgumentException>(() => h.Manager.BasicConfig(filename: "x.log", stream: new StringWriter()));
        Assert.Equal("'stream' and 'filename' should not be specified together", e1.Message);
        var e2 = Assert.Throws<ArgumentException>(() => h.Manager.BasicConfig(stream: new StringWriter(), handlers: [new NullHandler()]));
        Assert.Equal("'stream' or 'filename' should not be specified together with 'handlers'", e2.Message);
        var e3 = Assert.Throws<ArgumentException>(() => h.Manager.BasicConfig(style: '!'));
        Assert.Equal("Style must be one of: %,{,$", e3.Message);
    }

    [Fact]
    public void BasicConfig_with_handlers_and_styles()
    {
        using var h = new Harness();
        var c = new CollectingHandler();
        var preset = new CollectingHandler();
        preset.SetFormatter(new Formatter("preset %(message)s"));
        h.Manager.BasicConfig(handlers: [c, preset], style: '{', format: "{levelname}|{message}");
        h.Manager.Warning("w");
        Assert.Equal(["WARNING|w"], c.Lines);
        Assert.Equal(["preset w"], preset.Lines);
    }

    [Fact]
    public void StreamHandler_terminator_and_setStream()
    {
        var a = new StringWriter();
        var b = new StringWriter();
        var sh = new StreamHandler(a) { Terminator = "\r\n" };
        sh.Handle(LogRecord.Create("x", Levels.Info, "one"));
        Assert.Same(a, sh.SetStream(b));
        Assert.Null(sh.SetStream(b));
        sh.Handle(LogRecord.Create("x", Levels.Info, "two"));
        Assert.Equal("one\r\n", a.ToString());
        Assert.Equal("two\r\n", b.ToString());
    }

    [Fact]
    public void Shutdown_flushes_and_closes_every_handler()
    {
        using var h = new Harness();
        var fh = new FileHandler(h.PathOf("s.log"));
        h.Manager.GetLogger("a").AddHandler(fh);
        h.Manager.GetLogger("a").Warning("x");
        h.Manager.Shutdown();
        Assert.Null(fh.Stream);
        Assert.True(h.Manager.Core.IsShutDown);
    }

    [Fact]
    public void BufferingFormatter_formats_a_batch_with_header_and_footer()
    {
        var records = new[] { LogRecord.Create("a", Levels.Info, "one"), LogRecord.Create("a", Levels.Info, "two") };
        Assert.Equal("onetwo", new BufferingFormatter().Format(records));
        Assert.Equal("", new BufferingFormatter().Format([]));
        Assert.Equal("<2>[one][two]</>", new Framed(new Formatter("[%(message)s]")).Format(records));
    }

    private sealed class Framed(Formatter f) : BufferingFormatter(f)
    {
        public override string FormatHeader(IReadOnlyList<LogRecord> records) => $"<{records.Count}>";
        public override string FormatFooter(IReadOnlyList<LogRecord> records) => "</>";
    }

    [Fact]
    public void Python_objects_render_as_Python_prints_them()
    {
        using var h = new Harness();
        var c = new CollectingHandler();
        h.Manager.Root.AddHandler(c);
        h.Manager.Root.Warning("%s %s %s %s %r", (object?)null, true, 1.0, new[] { 1, 2 }, "q");
        h.Manager.Root.Warning("%(a)s-%(b)s", new Dictionary<string, object?> { ["a"] = 1, ["b"] = "x" });
        Assert.Equal(["None True 1.0 [1, 2] 'q'", "1-x"], c.Lines);
    }

    /// <summary>An argument whose ToString logs (through the same handler or another file handler).</summary>
    private sealed class Chatty(Logger log, string text)
    {
        public override string ToString()
        {
            log.Info("inside %s", text);
            return text;
        }
    }

    [Fact]
    public void A_record_whose_argument_logs_while_it_is_formatted_is_written_whole_as_CPython_writes_it()
    {
        // CPython formats under each handler's re-entrant lock, once per handler: the inner record is
        // written first, and every line is whole (recorded with CPython 3.13, tests/Golden/reentrant.py)
        using var h = new Harness();
        var fh = new FileHandler(h.PathOf("same.log"));
        fh.SetFormatter(new Formatter("%(name)s %(levelname)s %(message)s"));
        var other = new FileHandler(h.PathOf("other.log"));
        Logger Make(string name, params Handler[] handlers)
        {
            var l = h.Manager.GetLogger(name);
            foreach (var x in handlers) l.AddHandler(x);
            l.Propagate = false;
            l.SetLevel(Levels.Info);
            return l;
        }
        var outer = Make("outer", fh, other);
        var inner = Make("inner", fh);
        var innerOther = Make("innerOther", other);

        outer.Info("outer %s and %s", new Chatty(inner, "first"), new Chatty(innerOther, "second"));
        outer.Info("next %d", 1);
        fh.Close();
        other.Close();

        Assert.Equal("inner INFO inside first\nouter INFO outer first and second\ninner INFO inside first\nouter INFO next 1\n", h.Read("same.log"));
        Assert.Equal("inside second\ninside second\nouter first and second\nnext 1\n", h.Read("other.log"));
    }

    private sealed class UpperFileHandler(string path) : FileHandler(path)
    {
        public int Emits;
        public override void Emit(LogRecord record) { Emits++; base.Emit(LogRecord.Create(record.Name, record.LevelNo, record.GetMessage().ToUpperInvariant())); }
    }

    private sealed class UpperRotatingHandler(string path) : RotatingFileHandler(path, maxBytes: 1000, backupCount: 1)
    {
        public int Emits;
        public override void Emit(LogRecord record) { Emits++; base.Emit(LogRecord.Create(record.Name, record.LevelNo, record.GetMessage().ToUpperInvariant())); }
    }

    private sealed class PlainSubclass(string path) : FileHandler(path, encoding: "latin-1");

    [Fact]
    public void File_handler_subclasses_that_override_Emit_are_called_and_others_write_as_their_base()
    {
        // the built-in file handlers format before their lock; a subclass that overrides Emit must still run
        using var h = new Harness();
        var upper = new UpperFileHandler(h.PathOf("u.log"));
        var upperRot = new UpperRotatingHandler(h.PathOf("r.log"));
        var plain = new PlainSubclass(h.PathOf("p.log"));
        foreach (var x in new Handler[] { upper, upperRot, plain })
        {
            x.Handle(LogRecord.Create("x", Levels.Info, "caf\u00e9 %d", [1]));
            x.Close();
        }
        Assert.Equal((1, 1), (upper.Emits, upperRot.Emits));
        Assert.Equal("CAF\u00c9 1\n", h.Read("u.log"));
        Assert.Equal("CAF\u00c9 1\n", h.Read("r.log"));
        Assert.Equal([(byte)'c', (byte)'a', (byte)'f', 0xE9, (byte)' ', (byte)'1', (byte)'\n'], File.ReadAllBytes(h.PathOf("p.log")));
    }
}
