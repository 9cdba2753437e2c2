using System.Text;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Microsoft.FSharp.Collections;

namespace FuncLog.Tests.Formatting;

/// <summary>
/// python-json-logger's JsonFormatter (2.0.1) and colorlog's ColoredFormatter (6.7.0) as CPython 3.13 ran them
/// (Golden/record_structured.py): each case's formatter arguments and record, and the text format() returned,
/// replayed through FuncLog's JsonFormatter and ColoredFormatter and compared byte for byte.
/// </summary>
public class StructuredGoldenTests
{
    private static JsonElement Load(string name) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", name))).RootElement;

    /// <summary>A tagged value of the corpus as PyData (what a record dict holds).</summary>
    internal static PyData Data(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Null => PyData.None,
        JsonValueKind.True => PyData.NewBool(true),
        JsonValueKind.False => PyData.NewBool(false),
        JsonValueKind.Number => PyData.NewInt(new BigInteger(e.GetInt64())),
        JsonValueKind.String => PyData.NewStr(e.GetString()!),
        JsonValueKind.Array => PyData.NewList(ListModule.OfSeq(e.EnumerateArray().Select(Data))),
        _ when e.TryGetProperty("$int", out var i) => PyData.NewInt(BigInteger.Parse(i.GetString()!, CultureInfo.InvariantCulture)),
        _ when e.TryGetProperty("$float", out var f) => PyData.NewFloat(Float(f.GetString()!)),
        _ when e.TryGetProperty("$bytes", out var b) => PyData.NewBytes(Convert.FromHexString(b.GetString()!)),
        _ when e.TryGetProperty("$tuple", out var t) => PyData.NewTuple(ListModule.OfSeq(t.EnumerateArray().Select(Data))),
        _ when e.TryGetProperty("$dict", out var d) =>
            PyData.NewDict(ListModule.OfSeq(d.EnumerateArray().Select(p => Tuple.Create(Data(p[0]), Data(p[1]))))),
        _ => throw new InvalidDataException(e.ToString()),
    };

    private static double Float(string repr) => repr switch
    {
        "inf" => double.PositiveInfinity,
        "-inf" => double.NegativeInfinity,
        "nan" => double.NaN,
        _ => double.Parse(repr, CultureInfo.InvariantCulture),
    };

    /// <summary>A tagged value as the .NET value a configuration or a caller would pass.</summary>
    internal static object? Value(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number => e.GetInt32(),
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Array => e.EnumerateArray().Select(Value).ToArray(),
        _ when e.TryGetProperty("$dict", out var d) =>
            d.EnumerateArray().ToDictionary(p => p[0].GetString()!, p => Value(p[1])) as IReadOnlyDictionary<string, object?>,
        _ => throw new InvalidDataException(e.ToString()),
    };

    internal static LogRecord Record(JsonElement e)
    {
        var r = RecordWire.ofDict(Data(e));
        Assert.True(r.IsOk, r.IsOk ? "" : r.ErrorValue);
        return r.ResultValue;
    }

    private static IReadOnlyDictionary<string, object?> Kwargs(JsonElement c) =>
        (IReadOnlyDictionary<string, object?>)Value(c.GetProperty("kwargs"))!;

    private static T? Get<T>(IReadOnlyDictionary<string, object?> kw, string key) => kw.TryGetValue(key, out var v) ? (T?)v : default;

    internal static JsonFormatter Json(IReadOnlyDictionary<string, object?> kw) => new(
        fmt: Get<string>(kw, "fmt")!, datefmt: Get<string>(kw, "datefmt")!,
        style: kw.TryGetValue("style", out var s) ? ((string)s!)[0] : '%',
        prefix: Get<string>(kw, "prefix") ?? "",
        renameFields: Get<IReadOnlyDictionary<string, object?>>(kw, "rename_fields")!,
        jsonIndent: Get<object>(kw, "json_indent")!,
        jsonEnsureAscii: !kw.TryGetValue("json_ensure_ascii", out var a) || (bool)a!,
        reservedAttrs: Get<object?[]>(kw, "reserved_attrs")!,
        timestamp: Get<object>(kw, "timestamp")!);

    private static void Check(string what, List<(string Case, string Expected, string Actual)> results, int atLeast)
    {
        var failures = results.Where(r => r.Expected != r.Actual).ToList();
        Assert.True(results.Count >= atLeast, $"{what}: only {results.Count} cases");
        Assert.True(failures.Count == 0,
            $"{what}: {failures.Count} of {results.Count} differ from CPython:\n" + string.Join("\n", failures.Take(15).Select(f =>
                $"{f.Case}\n   CPython: {JsonSerializer.Serialize(f.Expected)}\n   FuncLog: {JsonSerializer.Serialize(f.Actual)}")));
    }

    [Fact]
    public void JsonFormatter_gives_python_json_loggers_bytes()
    {
        var corpus = Load("jsonlogger.json");
        Assert.Equal("python-json-logger 2.0.1", corpus.GetProperty("package").GetString());
        var results = new List<(string, string, string)>();
        foreach (var c in corpus.GetProperty("cases").EnumerateArray())
        {
            string actual;
            try { actual = Json(Kwargs(c)).Format(Record(c.GetProperty("record"))); }
            catch (Exception e) { actual = "raised " + e.GetType().Name + ": " + e.Message; }
            results.Add(($"{c.GetProperty("kwargs")} {c.GetProperty("record")}", c.GetProperty("output").GetString()!, actual));

            // the same case rendered into a handler's builder (the path file handlers take): the same text
            // after what the builder held, or the same error with the builder left as it was
            var sb = new StringBuilder("held:");
            string into;
            try { Json(Kwargs(c)).FormatInto(Record(c.GetProperty("record")), sb); into = sb.ToString()[5..]; }
            catch (Exception e) { into = sb.ToString() == "held:" ? "raised " + e.GetType().Name + ": " + e.Message : "builder changed"; }
            results.Add(($"FormatInto {c.GetProperty("kwargs")} {c.GetProperty("record")}", c.GetProperty("output").GetString()!, into));
        }
        Check("jsonlogger", results, 1800);
    }

    internal static ColoredFormatter Colored(IReadOnlyDictionary<string, object?> kw) => new(
        fmt: Get<string>(kw, "fmt")!, datefmt: Get<string>(kw, "datefmt")!,
        style: kw.TryGetValue("style", out var s) ? ((string)s!)[0] : '%',
        logColors: Get<IReadOnlyDictionary<string, object?>>(kw, "log_colors")!,
        reset: !kw.TryGetValue("reset", out var r) || (bool)r!,
        secondaryLogColors: Get<IReadOnlyDictionary<string, object?>>(kw, "secondary_log_colors")!,
        noColor: kw.TryGetValue("no_color", out var n) && (bool)n!,
        forceColor: kw.TryGetValue("force_color", out var f) && (bool)f!,
        defaults: Get<IReadOnlyDictionary<string, object?>>(kw, "defaults")!);

    [Fact]
    public void ColoredFormatter_gives_colorlogs_escape_sequences()
    {
        var corpus = Load("colorlog.json");
        Assert.Equal("colorlog 6.7.0", corpus.GetProperty("package").GetString());
        var results = new List<(string, string, string)>();
        foreach (var c in corpus.GetProperty("cases").EnumerateArray())
        {
            var env = c.GetProperty("env").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
            var output = c.GetProperty("output");
            var expected = output.ValueKind == JsonValueKind.String ? output.GetString()! : "raised " + output.GetProperty("error").GetString();
            string actual;
            try
            {
                var formatter = Colored(Kwargs(c));
                formatter.Environment = name => env.GetValueOrDefault(name)!;
                actual = formatter.Format(Record(c.GetProperty("record")));
            }
            catch (LogFormatException e) { actual = "raised " + e.Error.Kind; }
            results.Add(($"{c.GetProperty("env")} {c.GetProperty("kwargs")} {c.GetProperty("record")}", expected, actual));
        }
        Check("colorlog", results, 390);
    }
}
