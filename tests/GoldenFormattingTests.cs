using System.Globalization;
using System.Numerics;
using System.Text.Json;
using FuncLog.Tests.Support;

namespace FuncLog.Tests;

/// <summary>
/// Replays the cases recorded from CPython 3.13 by Golden/record_golden.py through FuncLog: a record made by a
/// logger on a fake clock, then a Formatter. Output (or the error Python raised) must match byte for byte.
/// </summary>
public class GoldenFormattingTests
{
    private static readonly Lazy<Dictionary<string, JsonElement>> All = new(() =>
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Golden", "formatting.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.GetProperty("cases").EnumerateArray()
            .ToDictionary(c => c.GetProperty("id").GetString()!, c => c.Clone());
    });

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var id in All.Value.Keys) data.Add(id);
        return data;
    }

    [Fact]
    public void There_are_at_least_forty_recorded_cases() => Assert.True(All.Value.Count >= 40);

    private static object? Decode(JsonElement e)
    {
        var t = e.GetProperty("t").GetString();
        switch (t)
        {
            case "none": return null;
            case "bool": return e.GetProperty("v").GetBoolean();
            case "str": return e.GetProperty("v").GetString();
            case "int":
                var big = BigInteger.Parse(e.GetProperty("v").GetString()!, CultureInfo.InvariantCulture);
                return big >= int.MinValue && big <= int.MaxValue ? (int)big : big >= long.MinValue && big <= long.MaxValue ? (long)big : big;
            case "float":
                return e.GetProperty("v").GetString() switch
                {
                    "inf" => double.PositiveInfinity,
                    "-inf" => double.NegativeInfinity,
                    "nan" => double.NaN,
                    var s => double.Parse(s!, CultureInfo.InvariantCulture),
                };
            case "list": return e.GetProperty("v").EnumerateArray().Select(Decode).ToList();
            case "dict": return DecodePairs(e.GetProperty("v"));
            default: throw new InvalidDataException(t);
        }
    }

    private static Dictionary<string, object?> DecodePairs(JsonElement pairs) =>
        pairs.EnumerateArray().ToDictionary(p => p[0].GetString()!, p => Decode(p[1]));

    private static string? Str(JsonElement c, string key) =>
        c.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>A formatter with Python's default_time_format / default_msec_format set, as the cases do on instances.</summary>
    private sealed class TimeFormats(string fmt, string datefmt, char style, bool validate, IReadOnlyDictionary<string, object?>? defaults, bool utc)
        : Formatter(fmt, datefmt, style, validate, defaults!, utc)
    {
        public string? TimeFormat { get; init; }
        public string? MsecFormat { get; init; }
        public override string DefaultTimeFormat => TimeFormat ?? base.DefaultTimeFormat;
        public override string DefaultMsecFormat => MsecFormat!;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_CPython(string id)
    {
        var c = All.Value[id];
        var created = long.Parse(c.GetProperty("created").GetString()!, CultureInfo.InvariantCulture);
        var relative = long.Parse(c.GetProperty("relative_ns").GetString()!, CultureInfo.InvariantCulture);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(c.GetProperty("tz").GetString()!);
        var clock = new ManualTimeProvider(Support.Instants.FromUnixNs(created - relative), zone);
        var manager = new LogManager(clock);
        clock.SetUtcNow(Support.Instants.FromUnixNs(created));

        var collector = new CollectingHandler();
        var logger = manager.GetLogger(c.GetProperty("name").GetString());
        logger.SetLevel(1);
        logger.Propagate = false;
        logger.AddHandler(collector);
        var args = c.GetProperty("args").EnumerateArray().Select(Decode).ToArray();
        var extra = DecodePairs(c.GetProperty("extra"));
        logger.Core.Log(c.GetProperty("level").GetInt32(), c.GetProperty("msg").GetString(), args!, null!, extra!, false, 1,
            new CallSite("/src/app/main.py", 42, "handler"));
        var record = Assert.Single(collector.Records);

        var expectedText = Str(c, "text");
        var expectedError = Str(c, "error");
        var expectedMessage = Str(c, "message");
        IReadOnlyDictionary<string, object?>? defaults = c.TryGetProperty("defaults", out var d) ? DecodePairs(d) : null;
        Formatter formatter;
        try
        {
            formatter = new TimeFormats(Str(c, "fmt")!, Str(c, "datefmt")!, Str(c, "style")![0], c.GetProperty("validate").GetBoolean(),
                defaults!, c.GetProperty("utc").GetBoolean())
            {
                TimeFormat = c.TryGetProperty("time_format", out var tf) ? tf.GetString() : null,
                MsecFormat = c.TryGetProperty("msec_format", out var mf) ? mf.GetString() : "%s,%03d",
            };
        }
        catch (ArgumentException e)
        {
            Assert.Equal("ValueError", expectedError);
            Assert.Equal(expectedMessage, e.Message);
            return;
        }
        var result = formatter.TryFormat(record);
        if (expectedText is not null)
        {
            Assert.True(result.IsOk, result.IsError ? result.ErrorValue.ToString() : "");
            Assert.Equal(expectedText, result.ResultValue);
        }
        else
        {
            Assert.True(result.IsError, result.IsOk ? "formatted: " + result.ResultValue : "");
            Assert.Equal(expectedError, result.ErrorValue.Kind.ToString());
            Assert.Equal(expectedMessage, result.ErrorValue.Message);
        }
    }
}
