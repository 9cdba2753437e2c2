using System.Diagnostics;

namespace FuncLog.Tests.Shell;

public class ProcessExitTests
{
    [Fact]
    public async Task Every_manager_is_shut_down_at_process_exit()
    {
        var path = Path.Combine(Path.GetTempPath(), "funclog-exit-" + Guid.NewGuid().ToString("N") + ".log");
        var probe = Path.Combine(AppContext.BaseDirectory, "ExitProbe.dll");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        psi.ArgumentList.Add(probe);
        psi.ArgumentList.Add(path);
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await p.WaitForExitAsync(timeout.Token);
        Assert.Equal(0, p.ExitCode);
        try
        {
            var lines = File.ReadAllLines(path);
            Assert.Contains("default: from the default manager", lines);
            Assert.Contains("default: closed", lines);
            Assert.Contains("own: from a second manager", lines);
            Assert.Contains("own: closed", lines);
            Assert.Equal("", await stderr);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>
    /// Records buffered in a FileHandler and a MemoryHandler reach their files whichever way the process
    /// leaves: returning from Main, Environment.Exit, an unhandled exception on the main thread or another,
    /// and SIGTERM (CPython's atexit flushes them in the same cases).
    /// </summary>
    [Theory]
    [InlineData("return", 0)]
    [InlineData("exit", 3)]
    [InlineData("throw", 134)]
    [InlineData("thread", 134)]
    [InlineData("sigterm", 143)]
    public async Task Buffered_records_are_flushed_on_every_way_out(string way, int exitCode)
    {
        var dir = Directory.CreateTempSubdirectory("funclog-way").FullName;
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "ExitProbe.dll"), "way", way, dir }) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_DbgEnableMiniDump"] = "0";
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            if (way == "sigterm")
            {
                Assert.Equal("ready", await p.StandardOutput.ReadLineAsync(timeout.Token));
                Assert.Equal(0, Kill(p.Id, 15));
            }
            await p.WaitForExitAsync(timeout.Token);
            Assert.Equal(exitCode, p.ExitCode);
            var expected = Enumerable.Range(0, 50).Select(i => $"record {i}").ToArray();
            Assert.Equal(expected, File.ReadAllLines(Path.Combine(dir, "buffered.log")));
            Assert.Equal(expected, File.ReadAllLines(Path.Combine(dir, "memory.log")));
            if (way is "throw" or "thread") Assert.Contains("Unhandled exception", await stderr);
        }
        finally
        {
            if (!p.HasExited) p.Kill();
            Directory.Delete(dir, true);
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
