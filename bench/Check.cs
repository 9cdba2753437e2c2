using System.Reflection;
using BenchmarkDotNet.Attributes;

namespace FuncLog.Bench;

/// <summary>
/// `dotnet run -c Release --project bench -- check`: runs every file benchmark once through its own setup and prints
/// the first line each library wrote, so that anyone can see the libraries write the same line (S3–S11).
/// </summary>
public static class Check
{
    public static int Run()
    {
        foreach (var type in typeof(Check).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(FileScenario)) && !t.IsAbstract).OrderBy(t => t.Name))
        {
            foreach (var bench in type.GetMethods().Where(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null))
            {
                var s = (FileScenario)Activator.CreateInstance(type)!;
                foreach (var p in type.GetFields().Where(f => f.GetCustomAttribute<ParamsAttribute>() is not null))
                    p.SetValue(s, p.GetCustomAttribute<ParamsAttribute>()!.Values[0]);
                foreach (var p in type.GetProperties().Where(f => f.GetCustomAttribute<ParamsAttribute>() is not null))
                    p.SetValue(s, p.GetCustomAttribute<ParamsAttribute>()!.Values[0]);
                foreach (var g in type.GetMethods().Where(m => m.GetCustomAttribute<GlobalSetupAttribute>() is not null)) g.Invoke(s, null);
                var setup = type.GetMethods().FirstOrDefault(m => m.GetCustomAttribute<IterationSetupAttribute>() is { } a && a.Targets.Contains(bench.Name));
                setup?.Invoke(s, null);
                bench.Invoke(s, null);
                var files = Directory.GetFiles(Path.GetDirectoryName(s.LastPath)!).Order().ToList();
                var first = files.Count == 0 ? "(no file)" : File.ReadLines(files.Last()).FirstOrDefault() ?? "(empty)";
                var lines = files.Sum(f => File.ReadLines(f).LongCount());
                Console.WriteLine($"{type.Name,-18} {bench.Name,-18} {lines,7} lines  {(first.Length > 150 ? first[..150] + "…" : first)}");
                s.Cleanup();
            }
        }
        return 0;
    }
}
