using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Microsoft.FSharp.Core;

namespace FuncLog.Tests.Formatting;

/// <summary>
/// The differential corpus Golden/record_format_corpus.py recorded from CPython 3.13: thousands of % operator
/// cases, format(value, spec) cases and strftime cases (%Z in every IANA zone, every directive and flag around
/// DST changes), replayed without Python. Each test reports how many cases differ and shows the first ones.
/// </summary>
public class FormatCorpusTests
{
    // a manager installs the system's zoneinfo as the source of zone abbreviations (%Z)
    static FormatCorpusTests() => _ = new LogManager(stderr: new StringWriter());

    private static readonly Lazy<JsonElement> Corpus = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", "format_corpus.json"))).RootElement);

    internal static object? Decode(JsonElement e) => e.GetProperty("t").GetString() switch
    {
        "none" => null,
        "bool" => e.GetProperty("v").GetBoolean(),
        "str" => e.GetProperty("v").GetString(),
        "int" => BigInteger.Parse(e.GetProperty("v").GetString()!, CultureInfo.InvariantCulture) is var big
            ? big >= int.MinValue && big <= int.MaxValue ? (int)big : big >= long.MinValue && big <= long.MaxValue ? (long)big : big
            : null,
        "float" => e.GetProperty("v").GetString() switch
        {
            "inf" => double.PositiveInfinity,
            "-inf" => double.NegativeInfinity,
            "nan" => double.NaN,
            var s => double.Parse(s!, CultureInfo.InvariantCulture),
        },
        "dict" => e.GetProperty("v").EnumerateArray().ToDictionary(p => p[0].GetString()!, p => Decode(p[1])),
        var t => throw new InvalidDataException(t),
    };

    private static string Expected(JsonElement c) =>
        c.TryGetProperty("text", out var t) ? t.GetString()! : $"{c.GetProperty("error").GetString()}: {c.GetProperty("message").GetString()}";

    private static string Actual(FSharpResult<string, FormatError> r) => r.IsOk ? r.ResultValue : $"{r.ErrorValue.Kind}: {r.ErrorValue.Message}";

    private static void Check(string section, IEnumerable<(string Case, string Expected, string Actual)> results)
    {
        var all = results.ToList();
        var failures = all.Where(r => r.Expected != r.Actual).ToList();
        Assert.True(all.Count > 1000, $"{section}: only {all.Count} cases");
        Assert.True(failures.Count == 0,
            $"{section}: {failures.Count} of {all.Count} differ from CPython 3.13:\n" +
            string.Join("\n", failures.Take(int.TryParse(Environment.GetEnvironmentVariable("FUNCLOG_CORPUS_SHOW"), out var n) ? n : 25).Select(f => $"{f.Case}\n   CPython: {JsonSerializer.Serialize(f.Expected)}\n   FuncLog: {JsonSerializer.Serialize(f.Actual)}")));
    }

    [Fact]
    public void The_percent_operator_matches_CPython()
    {
        Check("percent", Corpus.Value.GetProperty("percent").EnumerateArray().Select(c =>
        {
            var fmt = c.GetProperty("fmt").GetString()!;
            var args = c.GetProperty("args").EnumerateArray().Select(Decode).ToArray();
            var mapping = c.TryGetProperty("mapping", out var m) && m.GetBoolean();
            var pa = mapping
                ? PercentArgs.NewMapping(args[0]!, FuncConvert.FromFunc((string k) => PyValue.tryLookup(args[0]!, k)))
                : PercentArgs.NewPositional(args!);
            return ($"{JsonSerializer.Serialize(fmt)} % {JsonSerializer.Serialize(c.GetProperty("args"))}", Expected(c), Actual(PercentFormat.format(fmt, pa)));
        }));
    }

    [Fact]
    public void Format_specs_match_CPython()
    {
        Check("brace", Corpus.Value.GetProperty("brace").EnumerateArray().Select(c =>
        {
            var spec = c.GetProperty("spec").GetString()!;
            var value = Decode(c.GetProperty("value"));
            string actual;
            try { actual = Actual(BraceFormat.formatValue(value!, spec)); }
            catch (Exception e) { actual = "raised " + e.GetType().Name + ": " + e.Message; }   // a failure, never an escape
            return ($"format({JsonSerializer.Serialize(c.GetProperty("value"))}, {JsonSerializer.Serialize(spec)})", Expected(c), actual);
        }));
    }

    [Fact]
    public void Strftime_matches_CPython_in_every_zone()
    {
        var missing = 0;
        Check("strftime", Corpus.Value.GetProperty("strftime").EnumerateArray().Select(c =>
        {
            var zone = c.GetProperty("zone").GetString()!;
            var fmt = c.GetProperty("fmt").GetString()!;
            var instant = DateTimeOffset.FromUnixTimeSeconds(c.GetProperty("t").GetInt64());
            string actual;
            if (zone == "gmtime") actual = Strftime.format(fmt, Strftime.gmtime(instant));
            else if (!TimeZoneInfo.TryFindSystemTimeZoneById(zone, out var tz)) { missing++; actual = c.GetProperty("text").GetString()!; }
            else actual = Strftime.format(fmt, Strftime.breakDown(tz, instant));
            return ($"{zone} {instant:u} {JsonSerializer.Serialize(fmt)}", c.GetProperty("text").GetString()!, actual);
        }));
        Assert.True(missing < 20, $"{missing} zones of the corpus are not on this machine");
    }
}
