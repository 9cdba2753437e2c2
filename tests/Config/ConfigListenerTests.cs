using System.Buffers.Binary;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using FuncLog.Tests.Support;

namespace FuncLog.Tests.Config;

/// <summary>The configuration listener end to end over loopback.</summary>
public class ConfigListenerTests
{
    private static async Task Send(int port, byte[] body, int? declaredLength = null)
    {
        using var c = new TcpClient();
        await c.ConnectAsync("127.0.0.1", port);
        var s = c.GetStream();
        var header = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)(declaredLength ?? body.Length));
        await s.WriteAsync(header);
        await s.WriteAsync(body);
    }

    private static async Task Until(Func<bool> condition)
    {
        var sw = Stopwatch.StartNew();
        while (!condition())
        {
            if (sw.Elapsed > TimeSpan.FromSeconds(20)) throw new TimeoutException("the listener did not get there");
            await Task.Delay(10);
        }
    }

    private static string Json(Harness h, string level) => $$"""
        {"version": 1, "handlers": {"c": {"class": "logging.NullHandler"} }, "root": {"level": "{{level}}", "handlers": ["c"]} }
        """;

    [Fact]
    public async Task It_applies_JSON_and_INI_frames_and_survives_bad_ones()
    {
        using var h = new Harness();
        var errors = new CollectingHandler();
        using var listener = h.Manager.Listen(port: 0);
        listener.MaxFrameBytes = 4096;

        await Send(listener.Port, Encoding.UTF8.GetBytes(Json(h, "ERROR")));
        await Until(() => listener.Applied == 1);
        Assert.Equal(Levels.Error, h.Manager.Root.Level);
        h.Manager.GetLogger("funclog.config").AddHandler(errors);

        await Send(listener.Port, Encoding.UTF8.GetBytes("this is neither JSON nor INI"));
        await Until(() => listener.Rejected == 1);
        await Send(listener.Port, Encoding.UTF8.GetBytes("""{"version": 1, "handlers": {"x": {"class": "logging.FileHandler"}}}"""));
        await Until(() => listener.Rejected == 2);
        await Send(listener.Port, new byte[10], declaredLength: 1_000_000);          // oversized: refused before reading
        await Until(() => listener.Rejected == 3);
        await Send(listener.Port, new byte[3], declaredLength: 100);                 // cut short
        await Until(() => listener.Rejected == 4);
        await Send(listener.Port, [0xff, 0xfe, 0x00]);                              // not UTF-8
        await Until(() => listener.Rejected == 5);
        Assert.Equal(Levels.Error, h.Manager.Root.Level);                            // nothing half-applied

        await Send(listener.Port, Encoding.UTF8.GetBytes("""
            [loggers]
            keys=root

            [handlers]
            keys=n

            [formatters]
            keys=

            [logger_root]
            level=INFO
            handlers=n

            [handler_n]
            class=NullHandler
            """));
        await Until(() => listener.Applied == 2);
        Assert.Equal(Levels.Info, h.Manager.Root.Level);

        var messages = errors.Records.Select(r => r.GetMessage()).ToList();
        Assert.Equal(5, messages.Count);
        Assert.Contains(messages, m => m.Contains("FileHandler() missing required argument: 'filename'"));
        Assert.Contains(messages, m => m.Contains("a frame of 1000000 bytes is over the limit of 4096"));
        Assert.Contains(messages, m => m.Contains("the frame was cut short: 3 of 100 bytes"));
        Assert.Contains(messages, m => m.Contains("not UTF-8"));
        Assert.All(errors.Records, r => Assert.Equal("funclog.config", r.Name));
    }

    [Fact]
    public async Task Verify_can_reject_or_transform_a_frame()
    {
        using var h = new Harness();
        // accept only frames signed with a prefix, and strip it
        var sig = Encoding.UTF8.GetBytes("SIGNED:");
        using var listener = h.Manager.Listen(port: 0, verify: b => b.AsSpan().StartsWith(sig) ? b[sig.Length..] : null);
        await Send(listener.Port, Encoding.UTF8.GetBytes(Json(h, "CRITICAL")));
        await Until(() => listener.Rejected == 1);
        Assert.Equal(Levels.Warning, h.Manager.Root.Level);
        await Send(listener.Port, [.. sig, .. Encoding.UTF8.GetBytes(Json(h, "CRITICAL"))]);
        await Until(() => listener.Applied == 1);
        Assert.Equal(Levels.Critical, h.Manager.Root.Level);
    }

    [Fact]
    public async Task Stop_closes_the_port()
    {
        using var h = new Harness();
        var listener = h.Manager.Listen(port: 0);
        var port = listener.Port;
        listener.Stop();
        await Assert.ThrowsAnyAsync<SocketException>(async () =>
        {
            using var c = new TcpClient();
            await c.ConnectAsync("127.0.0.1", port);
        });
    }

    [SkippableFact]
    public async Task The_cookbook_sender_script_configures_a_FuncLog_listener()
    {
        var python = Support.Repo.RequirePython();
        using var h = new Harness();
        ConfigListener listener;
        var script = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Config", "send_config.py"));
        try { listener = h.Manager.Listen(port: 9999); }
        catch (SocketException)
        {
            listener = h.Manager.Listen(port: 0);   // 9999 is taken on this machine: the script gets the free port
            script = script.Replace("PORT = 9999", $"PORT = {listener.Port}");
        }
        using var _ = listener;
        File.WriteAllText(h.PathOf("send_config.py"), script);
        File.WriteAllText(h.PathOf("new.json"), Json(h, "DEBUG"));
        var psi = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(h.PathOf("send_config.py"));
        psi.ArgumentList.Add(h.PathOf("new.json"));
        using var p = Process.Start(psi)!;
        var output = await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        Assert.Equal("connecting...\nsending config...\ncomplete\n", output);
        await Until(() => listener.Applied == 1);
        Assert.Equal(Levels.Debug, h.Manager.Root.Level);
    }
}
