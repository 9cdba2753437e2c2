using System.Diagnostics;
using System.Text.RegularExpressions;
using FuncLog.Tests.Support;

namespace FuncLog.Tests.Extensions;

/// <summary>
/// samples/WebApi run as its own process: a real HTTP request on loopback, ILogger records written by FuncLog as
/// appsettings.json configures it, and the configuration reloaded when that file changes.
/// </summary>
public sealed partial class WebApiSampleTests : IDisposable
{
    private readonly string contentRoot = Directory.CreateTempSubdirectory("funclog-webapi").FullName;
    private Process? app;
    private readonly List<string> output = [];

    /// <summary>The sample's build output, next to this test assembly's configuration (Debug or Release).</summary>
    internal static string SampleDll() =>
        Repo.PathOf("samples", "WebApi", "bin", Repo.Configuration, "net10.0", "WebApi.dll");

    private string Start()
    {
        var dll = SampleDll();
        File.Copy(Path.Combine(Path.GetDirectoryName(dll)!, "appsettings.json"), Path.Combine(contentRoot, "appsettings.json"));
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { dll, "--urls", "http://127.0.0.1:0", "--contentRoot", contentRoot }) info.ArgumentList.Add(a);
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        app = Process.Start(info)!;
        app.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.Add(e.Data); };
        app.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.Add("stderr: " + e.Data); };
        app.BeginOutputReadLine();
        app.BeginErrorReadLine();
        var listening = WaitFor(l => l.Contains("Now listening on: "), TimeSpan.FromSeconds(60));
        return ListeningOn().Match(listening).Groups[1].Value;
    }

    private string WaitFor(Func<string, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            lock (output) { var l = output.FirstOrDefault(match); if (l is not null) return l; }
            if (app!.HasExited) break;
            Thread.Sleep(20);
        }
        lock (output) throw new Xunit.Sdk.XunitException("not seen in the sample's output:\n" + string.Join("\n", output));
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningOn();

    [Fact]
    public async Task A_request_is_logged_through_FuncLog_as_appsettings_says_and_a_changed_file_is_applied_live()
    {
        var url = Start();
        Assert.Contains("INFO     Microsoft.Hosting.Lifetime [14] Now listening on: " + url, output);
        using var http = new HttpClient { BaseAddress = new Uri(url) };

        Assert.Equal("""{"id":42,"status":"shipped"}""", await http.GetStringAsync("/orders/42"));
        var info = WaitFor(l => l.Contains("Order 42 read: shipped"), TimeSpan.FromSeconds(10));
        Assert.Matches(@"^INFO     WebApi\.Orders \[1001 OrderRead\] order=42 \{.*RequestPath:/orders/42.* => Customer:ann\} Order 42 read: shipped$", info);
        lock (output) Assert.Contains(output, l => Regex.IsMatch(l, @"^DEBUG    WebApi\.Orders \[0 None\] order=42 \{.*Customer:ann\} Order 42 looked up$"));
        lock (output) Assert.DoesNotContain(output, l => l.Contains("Microsoft.AspNetCore")); // WARNING for the framework
        WaitFor(l => l.EndsWith("Order 42 carrier None"), TimeSpan.FromSeconds(10));
        lock (output) Assert.Contains(output, l => Regex.IsMatch(l, @"^INFO     WebApi\.Orders \[0 None\] order=42 .* Order 42 carrier None$"));

        // the relative file name is in the content root (not the test's current directory); its folder was created
        var logFile = Path.Combine(contentRoot, "logs", "webapi.log");
        Assert.Contains("INFO     Microsoft.Hosting.Lifetime [14] Now listening on: " + url, File.ReadAllLines(logFile));

        // Raise WebApi to INFO in the file: the running app reloads it; the DEBUG record (logged before the INFO one)
        // disappears. Each request has its own id, so a line tells which request, and reload, it belongs to.
        var settings = Path.Combine(contentRoot, "appsettings.json");
        File.WriteAllText(settings, File.ReadAllText(settings).Replace("\"level\": \"DEBUG\"", "\"level\": \"INFO\""));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        for (int id = 100; ; id++)
        {
            await http.GetStringAsync($"/orders/{id}");
            WaitFor(l => l.Contains($"Order {id} read"), TimeSpan.FromSeconds(10));
            bool debugSeen;
            lock (output) debugSeen = output.Any(l => l.Contains($"Order {id} looked up"));
            if (!debugSeen) break;
            Assert.True(DateTime.UtcNow < deadline, "the changed appsettings.json was not applied");
            await Task.Delay(100);
        }

        // a bad version is refused and reported once (a file save signals twice), by a record that has no EventId:
        // the format naming it prints the provider's default
        File.WriteAllText(settings, File.ReadAllText(settings).Replace("\"level\": \"INFO\"", "\"level\": \"LOUD\""));
        var refused = WaitFor(l => l.Contains("refused"), TimeSpan.FromSeconds(30));
        Assert.StartsWith("ERROR    funclog.config [0] config reload of configuration section FuncLog refused", refused);
        await Task.Delay(1000);
        lock (output) Assert.Single(output, l => l.Contains("refused"));

        lock (output) Assert.DoesNotContain(output, l => l.StartsWith("stderr:") || l.Contains("Logging error"));
    }

    public void Dispose()
    {
        if (app is { HasExited: false }) { app.Kill(entireProcessTree: true); app.WaitForExit(10_000); }
        app?.Dispose();
        try { Directory.Delete(contentRoot, true); } catch (IOException) { }
    }
}
