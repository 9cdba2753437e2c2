using FuncLog.Tests.Support;

namespace FuncLog.Tests.Facade;

/// <summary>The committed facade/Generated files are what <see cref="FacadeGenerator"/> writes now.</summary>
public class GeneratedFacadeTests
{
    [Fact]
    public void The_generated_facade_is_up_to_date()
    {
        var stale = new List<string>();
        foreach (var (file, declaration, kind) in FacadeGenerator.Files)
        {
            var path = Repo.PathOf("facade", "Generated", file);
            var expected = FacadeGenerator.Generate(declaration, kind);
            if (Environment.GetEnvironmentVariable("FUNCLOG_REGENERATE") == "1") File.WriteAllText(path, expected);
            if (File.ReadAllText(path).ReplaceLineEndings("\n") != expected) stale.Add(file);
        }
        Assert.True(stale.Count == 0,
            $"stale: {string.Join(", ", stale)}. Regenerate with FUNCLOG_REGENERATE=1 dotnet test --filter GeneratedFacade, then commit.");
    }
}
