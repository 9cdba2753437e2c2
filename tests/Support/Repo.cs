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

    /// <summary>
    /// CPython 3.13, the reference FuncLog is compared with: the interpreter's own path (so no pyenv shim or
    /// PYENV_VERSION is needed to run it), or null where no 3.13 is installed. Tried in order: pyenv's 3.13.0
    /// (<c>PYENV_VERSION=3.13.0 python3.13</c>), <c>python3.13</c>, and <c>python3</c> when that is 3.13.
    /// Another version (a Debian python3 is 3.11) is never taken: its logging differs in places.
    /// </summary>
    public static string? Python => python.Value;

    /// <summary>CPython 3.13's path; where it is not installed, the calling test is reported as skipped.</summary>
    public static string RequirePython()
    {
        Skip.If(Python is null, "CPython 3.13 is not installed (python3.13; on the development machines PYENV_VERSION=3.13.0 python3.13)");
        return Python!;
    }

    private static readonly Lazy<string?> python = new(() =>
        new (string Program, string? PyenvVersion)[] { ("python3.13", "3.13.0"), ("python3.13", null), ("python3", null) }
            .Select(c => Cpython313(c.Program, c.PyenvVersion)).FirstOrDefault(p => p is not null));

    private static string? Cpython313(string program, string? pyenvVersion)
    {
        try
        {
            var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { "-c", "import sys; print(sys.version_info[:2] == (3, 13)); print(sys.executable)" })
                info.ArgumentList.Add(a);
            if (pyenvVersion is not null) info.Environment["PYENV_VERSION"] = pyenvVersion;
            using var pr = Process.Start(info)!;
            var lines = pr.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            pr.WaitForExit();
            return pr.ExitCode == 0 && lines is ["True", var exe] && File.Exists(exe) ? exe : null;
        }
        catch (System.ComponentModel.Win32Exception) { return null; }
    }

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
