using System.Text;
using FuncLog.Tests.Support;

namespace FuncLog.Tests.Rotation;

/// <summary>Rotation: crash recovery, explain, delays, watched files, re-entrant logging, code points.</summary>
public partial class RotationBehaviourTests
{
    [Fact]
    public void A_rollover_cut_short_by_a_crash_is_completed_at_the_next_start_wherever_it_stopped()
    {
        // The plan for backupCount 3 with .1 .2 .3 present, and every point where a crash can stop it.
        var policy = new SizePolicy(10, 3);
        for (var stopAfter = 0; stopAfter <= 4; stopAfter++)
        for (var marked = Math.Max(0, stopAfter - 1); marked <= stopAfter; marked++)
        {
            using var h = new Harness();
            var basePath = h.PathOf("app.log");
            foreach (var (n, c) in new[] { ("app.log", "live\n"), ("app.log.1", "one\n"), ("app.log.2", "two\n"), ("app.log.3", "three\n") })
                File.WriteAllText(h.PathOf(n), c);
            var none = Microsoft.FSharp.Core.FSharpOption<Microsoft.FSharp.Core.FSharpFunc<string, string>>.None;
            var steps = FuncLog.Rotation.sizePlan(policy, none, basePath,
                Microsoft.FSharp.Collections.SetModule.OfSeq(FuncLog.Rotation.sizeCandidates(policy, none, basePath).Where(File.Exists))).ToList();
            Assert.Equal(4, steps.Count); // remove .3, rename .2→.3, rename .1→.2, rotate app.log→.1
            var journal = new StringBuilder(RotationJournal.render(Microsoft.FSharp.Collections.ListModule.OfSeq(steps)));
            for (var i = 0; i < Math.Min(stopAfter, steps.Count); i++)
            {
                var s = steps[i];
                if (s.IsRemove) File.Delete(s.Source);
                else File.Move(s.Source, s is RotationStep.Rename r ? r.target : ((RotationStep.Rotate)s).target, true);
                if (i < marked) journal.Append(RotationJournal.doneMark(i));
            }
            File.WriteAllText(basePath + ".rotation", journal.ToString());

            var rh = new RotatingFileHandler(basePath, maxBytes: 100, backupCount: 3, options: new RotationOptions { CrashSafe = true });
            var (_, log, errors) = Setup(rh, h);
            log.Warning("after restart");
            rh.Close();
            Assert.False(File.Exists(basePath + ".rotation"));
            var tree = Directory.GetFiles(h.Dir).Select(Path.GetFileName).Order(StringComparer.Ordinal)
                .ToDictionary(n => n!, n => File.ReadAllText(h.PathOf(n!)));
            // exactly as if the rollover had finished: "three" aged out, everything else moved up one
            Assert.Equal(new Dictionary<string, string>
            {
                ["app.log"] = "after restart\n", ["app.log.1"] = "live\n", ["app.log.2"] = "one\n", ["app.log.3"] = "two\n",
            }, tree);
            Assert.Empty(errors.Errors);
        }
    }

    [Fact]
    public void A_crash_safe_rollover_leaves_no_journal_behind_and_recovery_uses_the_rotator_set_after_construction()
    {
        using var h = new Harness();
        var basePath = h.PathOf("app.log");
        File.WriteAllText(basePath, "live\n");
        File.WriteAllText(basePath + ".rotation", RotationJournal.render(
            Microsoft.FSharp.Collections.ListModule.OfSeq([RotationStep.NewRotate(basePath, basePath + ".1.gz")])));
        var rh = new RotatingFileHandler(basePath, maxBytes: 100, backupCount: 3, options: new RotationOptions { CrashSafe = true });
        Assert.Equal("live\n", File.ReadAllText(basePath)); // not opened (nor recovered) before the first record
        rh.UseGZip();
        var (_, log, _) = Setup(rh, h);
        log.Warning("new");
        rh.Close();
        Assert.Equal("live\n", RotationGoldenTests.ReadLogFile(basePath + ".1.gz"));
        Assert.Equal("new\n", File.ReadAllText(basePath));
        Assert.Equal(["app.log", "app.log.1.gz"], Names(h.Dir));
    }

    [Fact]
    public void Explain_says_what_the_next_rollover_does_and_when()
    {
        using var h = new Harness("2025-06-01 10:15:00,000");
        File.WriteAllText(h.PathOf("app.log.1"), "x\n");
        var rh = new RotatingFileHandler(h.PathOf("app.log"), maxBytes: 100, backupCount: 2);
        var (_, log, _) = Setup(rh, h);
        log.Warning("0123456789");
        var f = rh.Explain();
        Assert.Equal($"{h.PathOf("app.log")} rolls over before a record takes it from 11 bytes to 100 or more (88 bytes left)\n" +
                     $"  rename {h.PathOf("app.log.1")} -> {h.PathOf("app.log.2")}\n" +
                     $"  rotate {h.PathOf("app.log")} -> {h.PathOf("app.log.1")}\n", f.ToString());
        rh.Close();

        var th = new TimedRotatingFileHandler(h.PathOf("t.log"), "midnight", backupCount: 1, timeProvider: h.Clock);
        File.WriteAllText(h.PathOf("t.log.2025-05-30"), "");
        File.WriteAllText(h.PathOf("t.log.2025-05-31"), "");
        var t = th.Explain();
        Assert.Equal(new DateTimeOffset(2025, 6, 2, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds(), t.At!.Value);
        Assert.Equal($"{h.PathOf("t.log")} rolls over at 2025-06-02 00:00:00 UTC\n" +
                     $"  rotate {h.PathOf("t.log")} -> {h.PathOf("t.log.2025-06-01")}\n" +
                     $"  remove {h.PathOf("t.log.2025-05-30")}\n" +
                     $"  remove {h.PathOf("t.log.2025-05-31")}\n", t.ToString());
        th.Close();
    }

    [Fact]
    public void Rotating_handlers_report_their_own_delay_and_open_as_told()
    {
        using var h = new Harness();
        var eager = new RotatingFileHandler(h.PathOf("e.log"), maxBytes: 10);
        var lazy = new TimedRotatingFileHandler(h.PathOf("l.log"), delay: true, timeProvider: h.Clock);
        Assert.False(eager.Delay);
        Assert.True(lazy.Delay);
        Assert.True(File.Exists(h.PathOf("e.log")));
        Assert.False(File.Exists(h.PathOf("l.log")));
        eager.Close();
        lazy.Close();
    }

    [Theory]
    [InlineData("X", "Invalid rollover interval specified: X")]
    [InlineData("w", "You must specify a day for weekly rollover from 0 to 6 (0 is Monday): W")]
    [InlineData("W7", "Invalid day specified for weekly rollover: W7")]
    [InlineData("midnights", "Invalid rollover interval specified: MIDNIGHTS")]
    public void A_bad_when_is_refused_with_Pythons_message(string when, string message)
    {
        using var h = new Harness();
        var e = Assert.Throws<ArgumentException>(() => new TimedRotatingFileHandler(h.PathOf("x.log"), when, timeProvider: h.Clock));
        Assert.StartsWith(message, e.Message);
    }

    [Fact]
    public void WatchedFileHandler_reopens_after_the_file_is_moved_or_deleted()
    {
        using var h = new Harness();
        var path = h.PathOf("w.log");
        var wh = new WatchedFileHandler(path);
        var (_, log, _) = Setup(wh, h);
        log.Warning("one");
        File.Move(path, h.PathOf("w.log.1"));          // logrotate's move
        log.Warning("two");
        File.Delete(path);                              // and a delete
        log.Warning("three");
        log.Warning("four");
        wh.Close();
        Assert.Equal("one\n", File.ReadAllText(h.PathOf("w.log.1")));
        Assert.Equal("three\nfour\n", File.ReadAllText(path));
        Assert.Equal(2, wh.Reopened);
    }

    [Fact]
    public void WatchedFileHandler_notices_a_replaced_file_of_another_size_through_a_custom_file_system()
    {
        using var h = new Harness();
        var path = h.PathOf("w.log");
        var fs = new FaultyFileSystem();   // its streams wrap FileStream: no descriptor to ask, sizes are compared
        var wh = new WatchedFileHandler(path, fileSystem: fs);
        var (_, log, _) = Setup(wh, h);
        log.Warning("one");
        File.Move(path, h.PathOf("w.log.1"));
        File.WriteAllText(path, "created by someone else\n");
        log.Warning("two");
        wh.Close();
        Assert.Equal("created by someone else\ntwo\n", File.ReadAllText(path));
        Assert.Equal(1, wh.Reopened);
    }

    /// <summary>An error policy that logs each failure through a logger (on the failing record's thread).</summary>
    private sealed class LoggingPolicy(Func<Logger> log) : IErrorPolicy
    {
        public void HandleError(Handler handler, LogRecord record, Exception error) =>
            log().Error("%s failed: %s", handler.GetType().Name, error.GetType().Name);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_record_logged_by_the_rotator_or_the_error_policy_during_a_rollover_does_not_overwrite_the_record_being_written(bool failRollover)
    {
        // the rotating handler formats and encodes before its lock; a record logged on the same thread
        // before that record is written (by the rotator, or the policy reporting a failed rollover) must not
        // reuse the buffer the outer record waits in
        using var h = new Harness();
        var fs = new FaultyFileSystem();
        var rh = new RotatingFileHandler(h.PathOf("app.log"), maxBytes: 40, backupCount: 3, fileSystem: fs);
        rh.SetFormatter(new Formatter("%(name)s %(message)s"));
        var audit = new FileHandler(h.PathOf("audit.log"));
        audit.SetFormatter(new Formatter("%(name)s %(message)s"));
        var auditLog = h.Manager.GetLogger("audit");
        auditLog.Propagate = false;
        auditLog.AddHandler(audit);
        h.Manager.ErrorPolicy = new LoggingPolicy(() => auditLog);
        rh.Rotator = (s, d) =>
        {
            auditLog.Warning("rotating %s to a much longer line than the record being written %s", Path.GetFileName(s), Path.GetFileName(d));
            if (failRollover) throw new IOException("refused");
            File.Move(s, d, true);
        };
        var log = h.Manager.GetLogger("app");
        log.Propagate = false;
        log.AddHandler(rh);

        for (var i = 0; i < 6; i++) log.Warning("record %02d", i);   // 14 bytes: rolls before records 2 and 4
        rh.Close();
        audit.Close();

        Assert.Equal(Enumerable.Range(0, 6).Select(i => $"app record {i:00}").ToList(), LinesOf(h.Dir, "app.log").Order().ToList());
        var audited = h.Read("audit.log").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(failRollover ? 4 : 2, audited.Count(l => l.StartsWith("audit rotating app.log to a much longer line", StringComparison.Ordinal)));
        Assert.Equal(failRollover ? 1 : 0, audited.Count(l => l == "audit RotatingFileHandler failed: RotationException"));
    }

    [Theory]
    [InlineData("latin-1", "app.log=780ae9e90a", "app.log.1=e9e9e9e9e90a61620ae9e9e90ae9e9e9e9e9e9e9e9e90a")]
    [InlineData("utf-16", "app.log=fffe78000a00e900e9000a003dd800de3dd800de0a00",
        "app.log.1=fffee900e900e9000a00e900e900e900e900e900e900e900e900e9000a00", "app.log.2=fffee900e900e900e900e9000a00610062000a00")]
    public void The_size_rule_counts_code_points_in_any_encoding_as_CPython(string encoding, params string[] expected)
    {
        // recorded with CPython 3.13: RotatingFileHandler('app.log', maxBytes=24, backupCount=3, encoding=...)
        // and these messages; its rule compares the file's byte position plus len(message + "\n")
        using var h = new Harness();
        var rh = new RotatingFileHandler(h.PathOf("app.log"), maxBytes: 24, backupCount: 3, encoding: encoding);
        foreach (var m in new[] { "ééééé", "ab", "ééé", new string('é', 9), "x", "éé", "😀😀" }.Take(encoding == "latin-1" ? 6 : 7))
            rh.Handle(LogRecord.Create("x", Levels.Info, m));
        rh.Close();
        Assert.Equal(expected, Names(h.Dir).Select(n => n + "=" + Convert.ToHexStringLower(File.ReadAllBytes(h.PathOf(n)))));
    }
}
