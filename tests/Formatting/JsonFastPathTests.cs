using System.Text;

namespace FuncLog.Tests.Formatting;

/// <summary>
/// The JSON formatter's fast path renders the message and asctime into a scratch builder and escapes them from
/// there, chunk by chunk, and writes straight into a file handler's buffer. Long texts span many chunks: every
/// escape must survive the chunk boundaries, with ensure_ascii on and off.
/// </summary>
public class JsonFastPathTests
{
    // one of each kind of escape: a quote, a backslash, a control character, Latin-1, an astral character
    private const string Unit = "a\"b\\c\n\u00e9\U0001F600";
    private const string UnitAscii = "a\\\"b\\\\c\\n\\u00e9\\ud83d\\ude00";
    private const string UnitUnicode = "a\\\"b\\\\c\\n\u00e9\U0001F600";

    private static LogRecord Rec(string msg, object?[]? args = null) =>
        LogRecord.Create("app", Levels.Info, msg, args!, 1_717_236_000_123_000_000L);

    [Theory]
    [InlineData(1)]
    [InlineData(37)]     // a few hundred chars: past the scratch builder's first chunk
    [InlineData(5000)]   // about 40,000 chars: many chunks
    public void Long_messages_keep_every_escape_across_chunks(int repeat)
    {
        var message = string.Concat(Enumerable.Repeat(Unit, repeat));
        foreach (var (ascii, unit) in new[] { (true, UnitAscii), (false, UnitUnicode) })
        {
            var f = new JsonFormatter("%(message)s", jsonEnsureAscii: ascii);
            var expected = "{\"message\": \"" + string.Concat(Enumerable.Repeat(unit, repeat)) + "\", \"taskName\": null}";
            Assert.Equal(expected, f.Format(Rec(message)));
            // through % arguments (the message is rendered, not copied)
            Assert.Equal(expected, f.Format(Rec("%s", [message])));
            var sb = new StringBuilder("held:");
            f.FormatInto(Rec(message), sb);
            Assert.Equal("held:" + expected, sb.ToString());
        }
    }

    [Fact]
    public void Asctime_with_a_datefmt_that_needs_escaping_is_escaped()
    {
        var f = new JsonFormatter("%(asctime)s %(message)s", datefmt: "\"%Y\"\\é");
        Assert.Equal("{\"asctime\": \"\\\"2024\\\"\\\\\\u00e9\", \"message\": \"m\", \"taskName\": null}", f.Format(Rec("m")));
    }

    [Fact]
    public void A_file_handler_writes_the_same_lines_as_Format()
    {
        var path = Path.Combine(Path.GetTempPath(), $"funclog-json-{Guid.NewGuid():N}.log");
        try
        {
            var f = new JsonFormatter("%(asctime)s %(name)s %(levelname)s %(message)s");
            var h = new FileHandler(path, encoding: "utf-8");
            h.SetFormatter(f);
            var records = new[]
            {
                Rec("request %s took %d ms", ["GET /index.html", 42]),
                Rec(string.Concat(Enumerable.Repeat(Unit, 300))),
                LogRecord.Create("app", Levels.Info, "with extra", null!, 1_717_236_000_123_000_000L,
                    extra: new Dictionary<string, object?> { ["Path"] = "/x", ["Ms"] = 7, ["nested"] = new Dictionary<string, object?> { ["a"] = 1 } }),
            };
            foreach (var r in records) h.Handle(r);
            h.Close();
            Assert.Equal(records.Select(f.Format), File.ReadAllLines(path, Encoding.UTF8));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void A_subclass_that_changes_Format_is_used_by_handlers()
    {
        var sb = new StringBuilder();
        new Wrapped().FormatInto(Rec("m"), sb);
        Assert.Equal("<{\"message\": \"m\", \"taskName\": null}>", sb.ToString());
    }

    private sealed class Wrapped() : JsonFormatter("%(message)s")
    {
        public override string Format(LogRecord record) => "<" + base.Format(record) + ">";
    }
}
