using System.Text;
using FuncLog.Tests.Support;

namespace FuncLog.Tests.Rotation;

/// <summary>Rotation beyond the golden scenarios: faults, threads, hooks, FuncLog's options, explain.</summary>
public partial class RotationBehaviourTests
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
}
