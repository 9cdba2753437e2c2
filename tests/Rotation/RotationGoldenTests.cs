using System.IO.Compression;
using System.Text;
using System.Text.Json;
using FuncLog.Tests.Support;

namespace FuncLog.Tests.Rotation;

/// <summary>
/// Replays the scenarios recorded from CPython 3.13 by Golden/record_rotation.py: the same handler, arguments,
/// time zone, starting files and steps on a fake clock. After every step the directory must hold the same
/// names, and at the end every file the same bytes (gzip backups compared decompressed).
/// </summary>
public class RotationGoldenTests
{
    private static readonly Lazy<Dictionary<string, JsonElement>> All = new(() =>
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Golden", "rotation.json");
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

    [Fact]
    public void Every_when_is_recorded()
    {
        var whens = All.Value.Values.Where(s => s.GetProperty("kind").GetString() == "timed")
            .Select(s => s.GetProperty("args").GetProperty("when").GetString()!.ToUpperInvariant()).ToHashSet();
        foreach (var w in new[] { "S", "M", "H", "D", "MIDNIGHT", "W0", "W1", "W2", "W3", "W4", "W5", "W6" })
            Assert.Contains(w, whens);
    }

    private static DateTimeOffset FromNs(long ns) => DateTimeOffset.UnixEpoch.AddTicks(ns / 100);

    private static T Arg<T>(JsonElement args, string name, T fallback)
    {
        if (!args.TryGetProperty(name, out var v)) return fallback;
        object value = typeof(T) == typeof(string) ? v.GetString()! :
            typeof(T) == typeof(bool) ? (object)v.GetBoolean() :
            typeof(T) == typeof(int) ? (object)v.GetInt32() :
            typeof(T) == typeof(long) ? (object)v.GetInt64() : throw new NotSupportedException(typeof(T).Name);
        return (T)value;
    }

    internal static string ReadLogFile(string path)
    {
        if (!path.EndsWith(".gz", StringComparison.Ordinal)) return File.ReadAllText(path, new UTF8Encoding(false));
        using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var r = new StreamReader(gz, new UTF8Encoding(false));
        return r.ReadToEnd();
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void FuncLog_leaves_the_files_CPython_leaves(string name)
    {
        var sc = All.Value[name];
        var zone = TimeZoneInfo.FindSystemTimeZoneById(sc.TryGetProperty("tz", out var tz) ? tz.GetString()! : "UTC");
        var start = sc.TryGetProperty("start", out var st) ? st.GetInt64() : 1748779200L * 1_000_000_000;
        var clock = new ManualTimeProvider(FromNs(start), zone);
        var stderr = new StringWriter();
        var manager = new LogManager(clock, stderr);
        var dir = Path.Combine(Path.GetTempPath(), "funclog-rotation", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            if (sc.TryGetProperty("setup", out var setup))
                foreach (var f in setup.EnumerateArray())
                {
                    var p = Path.Combine(dir, f.GetProperty("name").GetString()!);
                    File.WriteAllText(p, f.GetProperty("content").GetString(), new UTF8Encoding(false));
                    var mtime = f.TryGetProperty("mtime", out var m) ? m.GetInt64() : start - 3600L * 1_000_000_000;
                    File.SetLastWriteTimeUtc(p, FromNs(mtime).UtcDateTime);
                }

            var path = Path.Combine(dir, "app.log");
            var args = sc.GetProperty("args");
            var kind = sc.GetProperty("kind").GetString();
            BaseRotatingHandler handler = kind == "size"
                ? new RotatingFileHandler(path, Arg(args, "mode", "a"), Arg(args, "maxBytes", 0L), Arg(args, "backupCount", 0),
                    "utf-8", Arg(args, "delay", false), timeProvider: clock)
                : new TimedRotatingFileHandler(path, Arg(args, "when", "h"), Arg(args, "interval", 1), Arg(args, "backupCount", 0),
                    "utf-8", Arg(args, "delay", false), Arg(args, "utc", false),
                    args.TryGetProperty("atTime", out var at) ? TimeOnly.Parse(at.GetString()!) : null, timeProvider: clock);
            if (sc.TryGetProperty("gzip", out var gz) && gz.GetBoolean()) handler.UseGZip();
            var fmt = sc.TryGetProperty("fmt", out var fe) ? fe.GetString()! : kind == "size" ? "%(message)s" : "%(asctime)s %(message)s";
            handler.SetFormatter(new Formatter(fmt));
            var logger = manager.GetLogger("rot." + name);
            logger.Propagate = false;
            logger.SetLevel(Levels.Debug);
            logger.AddHandler(handler);

            var snapshots = sc.GetProperty("snapshots").EnumerateArray().ToList();
            var i = 0;
            foreach (var step in sc.GetProperty("steps").EnumerateArray())
            {
                if (step.TryGetProperty("log", out var msg)) logger.Info(msg.GetString()!);
                else clock.Advance(TimeSpan.FromTicks((long)(step.GetProperty("advance").GetDouble() * 1e9) / 100));
                var expected = snapshots[i].EnumerateArray().Select(e => e.GetString()!).ToList();
                var actual = Directory.GetFiles(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
                Assert.True(expected.SequenceEqual(actual),
                    $"after step {i} ({step}): expected [{string.Join(", ", expected)}] but found [{string.Join(", ", actual)}]");
                i++;
            }

            handler.Close();
            foreach (var f in sc.GetProperty("files").EnumerateObject())
                Assert.Equal(f.Value.GetString(), ReadLogFile(Path.Combine(dir, f.Name)));
            Assert.Equal(0, handler.ErrorCount);
            Assert.Equal("", stderr.ToString());
        }
        finally
        {
            manager.Shutdown();
            try { Directory.Delete(dir, true); } catch (IOException) { }
        }
    }
}
