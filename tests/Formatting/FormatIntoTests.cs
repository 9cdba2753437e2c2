using System.Globalization;
using System.Text;

namespace FuncLog.Tests.Formatting;

/// <summary>Formatter.FormatInto and Handler.FormatInto: the same text as Format, appended to the caller's builder.</summary>
public class FormatIntoTests
{
    private static readonly long Created = 1_717_236_000_123_000_000L; // 2024-06-01 10:00:00.123 UTC

    private static LogRecord Rec(string msg, object?[]? args = null, Exception? exc = null) =>
        LogRecord.Create("app.module", Levels.Info, msg, args!, Created, excInfo: exc!);

    public static TheoryData<string, char> Layouts => new()
    {
        { "%(asctime)s %(name)s %(levelname)s %(message)s", '%' },          // the fast path
        { "%(levelname)-8s|%(name)12s|%(lineno)d %(message)s", '%' },        // fast path with widths
        { "%(asctime)s %(msecs)03d %(message)r", '%' },                      // general % path
        { "{asctime} {name} {levelname:>8} {message}", '{' },               // {} style
        { "$asctime $name $message", '$' },                                  // $ style
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Appends_exactly_what_Format_returns(string fmt, char style)
    {
        var f = new Formatter(fmt, style: style);
        foreach (var r in new[]
                 {
                     Rec("request %s took %d ms", ["GET /index.html", 42]),
                     Rec("no args at all"),
                     Rec("%(user)s logged in", [new Dictionary<string, object?> { ["user"] = "ann" }]),
                     Rec("non-ASCII: %s ✓ %d", ["grüße 😀", -7]),
                     Rec("failed", exc: new InvalidOperationException("boom")),
                 })
        {
            var sb = new StringBuilder("prefix:");
            f.FormatInto(r, sb);
            Assert.Equal("prefix:" + f.Format(r), sb.ToString());
        }
    }

    [Fact]
    public void A_formatter_subclass_is_used_through_its_Format_override()
    {
        var sb = new StringBuilder();
        new Shouting().FormatInto(Rec("quiet %s", ["please"]), sb);
        Assert.Equal("QUIET PLEASE", sb.ToString());
    }

    [Fact]
    public void A_record_that_fails_to_format_leaves_the_builder_as_it_was()
    {
        var f = new Formatter("%(name)s %(message)s");
        var sb = new StringBuilder("kept");
        Assert.Throws<LogFormatException>(() => f.FormatInto(Rec("%d apples", ["many"]), sb));
        Assert.Equal("kept", sb.ToString());
    }

    [Fact]
    public void A_handler_formats_into_a_builder_with_its_formatter_or_the_default()
    {
        var h = new NullHandler();
        var sb = new StringBuilder();
        h.FormatInto(Rec("plain %d", [1]), sb);
        Assert.Equal("plain 1", sb.ToString()); // Python's default format is %(message)s
        h.SetFormatter(new Formatter("%(levelname)s:%(name)s:%(message)s"));
        sb.Clear();
        h.FormatInto(Rec("plain %d", [2]), sb);
        Assert.Equal("INFO:app.module:plain 2", sb.ToString());
    }

    [Fact]
    public void Negative_numbers_use_an_ASCII_minus_whatever_the_current_culture()
    {
        // .NET's number formatting uses the culture's minus sign (U+2212 in Swedish); Python's %d never does
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("sv-SE");
            var f = new Formatter("%(levelno)d %(message)s");
            var r = LogRecord.Create("n", -5, "%d and %d", [-42, long.MinValue], Created, levelName: "NEG");
            Assert.Equal("-5 -42 and -9223372036854775808", f.Format(r));
            var sb = new StringBuilder();
            f.FormatInto(r, sb);
            Assert.Equal("-5 -42 and -9223372036854775808", sb.ToString());
            Assert.Equal("-42 and -9223372036854775808", r.GetMessage());
            // the general renderers too: widths, floats, {} and $ styles
            var g = LogRecord.Create("n", -5, "%5d|%+.1f|%x", [-42, -1.5, -255], Created, levelName: "NEG");
            Assert.Equal("  -42|-1.5|-ff", g.GetMessage());
            Assert.Equal("-5 -5", new Formatter("{levelno} {levelno:d}", style: '{').Format(g));
            Assert.Equal("-5", new Formatter("$levelno", style: '$').Format(g));
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    private sealed class Shouting() : Formatter("%(message)s")
    {
        public override string Format(LogRecord record) => base.Format(record).ToUpperInvariant();
    }
}
