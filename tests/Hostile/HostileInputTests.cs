using System.Diagnostics;

namespace FuncLog.Tests.Hostile;

/// <summary>
/// Hostile inputs, each in a child process (tests/ExitProbe, "attack NAME") under a 768 MB heap limit and a time
/// limit, because what they used to do — a stack overflow, running out of memory — ends a process and cannot be
/// caught. Each must be refused with an error that names its place, quickly and in little memory, while the
/// process, the configuration in force and the listeners survive.
/// </summary>
public class HostileInputTests
{
    private static (string Output, double Seconds, int MegaBytes) Attack(string name)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "ExitProbe.dll"), "attack", name }) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_GCHeapHardLimit"] = "0x30000000";
        psi.Environment["DOTNET_DbgEnableMiniDump"] = "0";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromSeconds(90)))
        {
            p.Kill(true);
            Assert.Fail($"{name}: still running after 90 s\n{stdout.Result}");
        }
        Assert.True(p.ExitCode == 0, $"{name}: the process ended with {p.ExitCode}\n{stdout.Result}\n{stderr.Result}");
        var lines = stdout.Result.TrimEnd().Split('\n');
        double Value(string key) => double.Parse(lines.Single(l => l.StartsWith(key + ": ")).Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        return (string.Join("\n", lines.Where(l => !l.StartsWith("seconds: ") && !l.StartsWith("memory: "))), Value("seconds"), (int)Value("memory"));
    }

    [Theory]
    [InlineData("yaml-self-alias", "refused: line 2, column 8: the alias *a is inside the node it names (recursive YAML is refused)")]
    [InlineData("yaml-deep", "refused: line 2, column 103: nested deeper than 100 levels (InputLimits.MaxDepth)")]
    [InlineData("yaml-deep-maps", "refused: line 2, column 400: nested deeper than 100 levels (InputLimits.MaxDepth)")]
    [InlineData("json-deep", "refused: line 1, column 120: nested deeper than 100 levels (InputLimits.MaxDepth)")]
    [InlineData("ini-deep", "[handler_h] line 12: args, column 101: nested deeper than 100 levels (InputLimits.MaxDepth)")]
    [InlineData("yaml-laughs", "refused: line 6, column 10: expands to more than 10374 values (InputLimits.ExpansionFactor, InputLimits.MaxValues)")]
    [InlineData("cfg-fanout", ": expands to more than 11683 values (InputLimits.ExpansionFactor, InputLimits.MaxValues)")]
    [InlineData("code-cycle", "refused: self.self: a configuration value contains itself")]
    public void A_configuration_that_would_end_the_process_is_refused_and_the_one_in_force_stays(string attack, string refusal)
    {
        var (output, seconds, megaBytes) = Attack(attack);
        var lines = output.Split('\n');
        Assert.StartsWith("refused: ", lines[0]);
        Assert.Contains(refusal, lines[0]);
        Assert.Equal("still: level DEBUG handlers [keep]", lines[1]);
        Assert.True(seconds < 10, $"{attack} took {seconds} s");
        Assert.True(megaBytes < 64, $"{attack} kept {megaBytes} MB");
    }

    [Theory]
    [InlineData("listener-ini-deep", "config listener: [handler_h] line 12: args, column 101: nested deeper than 100 levels")]
    [InlineData("listener-cfg-fanout", "config listener: k10")]
    public void The_config_listener_refuses_the_frame_and_serves_the_next(string attack, string refusal)
    {
        var (output, _, _) = Attack(attack);
        var lines = output.Split('\n');
        Assert.StartsWith("refused: " + refusal, lines[0]);
        Assert.Equal("still serving: level ERROR handlers [keep]", lines[1]);
    }

    [Theory]
    [InlineData("udp-dup", "refused: receiver: a frame was refused: the frame expands to more values than it has bytes")]
    [InlineData("tcp-dup", "refused: receiver: a frame was refused: the frame expands to more values than it has bytes")]
    [InlineData("bigint", "refused: receiver: a frame was refused: offset 900003: Exceeds the limit (4300 digits) for integer string conversion")]
    [InlineData("hash-flood", "handled: flooded")]
    public void The_receiver_refuses_or_handles_the_frame_in_little_time_and_memory_and_serves_the_next(string attack, string first)
    {
        var (output, seconds, megaBytes) = Attack(attack);
        var lines = output.Split('\n');
        Assert.StartsWith(first, lines[0]);
        Assert.Equal("still serving: still here", lines[1]);
        Assert.True(seconds < 10, $"{attack} took {seconds} s");
        Assert.True(megaBytes < 64, $"{attack} kept {megaBytes} MB");
    }

    [Fact]
    public void Slow_and_greedy_connections_are_capped_timed_out_and_cost_no_memory()
    {
        var (output, seconds, megaBytes) = Attack("slow-connections");
        var lines = output.Split('\n');
        Assert.Equal("peak connections: 128 (limit 128)", lines[0]);
        Assert.StartsWith("closed for taking too long: ", lines[1]);
        Assert.True(int.Parse(lines[1].Split(": ")[1]) > 0);
        Assert.Equal("refused at the limit: True", lines[2]);
        Assert.Equal("still serving: still here", lines[3]);
        Assert.True(megaBytes < 64, $"the slow connections kept {megaBytes} MB");
        Assert.True(seconds < 30, $"took {seconds} s");
    }

    [Fact]
    public void A_flood_of_new_logger_names_does_not_slow_the_receiver_down()
    {
        var (output, _, _) = Attack("logger-flood");
        var lines = output.Split('\n');
        Assert.Equal("loggers: 20001", lines[1]);
        // creating a logger costs its depth, not the size of the tree: thousands of records a second even for
        // 20,000 new names (it was about 80 a second once the tree was large)
        Assert.True(int.Parse(lines[0].Split(": ")[1]) > 1000, lines[0]);
    }
}
