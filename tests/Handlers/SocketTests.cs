using System.Buffers.Binary;
using System.Diagnostics;
using System.Net.Sockets;
using FuncLog.Tests.Support;

namespace FuncLog.Tests.Handlers;

/// <summary>SocketHandler and DatagramHandler against FuncLog's receiver over loopback.</summary>
public class SocketTests
{
    private static async Task Until(Func<bool> condition)
    {
        var sw = Stopwatch.StartNew();
        while (!condition())
        {
            if (sw.Elapsed > TimeSpan.FromSeconds(20)) throw new TimeoutException("not reached");
            await Task.Delay(10);
        }
    }

    private sealed class Receiving : IDisposable
    {
        public Harness H { get; } = new();
        public CollectingHandler Got { get; } = new();
        public LogReceiver Receiver { get; }
        public Receiving(int tcp = 0, int udp = 0)
        {
            H.Manager.Root.AddHandler(Got);
            H.Manager.Root.SetLevel(Levels.Debug);
            Receiver = new LogReceiver(H.Manager.Core, tcp, udp, null).Start();
        }
        public void Dispose() { Receiver.Stop(); H.Dispose(); }
    }

    [Theory]
    [InlineData(WireFormat.Pickle)]
    [InlineData(WireFormat.Json)]
    public async Task Records_sent_by_SocketHandler_are_logged_by_the_receiver_as_they_were(WireFormat format)
    {
        using var rx = new Receiving(udp: -1);
        using var sender = new Harness();
        var sh = new SocketHandler("127.0.0.1", rx.Receiver.TcpPort, format);
        var log = sender.Manager.GetLogger("myapp.area1");
        log.SetLevel(Levels.Debug);
        log.AddHandler(sh);
        log.Debug("Quick zephyrs blow, vexing %s.", "daft Jim");
        log.Warning("with extra", extra: new Dictionary<string, object?> { ["user"] = "sheila", ["n"] = 3 });
        try { throw new InvalidOperationException("boom"); }
        catch (InvalidOperationException e) { log.Exception(e, "failed"); }
        await Until(() => rx.Got.Records.Count == 3);
        var r = rx.Got.Records;
        Assert.Equal("myapp.area1", r[0].Name);
        Assert.Equal("Quick zephyrs blow, vexing daft Jim.", r[0].GetMessage());
        Assert.Equal(Levels.Debug, r[0].LevelNo);
        Assert.Equal("sheila", r[1].Extra["user"]);
        Assert.Equal(3, r[1].Extra["n"]);
        Assert.Contains("InvalidOperationException: boom", r[2].ExcText);
        Assert.Equal(3, sh.SentCount);
        Assert.Equal(0, sh.DroppedCount);
        sh.Close();
    }

    [Fact]
    public async Task DatagramHandler_sends_one_frame_per_datagram()
    {
        using var rx = new Receiving(tcp: -1);
        using var sender = new Harness();
        var dh = new DatagramHandler("127.0.0.1", rx.Receiver.UdpPort);
        sender.Manager.Root.AddHandler(dh);
        for (var i = 0; i < 20; i++) sender.Manager.Root.Warning("datagram %d", i);
        await Until(() => rx.Got.Records.Count == 20);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => "datagram " + i), rx.Got.Records.Select(x => x.GetMessage()).Order(StringComparer.Ordinal).OrderBy(s => s.Length));
        dh.Close();
    }

    [Fact]
    public async Task A_peer_that_goes_away_costs_dropped_records_not_exceptions_and_is_reconnected_with_backoff()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.Parse("2025-06-01T10:00:00Z"));
        var rx = new Receiving(udp: -1);
        var port = rx.Receiver.TcpPort;
        using var sender = new Harness();
        var policy = new CountingErrorPolicy();
        var sh = new SocketHandler("127.0.0.1", port, timeProvider: clock) { ErrorPolicy = policy };
        sender.Manager.Root.AddHandler(sh);
        sender.Manager.Root.Warning("before");
        await Until(() => rx.Got.Records.Count == 1);
        rx.Dispose();                                        // the peer goes away mid-stream

        for (var i = 0; i < 10; i++) sender.Manager.Root.Warning("while away %d", i);
        Assert.True(sh.DroppedCount >= 8, $"dropped {sh.DroppedCount}"); // a write or two may still reach the kernel before the reset
        Assert.Single(policy.Errors);                        // reported once for the outage
        var retry = sh.RetryTime;
        Assert.NotNull(retry);

        using var back = new Receiving(tcp: port, udp: -1);  // the peer comes back on the same port
        sender.Manager.Root.Warning("too early: still backing off");
        Assert.Empty(back.Got.Records);
        clock.Advance(TimeSpan.FromSeconds(1.5));           // past retryStart: reconnects
        sender.Manager.Root.Warning("after");
        await Until(() => back.Got.Records.Count == 1);
        Assert.Equal("after", back.Got.Records[0].GetMessage());
        sh.Close();
    }

    [Fact]
    public void The_backoff_doubles_up_to_retryMax()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UnixEpoch.AddSeconds(1000));
        var port = NetworkHandlerTests.FreePort();
        var sh = new SocketHandler("127.0.0.1", port, timeProvider: clock) { ErrorPolicy = new CountingErrorPolicy(), RetryMax = 5 };
        var waits = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            sh.Handle(LogRecord.Create("x", Levels.Error, "m"));
            waits.Add(sh.RetryTime!.Value - 1000 - clock.GetUtcNow().ToUnixTimeSeconds() + 1000);
            clock.SetUtcNow(DateTimeOffset.FromUnixTimeMilliseconds((long)(sh.RetryTime!.Value * 1000)));
        }
        Assert.Equal([1.0, 2.0, 4.0, 5.0, 5.0], waits);
        Assert.Equal(5, sh.DroppedCount);
    }

    [Fact]
    public async Task Garbage_truncated_and_oversized_frames_close_only_their_connection()
    {
        using var rx = new Receiving(udp: -1);
        rx.Receiver.MaxFrameBytes = 1000;
        var errors = new CollectingHandler();
        rx.H.Manager.GetLogger("funclog.receiver").AddHandler(errors);
        rx.H.Manager.GetLogger("funclog.receiver").Propagate = false;

        async Task Raw(byte[] bytes)
        {
            using var c = new TcpClient();
            await c.ConnectAsync("127.0.0.1", rx.Receiver.TcpPort);
            await c.GetStream().WriteAsync(bytes);
        }
        byte[] Frame(byte[] body, uint? len = null)
        {
            var f = new byte[4 + body.Length];
            BinaryPrimitives.WriteUInt32BigEndian(f, len ?? (uint)body.Length);
            body.CopyTo(f, 4);
            return f;
        }
        await Raw(Frame("cos\nsystem\n(S'echo owned'\ntR."u8.ToArray()));   // a pickle that would run a command
        await Raw(Frame(new byte[10], 5000));                                // over the limit
        await Raw(Frame(new byte[10], 100));                                 // cut short
        await Raw(Frame([0x80, 0x02, 0x7d, 0x71]));                          // truncated pickle
        await Until(() => errors.Records.Count >= 4);
        var messages = errors.Records.Select(r => r.GetMessage()).ToList();
        Assert.Contains(messages, m => m.Contains("refused: GLOBAL"));
        Assert.Contains(messages, m => m.Contains("over the limit of 1000"));
        Assert.Contains(messages, m => m.Contains("cut short: 10 of 100 bytes"));
        Assert.Contains(messages, m => m.Contains("truncated"));

        using var sender = new Harness();                                   // and a good connection is still served
        var sh = new SocketHandler("127.0.0.1", rx.Receiver.TcpPort);
        sender.Manager.Root.AddHandler(sh);
        // on a loaded machine the first connect may miss its 1 s timeout; the handler then retries after
        // its backoff, so keep logging until a record gets through
        var sw = Stopwatch.StartNew();
        while (!rx.Got.Records.Any(r => r.GetMessage() == "still served") && sw.Elapsed < TimeSpan.FromSeconds(30))
        {
            sender.Manager.Root.Warning("still served");
            await Task.Delay(200);
        }
        Assert.Contains(rx.Got.Records, r => r.GetMessage() == "still served");
        sh.Close();
    }
}
