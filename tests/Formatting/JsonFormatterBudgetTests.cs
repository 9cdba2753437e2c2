namespace FuncLog.Tests.Formatting;

/// <summary>The JSON formatter's configuration has budgets: an indent is at most 1,000 characters.</summary>
public class JsonFormatterBudgetTests
{
    [Fact]
    public void A_huge_json_indent_is_refused_before_it_is_made_and_the_error_names_the_place()
    {
        var manager = new LogManager(stderr: new StringWriter());
        var e = Assert.Throws<LogConfigException>(() => manager.DictConfigJson("""
            {"version": 1, "formatters": {"j": {"()": "pythonjsonlogger.jsonlogger.JsonFormatter", "json_indent": 1000000000}}}
            """));
        Assert.Contains("formatters.j", e.Message);
        Assert.Contains("json_indent is more than 1000", e.Message);
        Assert.Throws<ArgumentException>(() => new JsonFormatter(jsonIndent: new string(' ', 1001)));
        Assert.Equal("{\n  \"message\": \"m\",\n  \"taskName\": null\n}",
            new JsonFormatter("%(message)s", jsonIndent: 2).Format(LogRecord.Create("x", Levels.Info, "m")));
    }
}
