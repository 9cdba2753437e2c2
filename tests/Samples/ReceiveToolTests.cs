using System.Net;
using System.Net.Sockets;
using FuncLog.Tests.Support;

namespace FuncLog.Tests.Samples;

/// <summary>funclog-receive as a user meets it: stdout carries records only; what goes wrong is one line on stderr.</summary>
public class ReceiveToolTests
{
    private static (int ExitCode, string Stdout, string Stderr) Receive(params string[] args) =>
        Repo.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "funclog-receive.dll"), .. args], timeout: TimeSpan.FromMinutes(1));

    [Fact]
    public void A_port_in_use_is_one_line_on_stderr_and_exit_code_1()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var (exit, stdout, stderr) = Receive("--tcp", port.ToString(), "--udp", "-1");

        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"funclog-receive: cannot listen on 127.0.0.1 tcp {port} udp -1: ", line);
    }

    [Theory]
    [InlineData("--tcp", "funclog-receive: --tcp needs a port from -1 to 65535 (try --help)")]
    [InlineData("--tcp x", "funclog-receive: --tcp needs a port from -1 to 65535 (try --help)")]
    [InlineData("--udp 70000", "funclog-receive: --udp needs a port from -1 to 65535 (try --help)")]
    [InlineData("--bind nowhere", "funclog-receive: --bind needs an IP address (try --help)")]
    [InlineData("--max-frame 0", "funclog-receive: --max-frame needs a positive number of bytes (try --help)")]
    [InlineData("--config", "funclog-receive: --config needs a value (try --help)")]
    [InlineData("--verbose", "funclog-receive: unknown option --verbose (try --help)")]
    public void A_bad_option_is_one_line_on_stderr_and_exit_code_2(string args, string message)
    {
        var (exit, stdout, stderr) = Receive(args.Split(' '));
        Assert.Equal((2, "", message + "\n"), (exit, stdout, stderr));
    }

    [Fact]
    public void A_bad_config_is_one_line_naming_the_place_and_exit_code_1()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("funclog-receive").FullName, "bad.json");
        File.WriteAllText(file, """{"version": 1, "root": {"level": "LOUD"}}""");
        var (exit, stdout, stderr) = Receive("--config", file, "--tcp", "0", "--udp", "-1");
        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("funclog-receive: ", line);
        Assert.Contains("root.level", line);
    }
}
