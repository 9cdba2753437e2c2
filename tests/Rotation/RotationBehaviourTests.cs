using System.Text;
using FuncLog.Tests.Support;

namespace FuncLog.Tests.Rotation;

/// <summary>Rotation beyond the golden scenarios: faults, threads, hooks, FuncLog's options, explain.</summary>
public class RotationBehaviourTests
{
    private static List<string> LinesOf(string dir, string baseName = "app.log") =>
        Directory.GetFiles(dir).Where(f => Path.GetFileName(f).StartsWith(baseName, StringComparison.Ordinal)
                                           && !f.EndsWith(".lock", StringComparison.Ordinal)
                                           && !f.EndsWith(".rotation", StringComparison.Ordinal))
            .SelectMany(f => RotationGoldenTests.ReadLogFile(f).Split('\n', StringSplitOptions.RemoveEmptyEntries)).ToList();

    private static string[] Names(string dir) =>
        Directory.GetFiles(dir).Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal).ToArray();

    private static (Harness h, Logger log, CountingErrorPolicy policy) Setup(Handler handler, Harness h)
    {
        var policy = new CountingErrorPolicy();
        h.Manager.ErrorPolicy = policy;
        handler.SetFormatter(new Formatter("%(message)s"));
        var log = h.Manager.GetLogger("rot");
        log.Propagate = false;
        log.AddHandler(handler);
        return (h, log, policy);
    }

    [Fact]
    public void Size_and_time_rotation_keeps_the_newest_backups_when_a_period_has_more_than_backupCount()
    {
        // midnight + maxBytes 60, 12 records 40 minutes apart: the unnumbered backup of a day is deleted as the
        // oldest, and its free name must not be reused for the newest (which then sorted first and was deleted)
        using var h = new Harness("2025-06-01 20:00:00,000");
        var th = new TimedRotatingFileHandler(h.PathOf("app.log"), when: "midnight", backupCount: 3, maxBytes: 60, utc: true,
            timeProvider: h.Clock);
        var (_, log, policy) = Setup(th, h);
        for (var i = 1; i <= 12; i++)
        {
            log.Warning("record %02d of twelve, 23 chars", i);
            h.Clock.Advance(TimeSpan.FromMinutes(40));
        }
        th.Close();
        Assert.Empty(policy.Errors);
        var surviving = LinesOf(h.Dir).Select(l => int.Parse(l.Substring(7, 2))).Order().ToList();
        Assert.Equal(Enumerable.Range(13 - surviving.Count, surviving.Count), surviving);   // an unbroken run ending at 12
        Assert.Equal(4, Names(h.Dir).Length);                                              // the file and 3 backups
        Assert.Equal(["app.log", "app.log.2025-06-02.2", "app.log.2025-06-02.3", "app.log.2025-06-02.4"], Names(h.Dir)); // names only grow in a period
    }

    [Fact]
    public void A_refused_rename_is_reported_once_writing_goes_on_and_the_rollover_is_retried()
    {
        using var h = new Harness();
        var fs = new FaultyFileSystem();
        var rh = new RotatingFileHandler(h.PathOf("app.log"), maxBytes: 30, backupCount: 20, fileSystem: fs);
        var (_, log, policy) = Setup(rh, h);
        for (var i = 0; i < 10; i++) log.Warning("record %03d", i);   // 11 bytes each: rolls every 2 records
        var before = rh.Rollovers;
        fs.FailMoves = true;
        for (var i = 10; i < 30; i++) log.Warning("record %03d", i);
        Assert.Single(policy.Errors);                                   // once for the outage, not per record
        Assert.IsType<RotationException>(policy.Errors[0].Error);
        Assert.Contains("rename: Operation not permitted", policy.Errors[0].Error.Message);
        Assert.True(rh.RotationFailures >= 10);                         // retried at every decision
        Assert.Equal(before, rh.Rollovers);
        Assert.True(new FileInfo(h.PathOf("app.log")).Length > 30);     // kept writing to the current file
        fs.FailMoves = false;
        log.Warning("record %03d", 30);
        Assert.Equal(before + 1, rh.Rollovers);                         // the next decision rotates
        for (var i = 31; i < 40; i++) log.Warning("record %03d", i);
        rh.Close();
        // no record lost or repeated, and the backups read in order
        var expected = Enumerable.Range(0, 40).Select(i => $"record {i:000}").ToList();
        Assert.Equal(expected, LinesOf(h.Dir).Order(StringComparer.Ordinal).ToList());
        var ordered = Enumerable.Range(1, 20).Reverse().Select(i => h.PathOf("app.log." + i)).Where(File.Exists)
            .Append(h.PathOf("app.log")).SelectMany(File.ReadAllLines).ToList();
        Assert.Equal(expected, ordered);
        Assert.Equal("", h.Stderr.ToString());
    }

    [Fact]
    public void A_refused_delete_of_the_oldest_backup_keeps_every_file_and_record()
    {
        using var h = new Harness();
        var fs = new FaultyFileSystem();
        var rh = new RotatingFileHandler(h.PathOf("app.log"), maxBytes: 12, backupCount: 2, fileSystem: fs);
        var (_, log, policy) = Setup(rh, h);
        for (var i = 0; i < 6; i++) log.Warning("r%d", i);   // 3 bytes each: files hold 3 records
        fs.FailDeletes = true;
        for (var i = 6; i < 20; i++) log.Warning("r%d", i);
        Assert.Single(policy.Errors);
        Assert.True(fs.Refused > 1);
        // nothing was deleted while deletes failed: every record since is still there
        var lines = LinesOf(h.Dir);
        foreach (var i in Enumerable.Range(6, 14)) Assert.Contains("r" + i, lines);
        Assert.Equal(lines.Count, lines.Distinct().Count());
        fs.FailDeletes = false;
        log.Warning("r20");
        rh.Close();
        Assert.Equal(3, Directory.GetFiles(h.Dir).Length);    // backupCount holds again
    }

    [Fact]
    public void A_full_disk_during_rotation_loses_nothing()
    {
        using var h = new Harness();
        var fs = new FaultyFileSystem();
        var rh = new RotatingFileHandler(h.PathOf("app.log"), maxBytes: 40, backupCount: 50, fileSystem: fs);
        var (_, log, policy) = Setup(rh, h);
        for (var i = 0; i < 10; i++) log.Warning("line %d", i);
        fs.FailWrites = true;
        for (var i = 10; i < 25; i++) log.Warning("line %d", i);
        Assert.Equal(15, rh.PendingCount);
        fs.FailWrites = false;
        for (var i = 25; i < 30; i++) log.Warning("line %d", i);
        rh.Close();
        Assert.Equal(0, rh.DroppedCount);
        var lines = LinesOf(h.Dir);
        Assert.Equal(Enumerable.Range(0, 30).Select(i => "line " + i).Order(StringComparer.Ordinal), lines.Order(StringComparer.Ordinal));
        Assert.Single(policy.Errors);
    }

    [Fact]
    public void Permission_denied_on_reopen_keeps_records_until_the_file_can_be_opened()
    {
        using var h = new Harness();
        var fs = new FaultyFileSystem();
        var rh = new RotatingFileHandler(h.PathOf("app.log"), maxBytes: 20, backupCount: 50, fileSystem: fs);
        var (_, log, policy) = Setup(rh, h);
        log.Warning("before");
        fs.DenyOpens = true;
        for (var i = 0; i < 10; i++) log.Warning("denied %d", i);
        fs.DenyOpens = false;
        log.Warning("after");
        rh.Close();
        var lines = LinesOf(h.Dir);
        Assert.Equal(12, lines.Count);
        Assert.Contains("denied 9", lines);
        Assert.InRange(policy.Errors.Count, 1, 2);   // the rollover's and the write's failure, not one per record
    }

    [Fact]
    public void When_the_directory_disappears_the_next_rollover_recreates_it()
    {
        using var h = new Harness();
        var dir = Path.Combine(h.Dir, "logs");
        Directory.CreateDirectory(dir);
        var rh = new RotatingFileHandler(Path.Combine(dir, "app.log"), maxBytes: 20, backupCount: 3);
        var (_, log, policy) = Setup(rh, h);
        log.Warning("one");
        Directory.Delete(dir, true);
        for (var i = 0; i < 8; i++) log.Warning("after %d", i);
        rh.Close();
        Assert.True(Directory.Exists(dir));
        Assert.Contains("after 7", File.ReadAllLines(Path.Combine(dir, "app.log")));
        Assert.DoesNotContain(policy.Errors, e => e.Error is FileWriteException);
    }

    [Fact]
    public void Eight_threads_through_a_small_rotating_file_lose_and_tear_nothing()
    {
        using var h = new Harness();
        const int threads = 8, per = 20_000;
        var rh = new RotatingFileHandler(h.PathOf("app.log"), maxBytes: 256 * 1024, backupCount: 60);
        var (_, log, policy) = Setup(rh, h);
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            for (var i = 0; i < per; i++) log.Warning("t%d r%06d end", t, i);
        });
        rh.Close();
        var files = Directory.GetFiles(h.Dir);
        Assert.True(files.Length <= 61, $"{files.Length} files");
        Assert.True(files.Length > 5);
        var lines = LinesOf(h.Dir);
        Assert.Equal(threads * per, lines.Count);
        Assert.Equal(threads * per, lines.Distinct().Count());
        Assert.All(lines, l => Assert.Matches(@"^t\d r\d{6} end$", l));
        Assert.Empty(policy.Errors);
        foreach (var f in files.Where(f => !f.EndsWith("app.log", StringComparison.Ordinal)))
            Assert.True(new FileInfo(f).Length < 256 * 1024);
    }

    [Fact]
    public void With_a_small_backupCount_threads_leave_exactly_backupCount_backups()
    {
        using var h = new Harness();
        var rh = new RotatingFileHandler(h.PathOf("app.log"), maxBytes: 4096, backupCount: 3);
        var (_, log, _) = Setup(rh, h);
        Parallel.For(0, 4, t => { for (var i = 0; i < 5000; i++) log.Warning("t%d r%06d end", t, i); });
        rh.Close();
        Assert.Equal(["app.log", "app.log.1", "app.log.2", "app.log.3"],
            Names(h.Dir));
        Assert.All(LinesOf(h.Dir), l => Assert.Matches(@"^t\d r\d{6} end$", l));
    }

    [Fact]
    public void Namer_and_rotator_hooks_are_used_for_every_name_and_move()
    {
        using var h = new Harness();
        var moves = new List<(string, string)>();
        var rh = new RotatingFileHandler(h.PathOf("app.log"), maxBytes: 10, backupCount: 3)
        {
            Namer = n => n.Replace("app.log.", "app-") + ".log",
        };
        rh.Rotator = (s, d) => { moves.Add((Path.GetFileName(s), Path.GetFileName(d))); File.Move(s, d, true); };
        var (_, log, _) = Setup(rh, h);
        foreach (var m in new[] { "aaaaa", "bbbbb", "ccccc", "ddddd", "eeeee" }) log.Warning(m);
        rh.Close();
        Assert.Equal(["app-1.log", "app-2.log", "app-3.log", "app.log"],
            Names(h.Dir));
        Assert.Equal(4, moves.Count);
        Assert.All(moves, m => Assert.Equal(("app.log", "app-1.log"), m));  // the rotator moves the live file; the cascade renames
        Assert.Equal("eeeee\n", File.ReadAllText(h.PathOf("app.log")));
        Assert.Equal("bbbbb\n", File.ReadAllText(h.PathOf("app-3.log")));
        Assert.Equal("app-7.log", Path.GetFileName(rh.RotationFilename(h.PathOf("app.log.7"))));
    }

    [Fact]
    public void Gzip_backups_are_counted_and_deleted_like_plain_ones()
    {
        using var h = new Harness();
        var rh = new RotatingFileHandler(h.PathOf("app.log"), maxBytes: 10, backupCount: 2);
        rh.UseGZip();
        var (_, log, _) = Setup(rh, h);
        for (var i = 0; i < 9; i++) log.Warning("msg %d", i);
        rh.Close();
        Assert.Equal(["app.log", "app.log.1.gz", "app.log.2.gz"],
            Names(h.Dir));
        Assert.Equal("msg 7\n", RotationGoldenTests.ReadLogFile(h.PathOf("app.log.1.gz")));
        var raw = File.ReadAllBytes(h.PathOf("app.log.1.gz"));
        Assert.Equal([0x1f, 0x8b], raw[..2]);
    }

    [Fact]
    public void Size_and_time_together_number_the_extra_files_of_one_interval()
    {
        using var h = new Harness("2025-06-01 10:00:00,000");
        var th = new TimedRotatingFileHandler(h.PathOf("app.log"), "H", backupCount: 4, timeProvider: h.Clock, maxBytes: 25);
        var (_, log, _) = Setup(th, h);
        foreach (var m in new[] { "first one", "second one", "third one", "fourth one", "fifth one" }) log.Warning(m);
        // 10 or 11 bytes each: two records per file within the hour
        Assert.Equal(["app.log", "app.log.2025-06-01_10", "app.log.2025-06-01_10.1"],
            Names(h.Dir));
        h.At("2025-06-01 11:00:01,000");
        log.Warning("next hour");    // the time rollover finds _10 taken and uses the next number
        Assert.True(File.Exists(h.PathOf("app.log.2025-06-01_10.2")));
        Assert.Equal("fifth one\n", File.ReadAllText(h.PathOf("app.log.2025-06-01_10.2")));
        for (var i = 0; i < 8; i++) log.Warning("more %d....", i);
        th.Close();
        var names = Names(h.Dir);
        // the newest four backups survive, ordered by interval and then number (".10" after ".2")
        Assert.Equal(["app.log", "app.log.2025-06-01_11", "app.log.2025-06-01_11.1", "app.log.2025-06-01_11.2", "app.log.2025-06-01_11.3"], names);
        Assert.Equal(8 + 1, LinesOf(h.Dir).Count(l => l.StartsWith("more") || l == "next hour"));
    }

    [Fact]
    public void Backups_older_than_MaxAge_are_deleted_at_a_rollover()
    {
        using var h = new Harness("2025-06-10 12:00:00,000");
        foreach (var (name, daysOld) in new[] { ("app.log.1", 1), ("app.log.2", 8), ("app.log.3", 30) })
        {
            File.WriteAllText(h.PathOf(name), name + "\n");
            File.SetLastWriteTimeUtc(h.PathOf(name), h.Clock.GetUtcNow().UtcDateTime.AddDays(-daysOld));
        }
        var rh = new RotatingFileHandler(h.PathOf("app.log"), maxBytes: 10, backupCount: 5, timeProvider: h.Clock,
            options: new RotationOptions { MaxAge = TimeSpan.FromDays(7) });
        var (_, log, _) = Setup(rh, h);
        log.Warning("aaaaa");
        log.Warning("bbbbb");   // rolls: .1→.2 (1 day old), .2→.3 (8 days, deleted), .3→.4 (30 days, deleted)
        rh.Close();
        Assert.Equal(["app.log", "app.log.1", "app.log.2"],
            Names(h.Dir));
        Assert.Equal("app.log.1\n", File.ReadAllText(h.PathOf("app.log.2")));
    }

    [Fact]
    public void Timed_backups_older_than_MaxAge_are_deleted_too()
    {
        using var h = new Harness("2025-06-10 12:00:00,000");
        foreach (var d in new[] { 1, 3, 9, 12 })
        {
            var n = h.PathOf("app.log." + h.Clock.GetUtcNow().AddDays(-d).ToString("yyyy-MM-dd"));
            File.WriteAllText(n, "x\n");
            File.SetLastWriteTimeUtc(n, h.Clock.GetUtcNow().UtcDateTime.AddDays(-d + 1));
        }
        var th = new TimedRotatingFileHandler(h.PathOf("app.log"), "midnight", backupCount: 10, timeProvider: h.Clock,
            options: new RotationOptions { MaxAge = TimeSpan.FromDays(7) });
        var (_, log, _) = Setup(th, h);
        log.Warning("today");
        h.At("2025-06-11 00:00:01,000");
        log.Warning("tomorrow");
        th.Close();
        Assert.Equal(["app.log", "app.log.2025-06-07", "app.log.2025-06-09", "app.log.2025-06-10"],
            Names(h.Dir));
    }

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
