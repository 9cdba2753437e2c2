using System.IO.Compression;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using FuncLog.Tests.Support;

namespace FuncLog.Tests.Samples;

/// <summary>
/// <c>dotnet pack</c> of FuncLog.Core, FuncLog, FuncLog.Extensions.Logging, FuncLog.OpenTelemetry and the funclog-receive tool into a local
/// folder, then, against that folder only: a fresh C# console project built and run (its code is the packages'
/// README examples), an F# script that <c>#r</c>s FuncLog.Core, and the tool installed and run. Restores use a
/// private packages folder, so nothing stale from an earlier pack (same version) can be picked up.
/// </summary>
[Collection("dotnet tools")]
public sealed class PackageTests : IDisposable
{
    private static readonly string[] Ids = ["FuncLog.Core", "FuncLog", "FuncLog.Extensions.Logging", "FuncLog.OpenTelemetry", "FuncLog.Receive"];

    /// <summary>What packing the solution must give: each package and its symbol package.</summary>
    private static IEnumerable<string> PackagesOf(string version) =>
        Ids.SelectMany(id => new[] { $"{id}.{version}.nupkg", $"{id}.{version}.snupkg" });

    private readonly string work = Directory.CreateTempSubdirectory("funclog-pack").FullName;
    private string Feed => Path.Combine(work, "feed");
    private string Packages => Path.Combine(work, "packages");

    /// <summary>The one version of every package, from Directory.Build.props.</summary>
    private static string Version() =>
        XDocument.Load(Repo.PathOf("Directory.Build.props")).Descendants("Version").Single().Value;

    /// <summary>The packages NuGet restored for the tests: a local source for the packed packages' dependencies.</summary>
    private static string GlobalPackages() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p ? p
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    private Dictionary<string, string> Env => new() { ["NUGET_PACKAGES"] = Packages };

    private void WriteNuGetConfig(string dir) => File.WriteAllText(Path.Combine(dir, "nuget.config"), $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <packageSources>
            <clear />
            <add key="packed" value="{Feed}" />
            <add key="restored" value="{GlobalPackages()}" />
          </packageSources>
        </configuration>
        """);

    private static string Block(string markdownFile, string language) =>
        DocBlocks.Of(Repo.PathOf("docs", "packages", markdownFile)).First(b => b.Language == language).Code;

    private static (int, string, string) Dotnet(string workDir, Dictionary<string, string>? env, params string[] args) =>
        Repo.Run("dotnet", args, workDir, env, TimeSpan.FromMinutes(5));

    private static void Ok((int Exit, string Out, string Err) r, string what) =>
        Assert.True(r.Exit == 0, $"{what} failed ({r.Exit}):\n{r.Out}\n{r.Err}");

    [Fact]
    public void Packed_packages_carry_their_metadata_and_work_in_a_fresh_CSharp_project_an_FSharp_script_and_as_a_tool()
    {
        var version = Version();
        // `dotnet pack` at the root, as a user types it: the five packages and nothing else, without a warning.
        var pack = Dotnet(Repo.Root, null, "pack", "-c", "Release", "-o", Feed, "--no-restore");
        Ok(pack, "dotnet pack");
        Assert.DoesNotMatch(new Regex(@"\bwarning\b", RegexOptions.IgnoreCase), pack.Item2 + pack.Item3);
        Assert.Equal(PackagesOf(version).Order(), Directory.GetFiles(Feed).Select(Path.GetFileName).Order());

        // Each package: README, license, XML docs, symbols, the one version.
        foreach (var id in Ids)
        {
            var nupkg = Path.Combine(Feed, $"{id}.{version}.nupkg");
            Assert.True(File.Exists(Path.Combine(Feed, $"{id}.{version}.snupkg")), id + " has no symbol package");
            using var zip = ZipFile.OpenRead(nupkg);
            var names = zip.Entries.Select(e => e.FullName).ToList();
            Assert.Contains("README.md", names);
            Assert.Contains("LICENSE", names);
            var nuspec = XDocument.Load(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec")).Open());
            string Meta(string n) => nuspec.Descendants().Single(e => e.Name.LocalName == n).Value;
            Assert.Equal(version, Meta("version"));
            Assert.Equal("MIT", Meta("license"));
            Assert.NotEmpty(Meta("description"));
            if (id != "FuncLog.Receive") Assert.Contains(names, n => n.StartsWith("lib/net10.0/") && n.EndsWith(".xml"));
            else Assert.Contains(names, n => n.EndsWith("DotnetToolSettings.xml"));
        }

        // A fresh C# console project whose Program.cs is each C# README example in turn, run against the packages.
        var consumer = Directory.CreateDirectory(Path.Combine(work, "consumer")).FullName;
        WriteNuGetConfig(consumer);
        File.WriteAllText(Path.Combine(consumer, "consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="FuncLog" Version="{version}" />
                <PackageReference Include="FuncLog.Extensions.Logging" Version="{version}" />
              </ItemGroup>
            </Project>
            """);
        foreach (var readme in new[] { "FuncLog.md", "FuncLog.Extensions.Logging.md" })
        {
            File.WriteAllText(Path.Combine(consumer, "Program.cs"), Block(readme, "csharp") + "\n");
            var run = Dotnet(consumer, Env, "run");
            Ok(run, "the C# consumer running the example of " + readme);
            Assert.Equal(Block(readme, "text") + "\n", run.Item2.Replace("\r\n", "\n"));
        }

        // An F# script that #r's FuncLog.Core from the folder: the FuncLog.Core README example.
        var script = Path.Combine(work, "script.fsx");
        File.WriteAllText(script, $"""
            #i "nuget: {Feed}"
            #i "nuget: {GlobalPackages()}"
            #r "nuget: FuncLog.Core, {version}"
            {Block("FuncLog.Core.md", "fsharp")}
            """);
        var fsi = Dotnet(work, Env, "fsi", "--nologo", script);
        Ok(fsi, "the F# script");
        Assert.Equal(Block("FuncLog.Core.md", "text") + "\n", fsi.Item2.Replace("\r\n", "\n"));

        // The tool, installed from the folder and run.
        var tools = Path.Combine(work, "tools");
        WriteNuGetConfig(work);
        Ok(Dotnet(work, Env, "tool", "install", "FuncLog.Receive", "--version", version, "--tool-path", tools,
            "--configfile", Path.Combine(work, "nuget.config")), "dotnet tool install");
        var help = Repo.Run(Path.Combine(tools, "funclog-receive"), ["--help"], work, Env, TimeSpan.FromMinutes(1));
        Ok(help, "funclog-receive --help");
        Assert.Matches(new Regex(@"^funclog-receive \[--tcp 9020\] \[--udp 9021\]"), help.Item2);

        RunTheGettingStartedInstallSteps();
    }

    /// <summary>
    /// docs/getting-started.md's install steps, line by line, in a fresh folder with a cold package cache: the
    /// pack line (run above with the same options) makes the feed the others add as a source.
    /// </summary>
    private void RunTheGettingStartedInstallSteps()
    {
        const string DocFeed = "/tmp/funclog-feed";
        var steps = DocBlocks.Of(Repo.PathOf("docs", "getting-started.md")).First(b => b.Language == "sh").Code.Split('\n');
        var newcomer = Directory.CreateDirectory(Path.Combine(work, "newcomer")).FullName;
        var env = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(work, "newcomer-packages") };
        (int, string, string) last = (0, "", "");
        foreach (var step in steps)
        {
            var words = step.Split(" #")[0].Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(w => w == DocFeed ? Feed : w).ToArray();
            Assert.Equal("dotnet", words[0]);
            if (words[1] == "pack") { Assert.Equal(["pack", "-c", "Release", "-o", Feed], words[1..]); continue; }
            last = Dotnet(newcomer, env, words[1..]);
            Ok(last, step);
        }
        Assert.Equal("Hello, World!\n", last.Item2.Replace("\r\n", "\n"));
        Assert.Contains("Include=\"FuncLog\"", File.ReadAllText(Path.Combine(newcomer, "MyApp", "MyApp.csproj")));
    }

    public void Dispose()
    {
        try { Directory.Delete(work, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
