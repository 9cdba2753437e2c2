using FuncLog.Tests.Support;

namespace FuncLog.Tests.Docs;

/// <summary>
/// Every code block in docs/ is compiled or run by a test:
/// <list type="bullet">
/// <item>C#, F# and Python blocks must be found, line for line, in a file the suite compiles and runs (tests, properties,
/// the F# scripts and the web sample that tests run, the cookbook scripts the interop tests run) — or, for the package
/// READMEs, be the code PackageTests builds against the packed packages. A Python block found nowhere is run with
/// Python (where it is installed) and its output compared with the first text block after it.</item>
/// <item>JSON, YAML and INI blocks are configurations: applied to a fresh LogManager; one preceded by
/// <c>&lt;!-- error: … --&gt;</c> must fail with that message.</item>
/// <item>Shell blocks are commands: each runs a known program, and the repository paths they name exist.</item>
/// <item>Text blocks are printed output, asserted by the tests that run the code before them.</item>
/// </list>
/// </summary>
[Collection("process state")]
public class DocsTests
{
    private static readonly string DocsDir = Repo.PathOf("docs");

    public static TheoryData<string, int> AllBlocks()
    {
        var data = new TheoryData<string, int>();
        foreach (var file in Directory.GetFiles(DocsDir, "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            foreach (var b in DocBlocks.Of(file))
                data.Add(Path.GetRelativePath(DocsDir, file), b.Line);
        return data;
    }

    /// <summary>Blocks PackageTests compiles or runs against the packed packages: (file, language) → its first such block.</summary>
    private static readonly HashSet<(string, string)> BuiltByPackageTests =
    [
        ("packages/FuncLog.md", "csharp"), ("packages/FuncLog.Extensions.Logging.md", "csharp"), ("packages/FuncLog.Core.md", "fsharp"), ("getting-started.md", "sh"),
        ("packages/FuncLog.md", "text"), ("packages/FuncLog.Core.md", "text"),
    ];

    private static readonly Lazy<List<(string Path, string Text)>> TestedSources = new(() =>
    {
        IEnumerable<string> Files(string dir, string pattern) =>
            Directory.GetFiles(Repo.PathOf(dir), pattern, SearchOption.AllDirectories)
                .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}")
                            && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")
                            && !f.Contains($"{Path.DirectorySeparatorChar}Golden{Path.DirectorySeparatorChar}"));
        var files = Files("tests", "*.cs").Concat(Files("tests", "*.py")).Concat(Files("properties", "*.fs"))
            .Concat(Files("samples/fsharp", "*.fsx"))
            .Concat([Repo.PathOf("samples", "WebApi", "Program.cs"), Repo.PathOf("samples", "WebApi", "appsettings.json")]);
        return files.Select(f => (f, Normalize(File.ReadAllText(f)))).ToList();
    });

    /// <summary>Lines trimmed, blank lines dropped: indentation and spacing between statements do not matter.</summary>
    private static string Normalize(string code) =>
        string.Join("\n", code.Replace("\r\n", "\n").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0));

    private static string? FoundIn(DocBlock block)
    {
        var code = Normalize(block.Code);
        return TestedSources.Value.FirstOrDefault(s => s.Text.Contains(code, StringComparison.Ordinal)).Path;
    }

    [SkippableTheory]
    [MemberData(nameof(AllBlocks))]
    public void Every_code_block_in_docs_is_compiled_or_run(string file, int line)
    {
        var blocks = DocBlocks.Of(Path.Combine(DocsDir, file));
        var block = blocks.Single(b => b.Line == line);
        var key = (file.Replace('\\', '/'), block.Language);
        if (BuiltByPackageTests.Contains(key) && blocks.First(b => b.Language == block.Language) == block) return;

        switch (block.Language)
        {
            case "csharp" or "fsharp":
                Assert.True(FoundIn(block) is not null,
                    $"{block}: not found in any test, property, or sample that a test runs. Put it, as printed, in a test.\n{block.Code}");
                break;
            case "python":
                if (FoundIn(block) is not null) return;
                RunPython(block, blocks);
                break;
            case "json" or "yaml" or "ini":
                if (block.Note is null && FoundIn(block) is not null) return;
                ApplyConfiguration(block);
                break;
            case "sh":
                CheckCommands(block);
                break;
            case "text":
                break;
            default:
                Assert.Fail($"{block}: no rule for '{block.Language}' blocks; tag it csharp, fsharp, python, json, yaml, ini, sh or text");
                break;
        }
    }

    private static void RunPython(DocBlock block, List<DocBlock> blocks)
    {
        var python = Repo.RequirePython();
        var script = Path.Combine(Path.GetTempPath(), $"funclog-doc-{Guid.NewGuid():N}.py");
        File.WriteAllText(script, block.Code + "\n");
        try
        {
            var (exit, stdout, stderr) = Repo.Run(python, [script], timeout: TimeSpan.FromMinutes(1));
            Assert.True(exit == 0, $"{block}: python exited with {exit}\n{stderr}");
            // its output: the first text block after it (the same output may be shown once for a Python and a C# block)
            var output = blocks.SkipWhile(b => b != block).Skip(1).FirstOrDefault(b => b.Language is "text" or "python");
            if (output is { Language: "text" }) Assert.Equal(output.Code + "\n", stdout.Replace("\r\n", "\n"));
        }
        finally { File.Delete(script); }
    }

    private static void ApplyConfiguration(DocBlock block)
    {
        using var h = new Harness();
        var saved = Environment.CurrentDirectory;
        var savedOut = Console.Out;
        Environment.CurrentDirectory = h.Dir;
        Console.SetOut(new StringWriter());
        try
        {
            var manager = new LogManager(stderr: new StringWriter());
            Action apply = block.Language switch
            {
                "json" => () => manager.DictConfigJson(block.Code),
                "yaml" => () => manager.DictConfigYaml(block.Code),
                _ => () =>
                {
                    File.WriteAllText("logging.conf", block.Code + "\n");
                    manager.FileConfig("logging.conf");
                },
            };
            if (block.Note is { } note && note.StartsWith("error: "))
            {
                var e = Assert.Throws<LogConfigException>(apply);
                Assert.Contains(note["error: ".Length..], e.Message);
            }
            else
            {
                apply();
                // what the pure model says the configuration means is what the manager now has
                var parsed = block.Language switch
                {
                    "json" => ConfigText.json(block.Code).ResultValue,
                    "yaml" => ConfigText.yaml(block.Code).ResultValue,
                    _ => null,
                };
                var model = parsed is null
                    ? FileConfig.parse(HandlerCatalogue.schemas, InputLimits.Default, LevelTable.get(), true,
                        Ini.parse(Microsoft.FSharp.Collections.MapModule.Empty<string, string>(), block.Code + "\n").ResultValue).ResultValue
                    : DictConfig.parse(HandlerCatalogue.schemas, InputLimits.Default, LevelTable.get(), parsed).ResultValue;
                foreach (var (name, logger) in model.Loggers.Select(t => (t.Item1, (LoggerConfig?)t.Item2)).Append(("", model.Root?.Value)))
                {
                    if (logger is null) continue;
                    var actual = manager.GetLogger(name);
                    Assert.Equal(logger.Handlers.Length, actual.Handlers.Count);
                    if (logger.Level is { } level) Assert.Equal(level.Value, actual.Level);
                }
            }
            manager.Shutdown();
        }
        finally
        {
            Console.SetOut(savedOut);
            Environment.CurrentDirectory = saved;
        }
    }

    [Fact]
    public void The_performance_page_shows_the_latest_results_of_bench_README()
    {
        var bench = File.ReadAllText(Repo.PathOf("bench", "README.md"));
        var page = File.ReadAllText(Path.Combine(DocsDir, "performance.md"));
        var results = bench[bench.IndexOf("The default job is", StringComparison.Ordinal)..];
        Assert.True(page.Contains(results, StringComparison.Ordinal),
            "docs/performance.md does not end with bench/README.md's results (from \"The default job is\"): copy them over");
    }

    private static readonly HashSet<string> KnownPrograms = ["dotnet", "funclog-receive", "python3", "python3.13"];

    private static void CheckCommands(DocBlock block)
    {
        foreach (var raw in block.Code.Split('\n'))
        {
            var command = raw.Split(" #")[0].Trim();
            if (command.Length == 0 || command.StartsWith('#')) continue;
            var words = command.Split(' ', StringSplitOptions.RemoveEmptyEntries).SkipWhile(w => w.Contains('=') && !w.StartsWith('-')).ToList();
            Assert.True(words.Count > 0 && KnownPrograms.Contains(words[0]), $"{block}: '{command}' does not run a known program");
            foreach (var w in words.Skip(1))
                if (w.Contains('/') && !w.StartsWith('-') && !w.StartsWith('"') && !w.StartsWith('\'') && !w.Contains("://") && !w.Contains('*'))
                    Assert.True(File.Exists(Repo.PathOf(w)) || Directory.Exists(Repo.PathOf(w)), $"{block}: '{w}' does not exist in the repository");
        }
    }
}
