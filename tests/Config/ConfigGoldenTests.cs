using System.Text.Json;
using FuncLog.Tests.Support;

namespace FuncLog.Tests.Config;

/// <summary>
/// Replays the scenarios recorded from CPython 3.13 by Golden/record_config.py: the same loggers, the same
/// dictConfig/fileConfig configurations, the same calls on a fixed clock; stdout, stderr and every file must
/// hold the same bytes.
/// </summary>
[Collection("process state")]
public class ConfigGoldenTests
{
    private static readonly Lazy<Dictionary<string, JsonElement>> All = new(() =>
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Golden", "config.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.GetProperty("scenarios").EnumerateArray()
            .ToDictionary(c => c.GetProperty("name").GetString()!, c => c.Clone());
    });

    public static TheoryData<string> Scenarios()
    {
        var data = new TheoryData<string>();
        foreach (var id in All.Value.Keys) data.Add(id);
        return data;
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void FuncLog_writes_what_CPython_writes_for_the_same_configuration(string name)
    {
        var sc = All.Value[name];
        var clock = new ManualTimeProvider(DateTimeOffset.UnixEpoch.AddTicks(1111250335_977_000_000 / 100),
            TimeZoneInfo.FindSystemTimeZoneById("Europe/London"));
        var stderr = new StringWriter();
        var stdout = new StringWriter();
        var manager = new LogManager(clock, stderr);
        var dir = Path.Combine(Path.GetTempPath(), "funclog-config", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var saved = Console.Out;
        Console.SetOut(stdout);
        // recorded without NO_COLOR and FORCE_COLOR (colorlog reads them)
        var savedColor = new[] { "NO_COLOR", "FORCE_COLOR" }.Select(n => (n, Environment.GetEnvironmentVariable(n))).ToList();
        foreach (var (variable, _) in savedColor) Environment.SetEnvironmentVariable(variable, null);
        try
        {
            if (sc.TryGetProperty("before", out var before))
                foreach (var b in before.EnumerateArray()) manager.GetLogger(b.GetString()!);
            foreach (var c in sc.GetProperty("configs").EnumerateArray())
            {
                if (c.TryGetProperty("dict", out var d))
                    manager.DictConfigJson(d.GetRawText().Replace("FILE", dir));
                else
                {
                    var p = Path.Combine(dir, "logging.conf");
                    File.WriteAllText(p, c.GetProperty("ini").GetString());
                    var defaults = sc.TryGetProperty("ini_defaults", out var dd)
                        ? dd.EnumerateObject().ToDictionary(x => x.Name, x => x.Value.GetString()!.Replace("FILE", dir))
                        : null;
                    manager.FileConfig(p, defaults);
                }
            }
            // on a thread of its own, outside any Task: taskName is None, as in CPython outside asyncio
            var calls = new Thread(() =>
            {
                foreach (var call in sc.GetProperty("calls").EnumerateArray())
                    manager.GetLogger(call[0].GetString()!).Log(call[1].GetInt32(), call[2].GetString()!);
            });
            calls.Start();
            calls.Join();
            manager.Shutdown();
        }
        finally
        {
            Console.SetOut(saved);
            foreach (var (variable, value) in savedColor) Environment.SetEnvironmentVariable(variable, value);
        }
        Assert.Equal(sc.GetProperty("stdout").GetString(), stdout.ToString());
        Assert.Equal(sc.GetProperty("stderr").GetString(), stderr.ToString());
        var files = sc.GetProperty("files").EnumerateObject().ToDictionary(f => f.Name, f => f.Value.GetString());
        var actual = Directory.GetFiles(dir).Select(f => Path.GetFileName(f)!).Where(n => n != "logging.conf")
            .ToDictionary(n => n, n => (string?)File.ReadAllText(Path.Combine(dir, n)));
        Assert.Equal(files, actual);
        Directory.Delete(dir, true);
    }
}
