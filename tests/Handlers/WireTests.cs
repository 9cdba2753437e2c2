using System.Numerics;
using System.Text.Json;
using Microsoft.FSharp.Collections;

namespace FuncLog.Tests.Handlers;

/// <summary>The record frames of CPython's SocketHandler, decoded and encoded: golden data from Golden/record_pickles.py.</summary>
public class WireTests
{
    private static readonly Lazy<JsonElement> Golden = new(() =>
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", "pickles.json")));
        return doc.RootElement.Clone();
    });

    /// <summary>A PyData value as plain .NET values, to compare with what JSON holds.</summary>
    private static object? Plain(PyData v) => v switch
    {
        PyData.Str s => s.Item,
        PyData.Int i => i.Item,
        PyData.Float f => f.Item,
        PyData.Bool b => b.Item,
        PyData.List l => l.Item.Select(Plain).ToList(),
        PyData.Tuple t => t.Item.Select(Plain).ToList(),
        PyData.Dict d => d.Item.ToDictionary(p => (string)Plain(p.Item1)!, p => Plain(p.Item2)),
        _ => null,
    };

    private static object? Plain(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number => e.TryGetInt64(out var i) && !e.GetRawText().Contains('.') && !e.GetRawText().Contains('e') ? new BigInteger(i)
            : e.GetRawText().Contains('.') || e.GetRawText().Contains('e') ? e.GetDouble() : BigInteger.Parse(e.GetRawText()),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Array => e.EnumerateArray().Select(Plain).ToList(),
        JsonValueKind.Object => e.EnumerateObject().ToDictionary(p => p.Name, p => Plain(p.Value)),
        _ => null,
    };

    private static void AssertSame(object? expected, object? actual, string path)
    {
        switch (expected)
        {
            case Dictionary<string, object?> d:
                var a = Assert.IsType<Dictionary<string, object?>>(actual);
                Assert.Equal(d.Keys.ToList(), a.Keys.ToList());
                foreach (var k in d.Keys) AssertSame(d[k], a[k], path + "." + k);
                break;
            case List<object?> l:
                var al = Assert.IsType<List<object?>>(actual);
                Assert.Equal(l.Count, al.Count);
                for (var i = 0; i < l.Count; i++) AssertSame(l[i], al[i], path + $"[{i}]");
                break;
            case double f:
                Assert.True(actual is double g && g == f, $"{path}: {f} != {actual}");
                break;
            default:
                Assert.True(Equals(expected, actual), $"{path}: {expected} != {actual}");
                break;
        }
    }

    [Fact]
    public void Frames_from_CPython_decode_to_the_attributes_Python_sees_in_every_protocol()
    {
        foreach (var f in Golden.Value.GetProperty("frames").EnumerateArray())
        {
            var frame = Convert.FromBase64String(f.GetProperty("frame").GetString()!);
            var expected = Plain(f.GetProperty("attributes"));
            var decoded = Pickle.loads(frame.AsSpan(4));
            Assert.True(decoded.IsOk, decoded.IsError ? decoded.ErrorValue : "");
            AssertSame(expected, Plain(decoded.ResultValue), "frame");
            foreach (var p in f.GetProperty("protocols").EnumerateObject())
            {
                var other = Pickle.loads(Convert.FromBase64String(p.Value.GetString()!));
                Assert.True(other.IsOk, $"protocol {p.Name}: {(other.IsError ? other.ErrorValue : "")}");
                AssertSame(expected, Plain(other.ResultValue), "protocol " + p.Name);
            }
        }
    }

    [Fact]
    public void A_received_frame_becomes_the_record_that_was_sent()
    {
        var frames = Golden.Value.GetProperty("frames").EnumerateArray()
            .Select(f => LogReceiver.Decode(Convert.FromBase64String(f.GetProperty("frame").GetString()!).AsSpan(4)).ResultValue).ToList();
        Assert.Equal("myapp.area1", frames[0].Name);
        Assert.Equal("Jackdaws love my big sphinx of quartz.", frames[0].GetMessage());
        Assert.Equal(Levels.Info, frames[0].LevelNo);
        Assert.Equal("main", frames[0].FuncName);
        Assert.Equal(12, frames[0].LineNo);
        Assert.Equal(140_000_000_000_000L, frames[0].Thread);
        Assert.Equal(612.0, frames[0].Msecs);
        Assert.Equal("unicode: é€😀", frames[1].GetMessage());
        Assert.Equal("Level 55", frames[2].LevelName);
        Assert.StartsWith("Traceback (most recent call last):", frames[3].ExcText);
        Assert.Equal("sheila", frames[4].Extra["user"]);
        Assert.Equal(3, frames[4].Extra["count"]);
        Assert.Equal(BigInteger.Pow(2, 70), frames[4].Extra["big"]);
        var formatted = new Formatter("%(asctime)s %(name)s %(levelname)s %(message)s %(user)s").Format(frames[4]);
        Assert.Equal("2010-12-12 11:41:42,612 extra DEBUG with extra sheila", formatted);
    }

    private static PyData FromJson(JsonElement e, string? type = null) => type switch
    {
        "bool" => PyData.NewBool(e.GetBoolean()),
        "float" => PyData.NewFloat(e.GetDouble()),
        "int" => PyData.NewInt(BigInteger.Parse(e.GetRawText())),
        "NoneType" => PyData.None,
        "tuple" => PyData.NewTuple(ListModule.OfSeq(e.EnumerateArray().Select(x => FromJson(x)))),
        _ => e.ValueKind switch
        {
            JsonValueKind.String => PyData.NewStr(e.GetString()!),
            JsonValueKind.Number => e.GetRawText().Contains('.') ? PyData.NewFloat(e.GetDouble()) : PyData.NewInt(BigInteger.Parse(e.GetRawText())),
            JsonValueKind.Array => PyData.NewList(ListModule.OfSeq(e.EnumerateArray().Select(x => FromJson(x)))),
            JsonValueKind.Object => PyData.NewDict(ListModule.OfSeq(e.EnumerateObject().Select(p => Tuple.Create(PyData.NewStr(p.Name), FromJson(p.Value))))),
            JsonValueKind.True => PyData.NewBool(true),
            JsonValueKind.False => PyData.NewBool(false),
            _ => PyData.None,
        },
    };

    [Fact]
    public void FuncLogs_protocol_1_pickles_are_byte_for_byte_CPythons()
    {
        foreach (var d in Golden.Value.GetProperty("dumps").EnumerateArray())
        {
            var types = d.GetProperty("types");
            var value = PyData.NewDict(ListModule.OfSeq(d.GetProperty("value").EnumerateObject()
                .Select(p => Tuple.Create(PyData.NewStr(p.Name), FromJson(p.Value, types.GetProperty(p.Name).GetString())))));
            Assert.Equal(d.GetProperty("pickle").GetString(), Convert.ToBase64String(Pickle.dumps(value)));
            Assert.Equal(value, Pickle.loads(Pickle.dumps(value)).ResultValue);
        }
    }

    [Fact]
    public void Pickles_that_name_or_construct_objects_are_refused()
    {
        foreach (var p in Golden.Value.GetProperty("refused").EnumerateObject())
        {
            var r = Pickle.loads(Convert.FromBase64String(p.Value.GetString()!));
            Assert.True(r.IsError, p.Name + " was accepted");
            Assert.Contains("refused", r.ErrorValue);
        }
    }
}
