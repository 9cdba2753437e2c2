// The child process of the tests whose subject may end a process:
//   PATH                        logs through handlers that write only when flushed or closed, then returns
//                               without calling Shutdown: what reaches the file shows that FuncLog shut the
//                               managers down at process exit;
//   rotate PATH TAG N MAX K     one of several processes logging to the same rotating file (MultiProcess);
//   way WAY DIR                 50 records into a buffered FileHandler and 50 into a MemoryHandler, then leaves by
//                               WAY: return, exit (Environment.Exit), throw (an unhandled exception), thread (one
//                               on another thread), sigterm (prints "ready" and waits to be killed);
//   attack NAME                 one hostile input (Attacks below): prints what became of it and exits 0 when the
//                               process, the previous configuration and the listeners survived it.
using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using FuncLog;

if (args[0] == "rotate") return RotateProbe.Run(args[1], args[2], int.Parse(args[3]), long.Parse(args[4]), int.Parse(args[5]));
if (args[0] == "way") return WayOut.Run(args[1], args[2]);
if (args[0] == "attack") return Attacks.Run(args[1]);

var path = args[0];
Logging.Root.AddHandler(new BufferedFileHandler(path, "default"));
Logging.Warning("from the default manager");
var own = new LogManager();
own.Root.AddHandler(new BufferedFileHandler(path, "own"));
own.Root.Warning("from a second manager");
return 0;

sealed class BufferedFileHandler(string path, string tag) : Handler
{
    private readonly List<string> _pending = [];
    public override void Emit(LogRecord record) => _pending.Add(tag + ": " + Format(record));
    public override void Flush()
    {
        File.AppendAllLines(path, _pending);
        _pending.Clear();
    }
    public override void Close() => File.AppendAllLines(path, [tag + ": closed"]);
}

static class RotateProbe
{
    /// <summary>Logs count records "tag rNNNNNN end" to path through a MultiProcess RotatingFileHandler.</summary>
    public static int Run(string path, string tag, int count, long maxBytes, int backupCount)
    {
        var manager = new LogManager();
        var handler = new RotatingFileHandler(path, maxBytes: maxBytes, backupCount: backupCount,
            options: new RotationOptions { MultiProcess = true });
        handler.SetFormatter(new Formatter("%(message)s"));
        manager.Root.AddHandler(handler);
        for (var i = 0; i < count; i++) manager.Root.Warning("%s r%06d end", tag, i);
        manager.Shutdown();
        return handler.ErrorCount == 0 ? 0 : 3;
    }
}

static class WayOut
{
    public static int Run(string way, string dir)
    {
        var buffered = new FileHandler(Path.Combine(dir, "buffered.log"), bufferSize: 1 << 20);
        var memory = new MemoryHandler(1000, Levels.Critical, new FileHandler(Path.Combine(dir, "memory.log")));
        Logging.GetLogger("buffered").AddHandler(buffered);
        Logging.GetLogger("memory").AddHandler(memory);
        for (var i = 0; i < 50; i++)
        {
            Logging.GetLogger("buffered").Warning("record %d", i);
            Logging.GetLogger("memory").Warning("record %d", i);
        }
        switch (way)
        {
            case "return": return 0;
            case "exit": Environment.Exit(3); return 3;
            case "throw": throw new InvalidOperationException("the application failed");
            case "thread":
                var t = new Thread(() => throw new InvalidOperationException("a worker failed"));
                t.Start();
                t.Join();
                return 0;
            case "sigterm":
                Console.WriteLine("ready");
                Console.Out.Flush();
                Thread.Sleep(Timeout.Infinite);
                return 0;
            default: throw new ArgumentException(way);
        }
    }
}

/// <summary>Hostile inputs, each against a fresh manager; what survived is printed for the test to check.</summary>
static class Attacks
{
    private const string Good = """{"version": 1, "handlers": {"keep": {"class": "logging.NullHandler"}}, "root": {"level": "DEBUG", "handlers": ["keep"]}}""";

    public static int Run(string name)
    {
        var sw = Stopwatch.StartNew();
        var outcome = name switch
        {
            "yaml-self-alias" => Config(m => m.DictConfigYaml("version: 1\na: &a [*a]")),
            "yaml-deep" => Config(m => m.DictConfigYaml("version: 1\na: " + new string('[', 100_000) + new string(']', 100_000))),
            "yaml-deep-maps" => Config(m => m.DictConfigYaml("version: 1\na: " + string.Concat(Enumerable.Repeat("{a: ", 100_000)) + "1" + new string('}', 100_000))),
            "json-deep" => Config(m => m.DictConfigJson("{\"version\": 1, \"a\": " + new string('[', 100_000) + new string(']', 100_000) + "}")),
            "ini-deep" => Config(m => m.FileConfig(Write("deep.ini", Ini(new string('(', 100_000) + new string(')', 100_000))))),
            "yaml-laughs" => Config(m => m.DictConfigYaml(Laughs())),
            "cfg-fanout" => Config(m => m.DictConfigJson(Fanout())),
            "code-cycle" => Config(m =>
            {
                var d = new Dictionary<string, object?> { ["version"] = 1 };
                d["self"] = d;
                m.DictConfig(d);
            }),
            "listener-ini-deep" => Listener(Encoding.UTF8.GetBytes(Ini(new string('(', 20_000) + new string(')', 20_000)))),
            "listener-cfg-fanout" => Listener(Encoding.UTF8.GetBytes(Fanout())),
            "udp-dup" => Udp(DupBomb(85)),
            "tcp-dup" => Tcp(DupBomb(85)),
            "hash-flood" => Tcp(Flood(80_000)),
            "bigint" => Tcp(Encoding.ASCII.GetBytes("L" + new string('7', 900_000) + "L\n.")),
            "slow-connections" => SlowConnections(),
            "logger-flood" => LoggerFlood(),
            _ => throw new ArgumentException(name),
        };
        Console.WriteLine($"{outcome}");
        Console.WriteLine($"seconds: {sw.Elapsed.TotalSeconds:F1}");
        Console.WriteLine($"memory: {GC.GetTotalMemory(true) / (1024 * 1024)} MB");
        return 0;
    }

    private static string Write(string file, string text)
    {
        var path = Path.Combine(Path.GetTempPath(), $"funclog-attack-{Environment.ProcessId}-{file}");
        File.WriteAllText(path, text);
        return path;
    }

    private static string Ini(string args) => $"""
        [loggers]
        keys=root
        [handlers]
        keys=h
        [formatters]
        keys=
        [logger_root]
        level=INFO
        handlers=h
        [handler_h]
        class=StreamHandler
        args={args}
        """;

    /// <summary>YAML's billion laughs: nine aliases of nine aliases, nine levels deep (531 bytes).</summary>
    private static string Laughs()
    {
        var s = new StringBuilder("version: 1\na0: &a0 [lol,lol,lol,lol,lol,lol,lol,lol,lol]\n");
        for (var i = 1; i < 9; i++) s.Append($"a{i}: &a{i} [{string.Join(",", Enumerable.Repeat($"*a{i - 1}", 9))}]\n");
        return s.ToString();
    }

    /// <summary>cfg:// references that double thirty times: 2^30 values from under a kilobyte.</summary>
    private static string Fanout()
    {
        var s = new StringBuilder("{\"version\": 1, \"k0\": [1]");
        for (var i = 1; i <= 30; i++) s.Append($", \"k{i}\": [\"cfg://k{i - 1}\", \"cfg://k{i - 1}\"]");
        return s.Append(", \"handlers\": {\"h\": {\"class\": \"logging.NullHandler\", \".\": {\"x\": \"cfg://k30\"}}}}").ToString();
    }

    /// <summary>A pickle that shares one value through DUP: ] then n times DUP, TUPLE2 — a tree of 2^n nodes.</summary>
    private static byte[] DupBomb(int n)
    {
        var b = new List<byte> { (byte)']' };
        for (var i = 0; i < n; i++) { b.Add((byte)'2'); b.Add(0x86); }
        b.Add((byte)'.');
        return [.. b];
    }

    /// <summary>
    /// A record dict with n extra keys (SHORT_BINUNICODE keys, K values) in SETITEMS batches of 1,000 as CPython's
    /// pickler writes them: quadratic to decode if the keys hash alike.
    /// </summary>
    private static byte[] Flood(int n)
    {
        var b = new List<byte> { (byte)'}', (byte)'(' };
        void Str(string s) { var u = Encoding.UTF8.GetBytes(s); b.Add(0x8c); b.Add((byte)u.Length); b.AddRange(u); }
        foreach (var (k, v) in new[] { ("name", "flood"), ("msg", "flooded"), ("levelname", "WARNING") }) { Str(k); Str(v); }
        Str("levelno"); b.Add((byte)'K'); b.Add(30);
        for (var i = 0; i < n; i++)
        {
            Str("k" + i.ToString("x")); b.Add((byte)'K'); b.Add((byte)(i & 0xff));
            if (i % 1000 == 999) { b.Add((byte)'u'); b.Add((byte)'('); }
        }
        b.Add((byte)'u');
        b.Add((byte)'.');
        return [.. b];
    }

    private static string State(LogManager m) =>
        $"level {Logging.GetLevelName(m.Root.Level)} handlers [{string.Join(",", m.Root.Handlers.Select(h => h.Name))}]";

    /// <summary>Applies the good configuration, then the hostile one: prints the refusal and the state after.</summary>
    private static string Config(Action<LogManager> attack)
    {
        var m = new LogManager(stderr: new StringWriter());
        m.DictConfigJson(Good);
        try
        {
            attack(m);
            return "applied: " + State(m);
        }
        catch (LogConfigException e)
        {
            return $"refused: {e.Message}\nstill: {State(m)}";
        }
    }

    /// <summary>Sends one frame on a new connection; with untilClosed, waits for the server to close it.</summary>
    private static async Task Send(int port, byte[] frame, bool untilClosed = true)
    {
        using var c = new TcpClient();
        await c.ConnectAsync(IPAddress.Loopback, port);
        var header = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)frame.Length);
        await c.GetStream().WriteAsync(header);
        await c.GetStream().WriteAsync(frame);
        await c.GetStream().FlushAsync();
        if (untilClosed)
            try { _ = await c.GetStream().ReadAsync(new byte[1]); } catch (IOException) { }
    }

    private static void Until(Func<bool> done, string what)
    {
        var sw = Stopwatch.StartNew();
        while (!done())
        {
            if (sw.Elapsed > TimeSpan.FromSeconds(60)) throw new TimeoutException(what);
            Thread.Sleep(10);
        }
    }

    /// <summary>The frame to a config listener, then a good configuration: is it still serving?</summary>
    private static string Listener(byte[] frame)
    {
        var errors = new List<string>();
        var m = new LogManager(stderr: new StringWriter());
        m.DictConfigJson(Good);
        m.GetLogger("funclog.config").AddHandler(new Collect(errors));
        using var listener = m.Listen(port: 0);
        Send(listener.Port, frame).Wait();
        Until(() => listener.Rejected == 1, "the refusal");
        Send(listener.Port, Encoding.UTF8.GetBytes(Good.Replace("DEBUG", "ERROR"))).Wait();
        Until(() => listener.Applied == 1, "the good configuration after it");
        return $"refused: {errors[0]}\nstill serving: {State(m)}";
    }

    private static (LogManager, LogReceiver, Collect, Collect) Receiver(int tcp, int udp)
    {
        var m = new LogManager(stderr: new StringWriter());
        var received = new Collect([]);
        m.Root.AddHandler(received);
        var errors = new Collect([]);
        var errorLogger = m.GetLogger("funclog.receiver");
        errorLogger.AddHandler(errors);
        errorLogger.Propagate = false;
        return (m, m.Receive(tcp, udp), errors, received);
    }

    private static byte[] GoodRecord() =>
        LogReceiver.Decode(Pickle.dumps(RecordWire.toDict(LogRecord.Create("after", Levels.Warning, "still here"), "still here", null))).IsOk
            ? Pickle.dumps(RecordWire.toDict(LogRecord.Create("after", Levels.Warning, "still here"), "still here", null))
            : throw new InvalidOperationException("the good record does not decode");

    private static string Udp(byte[] frame)
    {
        var (_, rx, errors, received) = Receiver(-1, 0);
        using var _ = rx;
        using var client = new UdpClient();
        byte[] Datagram(byte[] body) { var d = new byte[4 + body.Length]; BinaryPrimitives.WriteUInt32BigEndian(d, (uint)body.Length); body.CopyTo(d, 4); return d; }
        client.Send(Datagram(frame), new IPEndPoint(IPAddress.Loopback, rx.UdpPort));
        Until(() => errors.Lines.Count == 1, "the refusal");
        client.Send(Datagram(GoodRecord()), new IPEndPoint(IPAddress.Loopback, rx.UdpPort));
        Until(() => received.Lines.Count == 1, "a good datagram after it");
        return $"refused: {errors.Lines[0]}\nstill serving: {received.Lines.Single()}";
    }

    private static string Tcp(byte[] frame)
    {
        var (_, rx, errors, received) = Receiver(0, -1);
        using var _ = rx;
        Send(rx.TcpPort, frame, untilClosed: false).Wait();
        Until(() => errors.Lines.Count + received.Lines.Count >= 1, "the frame");
        var first = errors.Lines.Count == 1 ? "refused: " + errors.Lines[0] : "handled: " + received.Lines.Single();
        Send(rx.TcpPort, GoodRecord(), untilClosed: false).Wait();
        Until(() => received.Lines.Contains("still here"), "a good frame after it");
        return $"{first}\nstill serving: still here";
    }

    /// <summary>300 connections that declare 1 MB - 1 and send 100 bytes, and 400 that trickle a byte a second.</summary>
    private static string SlowConnections()
    {
        var (_, rx, errors, received) = Receiver(0, -1);
        using var _ = rx;
        rx.FrameTimeout = TimeSpan.FromSeconds(2);
        var clients = new List<TcpClient>();
        var peak = 0;
        for (var i = 0; i < 300; i++)
        {
            var c = new TcpClient();
            c.Connect(IPAddress.Loopback, rx.TcpPort);
            var frame = new byte[104];
            BinaryPrimitives.WriteUInt32BigEndian(frame, 1024 * 1024 - 1);
            try { c.GetStream().Write(frame); } catch (Exception e) when (e is IOException or InvalidOperationException) { }
            clients.Add(c);
            peak = Math.Max(peak, rx.OpenConnections);
        }
        var tricklers = Enumerable.Range(0, 400).Select(_ =>
        {
            var c = new TcpClient();
            try { c.Connect(IPAddress.Loopback, rx.TcpPort); } catch (SocketException) { }   // the backlog may refuse some
            return c;
        }).ToList();
        for (var s = 0; s < 4; s++)
        {
            foreach (var c in tricklers) try { c.GetStream().WriteByte(0); } catch (Exception e) when (e is IOException or InvalidOperationException) { }
            peak = Math.Max(peak, rx.OpenConnections);
            Thread.Sleep(1000);
        }
        Until(() => rx.OpenConnections == 0, "every slow connection closed");
        Send(rx.TcpPort, GoodRecord(), untilClosed: false).Wait();
        Until(() => received.Lines.Contains("still here"), "a good frame after them");
        foreach (var c in clients.Concat(tricklers)) c.Dispose();
        return $"peak connections: {peak} (limit {rx.MaxConnections})\nclosed for taking too long: {errors.Lines.Count(e => e.Contains("longer than"))}\nrefused at the limit: {errors.Lines.Any(e => e.Contains("MaxConnections"))}\nstill serving: still here";
    }

    /// <summary>20,000 records, each naming a new logger, through one connection.</summary>
    private static string LoggerFlood()
    {
        var (m, rx, _, received) = Receiver(0, -1);
        using var _ = rx;
        using var c = new TcpClient();
        c.Connect(IPAddress.Loopback, rx.TcpPort);
        var s = c.GetStream();
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < 20_000; i++)
        {
            var body = Pickle.dumps(RecordWire.toDict(LogRecord.Create($"flood.n{i}", Levels.Warning, "x"), "x", null));
            var header = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(header, (uint)body.Length);
            s.Write(header);
            s.Write(body);
        }
        Until(() => rx.Received == 20_000, "every record");
        return $"records per second: {(int)(20_000 / sw.Elapsed.TotalSeconds)}\nloggers: {m.Core.LoggerNames.Length}";
    }

    private sealed class Collect(List<string> into) : Handler
    {
        public List<string> Lines { get { lock (Lock) return [.. into]; } }
        public override void Emit(LogRecord record) => into.Add(record.GetMessage());
    }
}
