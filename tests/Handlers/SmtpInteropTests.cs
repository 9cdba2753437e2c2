using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using FuncLog.Tests.Support;

namespace FuncLog.Tests.Handlers;

/// <summary>
/// SMTPHandler against a real SMTP server, aiosmtpd (Debian's python3-aiosmtpd, which .ci/run installs): the
/// message FuncLog sends is, byte for byte, the one CPython 3.13's SMTPHandler sends for the same record —
/// non-ASCII subject (RFC 2047), 8bit and quoted-printable bodies — except for the Date header.
/// </summary>
[Collection("process state")]
public class SmtpInteropTests
{
    private static string Script(string name) => Path.Combine(AppContext.BaseDirectory, "Handlers", name);

    private static bool HasAiosmtpd() =>
        File.Exists("/usr/bin/python3") && Repo.Run("/usr/bin/python3", ["-c", "import aiosmtpd"], timeout: TimeSpan.FromSeconds(30)).ExitCode == 0;

    [SkippableTheory]
    [InlineData("Fehler: Größe überschritten 😀", "Größe überschritten")]
    [InlineData("Disk full on db-01", "plain ascii")]
    [InlineData("Ünïcödé Ünïcödé Ünïcödé Ünïcödé Ünïcödé Ünïcödé Ünïcödé Ünïcödé Ünïcödé", "a long line: ==== é€ 0123456789 0123456789 0123456789 0123456789 0123456789 0123456789 0123456789 end ")]
    public void The_message_FuncLog_sends_is_the_one_CPython_sends(string subject, string message)
    {
        var python = Repo.RequirePython();
        Skip.IfNot(HasAiosmtpd(), "aiosmtpd is not installed for /usr/bin/python3 (apt-get install python3-aiosmtpd; .ci/run installs it)");
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0)) { probe.Start(); port = ((IPEndPoint)probe.LocalEndpoint).Port; }
        var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Script("smtp_sink.py"));
        psi.ArgumentList.Add(port.ToString());
        using var sink = Process.Start(psi)!;
        try
        {
            Assert.Equal("ready", sink.StandardOutput.ReadLine());

            var sent = Repo.Run(python, [Script("smtp_send.py"), port.ToString(), subject, message], timeout: TimeSpan.FromMinutes(1));
            Assert.True(sent.ExitCode == 0 && sent.Stderr == "", sent.Stderr);
            var fromPython = Encoding.UTF8.GetString(Convert.FromBase64String(sink.StandardOutput.ReadLine()!));

            var policy = new CountingErrorPolicy();
            var handler = new SMTPHandler("127.0.0.1", port, "app@example.org", ["ops@example.org"], subject) { ErrorPolicy = policy };
            handler.SetFormatter(new Formatter("%(levelname)s %(message)s"));
            handler.Handle(LogRecord.Create("app", Levels.Error, message));
            Assert.Empty(policy.Errors);
            var fromFuncLog = Encoding.UTF8.GetString(Convert.FromBase64String(sink.StandardOutput.ReadLine()!));

            static string WithoutDate(string m) => string.Join("\r\n", m.Split("\r\n").Where(l => !l.StartsWith("Date: ")));
            Assert.Equal(WithoutDate(fromPython), WithoutDate(fromFuncLog));
            Assert.Contains("Date: ", fromFuncLog);
        }
        finally
        {
            sink.StandardInput.Close();
            if (!sink.WaitForExit(10_000)) sink.Kill(true);
        }
    }
}
