using System.Diagnostics;

namespace FuncLog.Tests.Support;

/// <summary>The checkout the tests run from, and child processes run to completion.</summary>
public static class Repo
{
    /// <summary>The folder holding FuncLog.sln, found above the test binaries (CI maps source paths to /_/).</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>This test assembly's configuration (Debug or Release), for paths to other projects' outputs.</summary>
    public static string Configuration { get; } =
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "FuncLog.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("FuncLog.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>A Python 3 interpreter on PATH (python3, then python), or null where there is none.</summary>
    public static string? Python => python.Value;

    private static readonly Lazy<string?> python = new(() => new[] { "python3", "python" }.FirstOrDefault(p =>
    {
        try
        {
            using var pr = Process.Start(new ProcessStartInfo(p, "--version") { RedirectStandardOutput = true, RedirectStandardError = true })!;
            pr.WaitForExit();
            return pr.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception) { return false; }
    }));

    /// <summary>Runs a program to its end; fails the test with its output if it runs past the timeout.</summary>
    public static (int ExitCode, string Stdout, string Stderr) Run(string file, IEnumerable<string> args, string? workDir = null,
        IReadOnlyDictionary<string, string>? env = null, TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = workDir ?? Root,
        };
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        if (env is not null) foreach (var (k, v) in env) info.Environment[k] = v;
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout ?? TimeSpan.FromMinutes(5)))
        {
            p.Kill(entireProcessTree: true);
            throw new Xunit.Sdk.XunitException($"{file} {string.Join(' ', args)} did not finish:\n{stdout.Result}\n{stderr.Result}");
        }
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr.Result);
    }
}
