using System.Text.Json;
using FuncLog.Tests.Support;

namespace FuncLog.Tests.Handlers;

/// <summary>
/// Characters a file's encoding cannot represent, under each of Python's error handlers: the bytes CPython
/// 3.13's FileHandler wrote (Golden/record_encoding_errors.py), and the records it sent to handleError.
/// </summary>
public class EncodingErrorsTests
{
    private static readonly JsonElement Golden =
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", "encoding_errors.json"))).RootElement;

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var c in Golden.GetProperty("cases").EnumerateArray())
            data.Add(c.GetProperty("encoding").GetString()!, c.GetProperty("errors").GetString() ?? "(none)");
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_FileHandler_writes_what_CPython_writes(string encoding, string errors)
    {
        var golden = Golden.GetProperty("cases").EnumerateArray().Single(c =>
            c.GetProperty("encoding").GetString() == encoding && (c.GetProperty("errors").GetString() ?? "(none)") == errors);
        using var h = new Harness();
        var policy = new CountingErrorPolicy();
        var handler = new FileHandler(h.PathOf("out.log"), mode: "w", encoding: encoding, errors: errors == "(none)" ? null : errors)
        {
            ErrorPolicy = policy,
        };
        handler.SetFormatter(new Formatter("%(levelname)s %(message)s"));
        foreach (var m in Golden.GetProperty("messages").EnumerateArray())
        {
            // code points, a lone surrogate among them
            var text = string.Concat(m.EnumerateArray().Select(c => c.GetInt32() is var cp && cp > 0xFFFF ? char.ConvertFromUtf32(cp) : ((char)cp).ToString()));
            handler.Handle(LogRecord.Create("p", Levels.Warning, text));
        }
        handler.Close();

        Assert.Equal(Convert.FromBase64String(golden.GetProperty("bytes").GetString()!), File.ReadAllBytes(h.PathOf("out.log")));
        Assert.Equal(golden.GetProperty("failures").GetInt32(), policy.Errors.Count);
        Assert.All(policy.Errors, e => Assert.IsType<UnicodeEncodingError>(e.Error));
    }

    [Fact]
    public void Strict_reports_Pythons_message_and_writes_nothing_of_the_record()
    {
        using var h = new Harness();
        var policy = new CountingErrorPolicy();
        var handler = new FileHandler(h.PathOf("out.log"), encoding: "latin-1") { ErrorPolicy = policy };
        handler.Handle(LogRecord.Create("p", Levels.Warning, "5 €"));
        handler.Handle(LogRecord.Create("p", Levels.Warning, "after"));
        handler.Close();
        Assert.Equal("after\n", h.Read("out.log"));
        Assert.Equal("'latin-1' codec can't encode character '\\u20ac' in position 2: ordinal not in range(256)",
            Assert.Single(policy.Errors).Error.Message);
        Assert.Equal(1, handler.ErrorCount);
    }

    [Fact]
    public void An_unknown_error_handler_is_refused_when_the_handler_is_made()
    {
        using var h = new Harness();
        var e = Assert.Throws<ArgumentException>(() => new FileHandler(h.PathOf("x.log"), errors: "surrogateescape!"));
        Assert.StartsWith("unknown error handler name 'surrogateescape!'", e.Message);
    }

    [Fact]
    public void BasicConfig_and_both_config_formats_pass_errors_on()
    {
        using var h = new Harness();
        h.Manager.BasicConfig(filename: h.PathOf("basic.log"), encoding: "ascii", format: "%(message)s");
        h.Manager.Warning("5 €");                                                  // basicConfig's default: backslashreplace
        h.Manager.DictConfigJson($$$"""
            {"version": 1, "handlers": {"f": {"class": "logging.FileHandler", "filename": {{{JsonSerializer.Serialize(h.PathOf("dict.log"))}}},
             "encoding": "ascii", "errors": "xmlcharrefreplace"}}, "root": {"handlers": ["f"], "level": "INFO"}}
            """);
        h.Manager.Warning("5 €");
        File.WriteAllText(h.PathOf("file.ini"), $$"""
            [loggers]
            keys=root
            [handlers]
            keys=f
            [formatters]
            keys=
            [logger_root]
            handlers=f
            [handler_f]
            class=FileHandler
            args=({{JsonSerializer.Serialize(h.PathOf("ini.log"))}}, 'a', 'latin-1', False, 'namereplace')
            """);
        h.Manager.FileConfig(h.PathOf("file.ini"));
        h.Manager.Warning("5 €");
        h.Manager.Shutdown();
        Assert.Equal("5 \\u20ac\n", h.Read("basic.log"));
        Assert.Equal("5 &#8364;\n", h.Read("dict.log"));
        Assert.Equal("5 \\N{EURO SIGN}\n", h.Read("ini.log"));
    }
}
