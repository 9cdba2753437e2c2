using System.Diagnostics;

namespace FuncLog.Tests.Rotation;

/// <summary>Several real processes log to, and rotate, one file with RotationOptions.MultiProcess.</summary>
public class MultiProcessRotationTests
{
    private static async Task RunWriters(string path, int processes, int count, long maxBytes, int backupCount)
    {
        var probe = Path.Combine(AppContext.BaseDirectory, "ExitProbe.dll");
        var running = new List<(Process p, Task<string> err)>();
        for (var i = 0; i < processes; i++)
        {
            var psi = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var a in new[] { probe, "rotate", path, "p" + i, count.ToString(), maxBytes.ToString(), backupCount.ToString() })
                psi.ArgumentList.Add(a);
            var p = Process.Start(psi)!;
            running.Add((p, p.StandardError.ReadToEndAsync()));
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        foreach (var (p, err) in running)
        {
            await p.WaitForExitAsync(timeout.Token);
            Assert.True(p.ExitCode == 0, $"writer exited with {p.ExitCode}: {await err}");
            Assert.Equal("", await err);
            p.Dispose();
        }
    }

    private static string[] LogLines(string dir) =>
        Directory.GetFiles(dir, "app.log*").Where(f => !f.EndsWith(".lock", StringComparison.Ordinal))
            .SelectMany(File.ReadAllLines).ToArray();

    [Fact]
    public async Task Four_processes_rotating_one_file_lose_repeat_and_tear_nothing()
    {
        var dir = Path.Combine(Path.GetTempPath(), "funclog-mp-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            const int processes = 4, count = 3000;
            await RunWriters(Path.Combine(dir, "app.log"), processes, count, maxBytes: 8192, backupCount: 500);
            var lines = LogLines(dir);
            Assert.Equal(processes * count, lines.Length);
            Assert.Equal(processes * count, lines.Distinct().Count());
            Assert.All(lines, l => Assert.Matches(@"^p\d r\d{6} end$", l));
            // each process's records appear in its own order when the files are read oldest first
            var backups = Directory.GetFiles(dir, "app.log.*").Where(f => int.TryParse(Path.GetExtension(f).TrimStart('.'), out _)).ToList();
            var files = backups.OrderByDescending(f => int.Parse(Path.GetExtension(f)[1..])).Append(Path.Combine(dir, "app.log"));
            var ordered = files.SelectMany(File.ReadAllLines).ToList();
            for (var p = 0; p < processes; p++)
            {
                var mine = ordered.Where(l => l.StartsWith($"p{p} ", StringComparison.Ordinal)).ToList();
                Assert.Equal(Enumerable.Range(0, count).Select(i => $"p{p} r{i:000000} end"), mine);
            }
            // no rotated file is over the limit: every rollover saw the others' writes
            Assert.True(backups.Count > 10);
            Assert.All(backups, f => Assert.True(new FileInfo(f).Length < 8192, f));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public async Task Processes_sharing_a_small_backupCount_leave_exactly_that_many_backups()
    {
        var dir = Path.Combine(Path.GetTempPath(), "funclog-mp-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            await RunWriters(Path.Combine(dir, "app.log"), 3, 2000, maxBytes: 4096, backupCount: 3);
            Assert.Equal(["app.log", "app.log.1", "app.log.2", "app.log.3", "app.log.lock"],
                Directory.GetFiles(dir).Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal).ToArray());
            var lines = LogLines(dir);
            Assert.All(lines, l => Assert.Matches(@"^p\d r\d{6} end$", l));
            Assert.Equal(lines.Length, lines.Distinct().Count());
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
