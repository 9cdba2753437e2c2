using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using FuncLog.Tests.Support;

namespace FuncLog.Tests.Handlers;

/// <summary>SysLogHandler, HTTPHandler and SMTPHandler, each against a peer on loopback.</summary>
public class NetworkHandlerTests
{
    /// <summary>A loopback TCP port nobody listens on.</summary>
    internal static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private static async Task Until(Func<bool> condition)
    {
        var sw = Stopwatch.StartNew();
        while (!condition())
        {
            if (sw.Elapsed > TimeSpan.FromSeconds(20)) throw new TimeoutException("not reached");
            await Task.Delay(10);
        }
    }

    [Fact]
    public async Task SysLogHandler_sends_PRI_ident_message_and_NUL_over_UDP()
    {
        using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)udp.Client.LocalEndPoint!).Port;
        var h = new SysLogHandler("127.0.0.1", port, SysLogHandler.LOG_LOCAL3) { Ident = "myapp: " };
        h.SetFormatter(new Formatter("%(levelname)s %(message)s"));
        h.Handle(LogRecord.Create("x", Levels.Error, "disk %d%% full", [93]));
        h.Handle(LogRecord.Create("x", 25, "custom level"));
        var first = await udp.ReceiveAsync();
        var second = await udp.ReceiveAsync();
        // local3 (19) << 3 | err (3) = 155; an unknown level maps to warning (4): 152 + 4 = 156
        Assert.Equal("<155>myapp: ERROR disk 93% full\0", Encoding.UTF8.GetString(first.Buffer));
        Assert.Equal("<156>myapp: Level 25 custom level\0", Encoding.UTF8.GetString(second.Buffer));
        h.Close();
        Assert.Equal(155, SysLogHandler.EncodePriority("local3", "err"));
        Assert.Equal((1 << 3) | 2, SysLogHandler.EncodePriority(SysLogHandler.LOG_USER, SysLogHandler.LOG_CRIT));
    }

    [Fact]
    public async Task SysLogHandler_over_TCP_streams_the_messages_NUL_separated()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var h = new SysLogHandler("127.0.0.1", port, socketType: SocketType.Stream);
        var accept = listener.AcceptTcpClientAsync();
        h.Handle(LogRecord.Create("x", Levels.Info, "one"));
        h.Handle(LogRecord.Create("x", Levels.Debug, "two"));
        using var c = await accept;
        var buf = new byte[100];
        var got = 0;
        while (got < "<14>one\0<15>two\0".Length) got += await c.GetStream().ReadAsync(buf.AsMemory(got));
        Assert.Equal("<14>one\0<15>two\0", Encoding.UTF8.GetString(buf, 0, got));
        h.Close();
    }

    [Fact]
    public async Task SysLogHandler_to_a_Unix_datagram_socket_like_dev_log()
    {
        var path = Path.Combine(Path.GetTempPath(), "funclog-log-" + Guid.NewGuid().ToString("N")[..8]);
        using var server = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        server.Bind(new UnixDomainSocketEndPoint(path));
        try
        {
            var h = new SysLogHandler(path) { AppendNul = false };
            h.Handle(LogRecord.Create("x", Levels.Warning, "to the local daemon"));
            var buf = new byte[200];
            var n = await server.ReceiveAsync(buf, SocketFlags.None);
            Assert.Equal("<12>to the local daemon", Encoding.UTF8.GetString(buf, 0, n));
            Assert.Equal(SocketType.Dgram, h.SocketType);
            h.Close();
        }
        finally { File.Delete(path); }
    }

    [SkippableFact]
    public async Task SysLogHandler_against_rsyslog_when_it_is_installed()
    {
        var rsyslogd = new[] { "/usr/sbin/rsyslogd", "/sbin/rsyslogd" }.FirstOrDefault(File.Exists);
        Skip.If(rsyslogd is null, "rsyslogd is not installed (apt-get install rsyslog; .ci/run installs it)");
        var dir = Directory.CreateTempSubdirectory("funclog-rsyslog").FullName;
        int port;
        using (var probe = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0))) port = ((IPEndPoint)probe.Client.LocalEndPoint!).Port;
        var output = Path.Combine(dir, "out.log");
        File.WriteAllText(Path.Combine(dir, "rsyslog.conf"), $"""
            global(workDirectory="{dir}")
            module(load="imudp")
            input(type="imudp" address="127.0.0.1" port="{port}")
            template(name="plain" type="string" string="%syslogfacility-text%.%syslogseverity-text% %syslogtag%%msg%\n")
            *.* action(type="omfile" file="{output}" template="plain")
            """);
        var psi = new ProcessStartInfo(rsyslogd) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "-n", "-f", Path.Combine(dir, "rsyslog.conf"), "-i", Path.Combine(dir, "pid") }) psi.ArgumentList.Add(a);
        using var daemon = Process.Start(psi)!;
        try
        {
            await Task.Delay(1000);
            // an ident ending in ": " is what a daemon parses as the tag (CPython's advice too)
            var h = new SysLogHandler("127.0.0.1", port, SysLogHandler.LOG_DAEMON) { AppendNul = false, Ident = "funclog: " };
            h.Handle(LogRecord.Create("x", Levels.Error, "from FuncLog"));
            await Until(() => File.Exists(output) && File.ReadAllText(output).Contains("from FuncLog"));
            Assert.Equal("daemon.err funclog: from FuncLog\n", File.ReadAllText(output));
            h.Close();
        }
        finally { daemon.Kill(true); Directory.Delete(dir, true); }
    }

    private sealed class HttpPeer : IDisposable
    {
        public HttpListener Listener { get; } = new();
        public ConcurrentQueue<(string Method, string Query, string Body, string? Auth, string? ContentType)> Requests { get; } = new();
        public string Host { get; }
        public HttpPeer()
        {
            for (var attempt = 0; ; attempt++)
            {
                var port = FreePort();
                Listener.Prefixes.Clear();
                Listener.Prefixes.Add($"http://127.0.0.1:{port}/");
                try { Listener.Start(); Host = $"127.0.0.1:{port}"; break; }
                catch (HttpListenerException) when (attempt < 5) { }
            }
            _ = Task.Run(async () =>
            {
                while (Listener.IsListening)
                {
                    HttpListenerContext ctx;
                    try { ctx = await Listener.GetContextAsync(); } catch { return; }
                    using var r = new StreamReader(ctx.Request.InputStream);
                    Requests.Enqueue((ctx.Request.HttpMethod, ctx.Request.Url!.Query, await r.ReadToEndAsync(),
                        ctx.Request.Headers["Authorization"], ctx.Request.ContentType));
                    ctx.Response.StatusCode = 200;
                    ctx.Response.Close();
                }
            });
        }
        public void Dispose() => Listener.Close();
    }

    [Fact]
    public void HTTPHandler_sends_the_records_attributes_url_encoded_by_GET_and_POST()
    {
        using var peer = new HttpPeer();
        var record = LogRecord.Create("app.web", Levels.Warning, "user %s: 100% done", ["a b&c"]);
        var get = new HTTPHandler(peer.Host, "/log?src=funclog");
        get.Handle(record);
        var post = new HTTPHandler(peer.Host, "/log", "POST", username: "user", password: "pa:ss");
        post.Handle(record);
        var requests = peer.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        Assert.Equal("GET", requests[0].Method);
        Assert.StartsWith("?src=funclog&name=app.web&msg=user+%25s%3A+100%25+done&args=%28%27a+b%26c%27%2C%29&levelname=WARNING&levelno=30&",
            requests[0].Query);
        Assert.Equal("POST", requests[1].Method);
        Assert.Equal("application/x-www-form-urlencoded", requests[1].ContentType);
        Assert.StartsWith("name=app.web&msg=user+%25s%3A+100%25+done&", requests[1].Body);
        Assert.Contains("&exc_info=None&", requests[1].Body);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("user:pa:ss")), requests[1].Auth);
        Assert.Throws<ArgumentException>(() => new HTTPHandler(peer.Host, "/", "PUT"));
    }

    [Fact]
    public void HTTPHandler_with_the_peer_gone_reports_and_does_not_throw()
    {
        using var h = new Harness();
        var policy = new CountingErrorPolicy();
        var port = FreePort();
        var http = new HTTPHandler($"127.0.0.1:{port}", "/log") { ErrorPolicy = policy };
        h.Manager.Root.AddHandler(http);
        h.Manager.Root.Error("nobody listens");
        Assert.Single(policy.Errors);
        Assert.IsType<HttpRequestException>(policy.Errors[0].Error);
    }

    /// <summary>A small SMTP server (RFC 5321 conversation, AUTH PLAIN and LOGIN, 8BITMIME) that keeps what it receives.</summary>
    private sealed class SmtpPeer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        public ConcurrentQueue<(string From, List<string> To, string Data, string? Auth, string MailLine)> Mails { get; } = new();
        public int Port { get; }
        public SmtpPeer()
        {
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            _ = Task.Run(async () =>
            {
                while (true)
                {
                    TcpClient c;
                    try { c = await _listener.AcceptTcpClientAsync(); } catch { return; }
                    _ = Task.Run(() => Serve(c));
                }
            });
        }
        private async Task Serve(TcpClient c)
        {
            using var _ = c;
            var s = c.GetStream();
            var r = new StreamReader(s, Encoding.UTF8);
            var w = new StreamWriter(s, new UTF8Encoding(false)) { NewLine = "\r\n", AutoFlush = true };
            await w.WriteLineAsync("220 localhost ESMTP test");
            string from = "", auth = "", mailLine = "";
            var to = new List<string>();
            while (await r.ReadLineAsync() is { } line)
            {
                if (line.StartsWith("EHLO")) { await w.WriteLineAsync("250-localhost\r\n250-8BITMIME\r\n250 AUTH PLAIN LOGIN"); }
                else if (line.StartsWith("AUTH PLAIN ")) { auth = Encoding.UTF8.GetString(Convert.FromBase64String(line[11..])); await w.WriteLineAsync("235 ok"); }
                else if (line.StartsWith("MAIL FROM:")) { mailLine = line; from = line[10..].Split(' ')[0].Trim('<', '>'); await w.WriteLineAsync("250 ok"); }
                else if (line.StartsWith("RCPT TO:")) { to.Add(line[8..].Trim('<', '>')); await w.WriteLineAsync("250 ok"); }
                else if (line == "DATA")
                {
                    await w.WriteLineAsync("354 go ahead");
                    var data = new StringBuilder();
                    while (await r.ReadLineAsync() is { } d && d != ".") data.Append(d.StartsWith("..") ? d[1..] : d).Append('\n');
                    Mails.Enqueue((from, to, data.ToString(), auth, mailLine));
                    to = [];
                    await w.WriteLineAsync("250 queued");
                }
                else if (line == "QUIT") { await w.WriteLineAsync("221 bye"); return; }
                else await w.WriteLineAsync("502 not implemented");
            }
        }
        public void Dispose() => _listener.Stop();
    }

    [Fact]
    public async Task SMTPHandler_sends_one_mail_per_record_as_Pythons_EmailMessage_writes_it()
    {
        using var peer = new SmtpPeer();
        var clock = new ManualTimeProvider(DateTimeOffset.Parse("2025-06-01T10:00:00Z"));
        var h = new SMTPHandler("127.0.0.1", peer.Port, "app@example.com", ["ops@example.com", "dev@example.com"], "Log: problem",
            username: "me", password: "secret", timeProvider: clock);
        h.SetFormatter(new Formatter("%(levelname)s:%(name)s:%(message)s"));
        h.Handle(LogRecord.Create("app", Levels.Warning, "disk 93% full"));
        h.Handle(LogRecord.Create("app", Levels.Error, "caf\u00e9 \u20ac failed\n.leading dot"));
        await Until(() => peer.Mails.Count == 2);
        var mails = peer.Mails.ToArray();
        Assert.Equal("app@example.com", mails[0].From);
        Assert.Equal(["ops@example.com", "dev@example.com"], mails[0].To);
        Assert.Equal("\0me\0secret", mails[0].Auth);
        // byte for byte what CPython 3.13's EmailMessage gives for these values
        Assert.Equal("From: app@example.com\nTo: ops@example.com,dev@example.com\nSubject: Log: problem\nDate: Sun, 01 Jun 2025 10:00:00 +0000\n" +
                     "Content-Type: text/plain; charset=\"utf-8\"\nContent-Transfer-Encoding: 7bit\nMIME-Version: 1.0\n\nWARNING:app:disk 93% full\n",
            mails[0].Data);
        Assert.Contains("Content-Transfer-Encoding: 8bit\n", mails[1].Data);
        Assert.EndsWith("\n\nERROR:app:caf\u00e9 \u20ac failed\n.leading dot\n", mails[1].Data);
        Assert.EndsWith("BODY=8BITMIME", mails[1].MailLine);
    }

    [Fact]
    public void SMTPHandler_with_the_server_gone_reports_and_does_not_throw()
    {
        using var h = new Harness();
        var policy = new CountingErrorPolicy();
        var port = FreePort();
        var smtp = new SMTPHandler("127.0.0.1", port, "a@example.com", ["b@example.com"], "s", timeout: 1) { ErrorPolicy = policy };
        h.Manager.Root.AddHandler(smtp);
        h.Manager.Root.Error("no server");
        Assert.Single(policy.Errors);
        Assert.IsType<SocketException>(policy.Errors[0].Error);
    }
}

public class NetworkConfigTests
{
    [Fact]
    public async Task A_Python_dictConfig_with_network_handlers_works_unchanged()
    {
        using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var syslogPort = ((IPEndPoint)udp.Client.LocalEndPoint!).Port;
        using var h = new Harness();
        var received = new CollectingHandler();
        using var rxManager = new Harness();
        rxManager.Manager.Root.AddHandler(received);
        using var receiver = new LogReceiver(rxManager.Manager.Core, 0, -1, null).Start();
        h.Manager.DictConfigJson($$"""
            {"version": 1,
             "handlers": {
               "syslog": {"class": "logging.handlers.SysLogHandler", "address": ["127.0.0.1", {{syslogPort}}], "facility": "local0",
                          "socktype": "ext://socket.SOCK_DGRAM"},
               "socket": {"class": "logging.handlers.SocketHandler", "host": "127.0.0.1", "port": {{receiver.TcpPort}} },
               "mail": {"class": "logging.handlers.SMTPHandler", "mailhost": ["127.0.0.1", 1], "fromaddr": "a@example.com",
                        "toaddrs": "b@example.com", "subject": "s", "credentials": ["u", "p"], "secure": [], "timeout": 1, "level": "CRITICAL"},
               "web": {"class": "logging.handlers.HTTPHandler", "host": "127.0.0.1:1", "url": "/log", "method": "POST", "level": "CRITICAL"} },
             "root": {"level": "INFO", "handlers": ["syslog", "socket", "mail", "web"]} }
            """);
        h.Manager.Root.Warning("over the network");
        var datagram = await udp.ReceiveAsync();
        Assert.Equal("<132>over the network\0", Encoding.UTF8.GetString(datagram.Buffer));   // local0 (16) << 3 | warning (4)
        var sw = Stopwatch.StartNew();
        while (received.Records.Count == 0 && sw.Elapsed < TimeSpan.FromSeconds(20)) await Task.Delay(10);
        Assert.Equal("over the network", Assert.Single(received.Records).GetMessage());
        Assert.IsType<SMTPHandler>(h.Manager.Root.Handlers.Single(x => x.Name == "mail"));
        Assert.IsType<HTTPHandler>(h.Manager.Root.Handlers.Single(x => x.Name == "web"));
    }

    [Theory]
    [InlineData("""{"version": 1, "handlers": {"s": {"class": "logging.handlers.SysLogHandler", "facility": "local9"}}}""",
        "handlers.s.facility: expected a syslog facility (0-23 or a name such as \"local0\"), got \"local9\"")]
    [InlineData("""{"version": 1, "handlers": {"s": {"class": "logging.handlers.SysLogHandler", "address": ["h"]}}}""",
        "handlers.s.address: expected [host, port] or a socket path, got ['h']")]
    [InlineData("""{"version": 1, "handlers": {"s": {"class": "logging.handlers.SocketHandler", "host": "h"}}}""",
        "handlers.s: SocketHandler() missing required argument: 'port'")]
    [InlineData("""{"version": 1, "handlers": {"m": {"class": "logging.handlers.SMTPHandler", "mailhost": "h", "fromaddr": "a", "toaddrs": [1], "subject": "s"}}}""",
        "handlers.m.toaddrs: expected a string or a list of strings, got [1]")]
    public void Bad_network_handler_configurations_name_the_key(string json, string message)
    {
        using var h = new Harness();
        Assert.Equal(message, Assert.Throws<LogConfigException>(() => h.Manager.DictConfigJson(json)).Message);
    }

    [Fact]
    public async Task A_TCP_syslog_peer_that_goes_away_is_reported_not_raised()
    {
        using var h = new Harness();
        var policy = new CountingErrorPolicy();
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var sys = new SysLogHandler("127.0.0.1", port, socketType: SocketType.Stream) { ErrorPolicy = policy };
        h.Manager.Root.AddHandler(sys);
        var accept = listener.AcceptTcpClientAsync();
        h.Manager.Root.Warning("first");
        (await accept).Dispose();
        listener.Stop();
        for (var i = 0; i < 5; i++) h.Manager.Root.Warning("after the peer left");
        Assert.NotEmpty(policy.Errors);       // CPython reports each failed send through handleError
        sys.Close();
    }
}
