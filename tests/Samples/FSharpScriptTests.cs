using FuncLog.Tests.Support;

namespace FuncLog.Tests.Samples;

/// <summary>samples/fsharp/*.fsx run with <c>dotnet fsi</c> as a user would, their printed output asserted.</summary>
[Collection("dotnet tools")]
public class FSharpScriptTests
{
    private static string RunScript(string name)
    {
        var (exit, stdout, stderr) = Repo.Run("dotnet", ["fsi", "--nologo", Repo.PathOf("samples", "fsharp", name)]);
        Assert.True(exit == 0, $"dotnet fsi {name} exited with {exit}:\n{stdout}\n{stderr}");
        Assert.DoesNotContain("warning", stderr);
        return stdout.Replace("\r\n", "\n");
    }

    [Fact]
    public void The_quick_start_script_prints_what_it_says()
    {
        Assert.Equal("""
            INFO     app.script: started
            WARNING  app.script: disk 93% full on /var
            INFO     app.script: 42 orders, 97.5% shipped
            ERROR    app.db.pool: connection refused
            INFO     app.script: login from 10.0.0.7 [ann]
            pure: WARNING|app.pure|disk 93% full
            pure error: ValueError: Formatting field not found in record: 'nosuchfield'

            """, RunScript("quickstart.fsx"));
    }

    [Fact]
    public void The_rotation_simulation_prints_the_same_file_tree_every_time()
    {
        var output = RunScript("rotation.fsx");
        Assert.StartsWith("after step 1 (2026-03-01 22:00):\n  app.log                1 line(s), last: 2026-03-01 22:00:00,000 step 1\n", output);
        Assert.EndsWith("""
            after step 7 (2026-03-02 07:00):
              app.log                1 line(s), last: 2026-03-02 07:00:00,000 step 7
              app.log.2026-03-01     2 line(s), last: 2026-03-01 23:30:00,000 step 2
              app.log.2026-03-02     2 line(s), last: 2026-03-02 02:30:00,000 step 4
              app.log.2026-03-02.1   2 line(s), last: 2026-03-02 05:30:00,000 step 6

            """, output);
        Assert.Equal(output, RunScript("rotation.fsx"));
    }
}
