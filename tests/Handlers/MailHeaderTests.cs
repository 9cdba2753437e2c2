using System.Text.Json;

namespace FuncLog.Tests.Handlers;

/// <summary>
/// The Subject header SMTPHandler writes, folded and RFC 2047-encoded as CPython 3.13's email package does it:
/// a generated corpus recorded by Golden/record_mail_headers.py, replayed byte for byte.
/// </summary>
public class MailHeaderTests
{
    [Fact]
    public void Every_subject_of_the_corpus_folds_as_CPython_folds_it()
    {
        var cases = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", "mail_headers.json"))).RootElement;
        var failures = new List<string>();
        foreach (var c in cases.EnumerateArray())
        {
            var subject = c.GetProperty("subject").GetString()!;
            var expected = c.GetProperty("folded").GetString()!;
            var actual = MailHeader.fold("Subject", subject);
            if (!actual.IsOk || actual.ResultValue + "\n" != expected)
                failures.Add($"{JsonSerializer.Serialize(subject)}\n  CPython: {JsonSerializer.Serialize(expected)}\n  FuncLog: {JsonSerializer.Serialize(actual.IsOk ? actual.ResultValue + "\n" : actual.ErrorValue)}");
        }
        Assert.True(cases.GetArrayLength() > 800);
        Assert.True(failures.Count == 0, $"{failures.Count} of {cases.GetArrayLength()} differ:\n" + string.Join("\n", failures.Take(10)));
    }

    [Fact]
    public void A_line_break_or_a_lone_surrogate_is_refused_as_Python_refuses_it()
    {
        Assert.Equal("Header values may not contain linefeed or carriage return characters", MailHeader.fold("Subject", "a\nb").ErrorValue);
        Assert.Contains("surrogates not allowed", MailHeader.fold("Subject", "a\ud800b").ErrorValue);
    }
}

/// <summary>
/// The whole e-mail SMTPHandler writes — headers, Content-Transfer-Encoding (7bit, 8bit, quoted-printable or
/// base64) and body — as CPython 3.13's EmailMessage writes it: Golden/record_mail_messages.py's corpus.
/// </summary>
public class MailMessageTests
{
    [Fact]
    public void Every_message_of_the_corpus_is_the_one_CPython_writes()
    {
        var golden = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", "mail_messages.json"))).RootElement;
        var date = DateTimeOffset.Parse(golden.GetProperty("date").GetString()!);
        var failures = new List<string>();
        foreach (var c in golden.GetProperty("cases").EnumerateArray())
        {
            var expected = c.GetProperty("message").GetString()!;
            var (actual, _) = MailText.message("app@example.org", Microsoft.FSharp.Collections.ListModule.OfSeq(["ops@example.org", "dev@example.org"]),
                c.GetProperty("subject").GetString()!, date, c.GetProperty("body").GetString()!);
            if (actual != expected)
                failures.Add($"{JsonSerializer.Serialize(c.GetProperty("body").GetString())}\n  CPython: {JsonSerializer.Serialize(expected)}\n  FuncLog: {JsonSerializer.Serialize(actual)}");
        }
        Assert.True(failures.Count == 0, $"{failures.Count} differ:\n" + string.Join("\n", failures.Take(5)));
    }
}
