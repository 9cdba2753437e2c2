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
}
