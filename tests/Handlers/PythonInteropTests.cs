using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace FuncLog.Tests.Handlers;

/// <summary>
/// Across languages over loopback, with the cookbook's scripts as printed: FuncLog's SocketHandler to the
/// cookbook's Python receiver, and the cookbook's Python sender to funclog-receive. Reported as skipped
/// where CPython 3.13 is not installed. These use port 9020 (CPython's default) when it is free, so they run alone.
/// </summary>
[Collection("process state")]
public class PythonInteropTests
{
    private static string Script(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Handlers", name));

    private static int PortOr9020()
    {
        try { using var l = new TcpListener(IPAddress.Loopback, 9020); l.Start(); l.Stop(); return 9020; }
        catch (SocketException)
        {
            using var l = new TcpListener(IPAddress.Loopback, 0);
            l.Start();
            return ((IPEndPoint)l.LocalEndpoint).Port;
        }
    }

    private static readonly string[] Expected =
    [
        @"^\s*-?\d+ root            INFO     Jackdaws love my big sphinx of quartz\.$",
        @"^\s*-?\d+ myapp\.area1     DEBUG    Quick zephyrs blow, vexing daft Jim\.$",
        @"^\s*-?\d+ myapp\.area1     INFO     How quickly daft jumping zebras vex\.$",
        @"^\s*-?\d+ myapp\.area2     WARNING  Jail zesty vixen who grabbed pay from quack\.$",
        @"^\s*-?\d+ myapp\.area2     ERROR    The five boxing wizards jump quickly\.$",
    ];

    /// <summary>The cookbook's client after its handler is attached: five records on three loggers.</summary>
    private static void CookbookClient(LogManager logging)
    {
        logging.Info("Jackdaws love my big sphinx of quartz.");
        var logger1 = logging.GetLogger("myapp.area1");
        var logger2 = logging.GetLogger("myapp.area2");
        logger1.Debug("Quick zephyrs blow, vexing daft Jim.");
        logger1.Info("How quickly daft jumping zebras vex.");
        logger2.Warning("Jail zesty vixen who grabbed pay from quack.");
        logger2.Error("The five boxing wizards jump quickly.");
    }

    private static async Task<List<string>> ReadLines(StreamReader r, int count, TimeSpan timeout)
    {
        var lines = new List<string>();
        using var cts = new CancellationTokenSource(timeout);
        while (lines.Count < count)
        {
            var l = await r.ReadLineAsync(cts.Token);
            if (l is null) break;
            lines.Add(l);
        }
        return lines;
    }

    [SkippableFact]
    public async Task FuncLogs_SocketHandler_feeds_the_cookbooks_Python_receiver()
    {
        var python = Support.Repo.RequirePython();
        var port = PortOr9020();
        var dir = Directory.CreateTempSubdirectory("funclog-interop").FullName;
        var script = Script("cookbook_receiver.py");
        if (port != 9020) script = script.Replace("port=logging.handlers.DEFAULT_TCP_LOGGING_PORT", $"port={port}");
        File.WriteAllText(Path.Combine(dir, "receiver.py"), script);
        var psi = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dir };
        psi.ArgumentList.Add("-u");
        psi.ArgumentList.Add("receiver.py");
        using var py = Process.Start(psi)!;
        try
        {
            Assert.Equal(["About to start TCP server..."], await ReadLines(py.StandardOutput, 1, TimeSpan.FromSeconds(30)));
            await Task.Delay(200);
            // the cookbook's client, in C#
            var logging = new LogManager();
            var root = logging.GetLogger("");
            root.SetLevel(Levels.Debug);
            // CPython's 1 s connect timeout, widened so that a loaded test machine cannot turn it into drops
            var socketHandler = new SocketHandler("localhost", port) { Timeout = TimeSpan.FromSeconds(10) };
            root.AddHandler(socketHandler);
            CookbookClient(logging);
            logging.Shutdown();
            var lines = await ReadLines(py.StandardError, 5, TimeSpan.FromSeconds(30));
            Assert.Equal(5, lines.Count);
            for (var i = 0; i < 5; i++) Assert.Matches(Expected[i], lines[i]);
            Assert.Equal(5, socketHandler.SentCount);
        }
        finally
        {
            py.Kill(true);
            Directory.Delete(dir, true);
        }
    }

    [SkippableFact]
    public async Task FuncLogs_DatagramHandler_feeds_a_Python_UDP_receiver()
    {
        var python = Support.Repo.RequirePython();
        var psi = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-u", Path.Combine(AppContext.BaseDirectory, "Handlers", "udp_receiver.py"), "5" }) psi.ArgumentList.Add(a);
        using var py = Process.Start(psi)!;
        try
        {
            var first = Assert.Single(await ReadLines(py.StandardOutput, 1, TimeSpan.FromSeconds(30)));
            var port = int.Parse(first["port ".Length..]);
            var logging = new LogManager();
            var root = logging.GetLogger("");
            root.SetLevel(Levels.Debug);
            var dh = new DatagramHandler("127.0.0.1", port);
            root.AddHandler(dh);
            CookbookClient(logging);
            logging.Shutdown();
            var lines = await ReadLines(py.StandardError, 5, TimeSpan.FromSeconds(30));
            Assert.Equal(5, lines.Count);
            for (var i = 0; i < 5; i++) Assert.Matches(Expected[i], lines[i]);
        }
        finally
        {
            py.Kill(true);
        }
    }

    [SkippableFact]
    public async Task The_cookbooks_Python_sender_feeds_funclog_receive()
    {
        var python = Support.Repo.RequirePython();
        var port = PortOr9020();
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "funclog-receive.dll"), "--tcp", port.ToString(), "--udp", "0" })
            psi.ArgumentList.Add(a);
        using var rx = Process.Start(psi)!;
        var dir = Directory.CreateTempSubdirectory("funclog-interop").FullName;
        try
        {
            var first = await ReadLines(rx.StandardError, 1, TimeSpan.FromSeconds(60));
            Assert.Matches($@"^funclog-receive: listening on 127\.0\.0\.1 tcp {port} udp \d+$", Assert.Single(first));
            var script = Script("cookbook_sender.py");
            if (port != 9020) script = script.Replace("logging.handlers.DEFAULT_TCP_LOGGING_PORT)", $"{port})");
            File.WriteAllText(Path.Combine(dir, "sender.py"), script);
            var spsi = new ProcessStartInfo(python) { WorkingDirectory = dir, RedirectStandardError = true };
            spsi.ArgumentList.Add("sender.py");
            using var sender = Process.Start(spsi)!;
            await sender.WaitForExitAsync();
            Assert.Equal(0, sender.ExitCode);
            var lines = await ReadLines(rx.StandardOutput, 5, TimeSpan.FromSeconds(30));
            Assert.Equal(5, lines.Count);
            for (var i = 0; i < 5; i++) Assert.Matches(Expected[i], lines[i]);
        }
        finally
        {
            rx.Kill(true);
            Directory.Delete(dir, true);
        }
    }
}
