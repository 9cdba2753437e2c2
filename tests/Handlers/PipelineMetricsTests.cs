using System.Diagnostics.Metrics;
using FuncLog.Extensions.Logging;
using FuncLog.Tests.Support;
using Microsoft.Extensions.Configuration;

namespace FuncLog.Tests.Handlers;

/// <summary>
/// The "FuncLog" meter seen by a MeterListener, as dotnet-counters and OpenTelemetry metrics see it. The meter is
/// process-wide, so each check picks its own handler name or level.
/// </summary>
[Collection("process state")]
public sealed class PipelineMetricsTests : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly List<(string Instrument, long Value, Dictionary<string, string?> Tags)> seen = [];

    public PipelineMetricsTests()
    {
        listener.InstrumentPublished = (instrument, l) => { if (instrument.Meter.Name == "FuncLog") l.EnableMeasurementEvents(instrument); };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var d = new Dictionary<string, string?>();
            foreach (var t in tags) d[t.Key] = t.Value?.ToString();
            lock (seen) seen.Add((instrument.Name, value, d));
        });
        listener.Start();
    }

    private long Sum(string instrument, string tag, string value)
    {
        lock (seen) return seen.Where(m => m.Instrument == instrument && m.Tags.GetValueOrDefault(tag) == value).Sum(m => m.Value);
    }

    private sealed class Failing : Handler
    {
        public override void Emit(LogRecord record) => throw new IOException("disk gone");
    }

    [Fact]
    public void Records_per_level_handler_errors_drops_rollovers_and_queue_depth_are_measured()
    {
        Logging.AddLevelName(37, "METRICS37");
        var manager = new LogManager(stderr: new StringWriter());
        var log = manager.GetLogger("metrics");
        log.Propagate = false;

        var failing = new Failing { Name = "metrics-failing" };
        log.AddHandler(failing);
        var queue = new QueueHandler(new LogQueue(1, QueueFullMode.Drop)) { Name = "metrics-queue" };
        log.AddHandler(queue);
        using var h = new Harness();
        var rotating = new RotatingFileHandler(Path.Combine(h.Dir, "m.log"), maxBytes: 10, backupCount: 2) { Name = "metrics-rotating" };
        log.AddHandler(rotating);

        for (int i = 0; i < 3; i++) log.Log(37, "record %d", i);
        listener.RecordObservableInstruments();

        Assert.Equal(3, Sum("funclog.records", "level", "METRICS37"));
        Assert.Equal(3, Sum("funclog.handler.errors", "handler", "metrics-failing"));
        Assert.Equal(2, Sum("funclog.records.dropped", "handler", "metrics-queue"));
        lock (seen) Assert.All(seen.Where(m => m.Tags.GetValueOrDefault("handler") == "metrics-queue" && m.Instrument == "funclog.records.dropped"),
            m => Assert.Equal("queue_full", m.Tags["reason"]));
        Assert.Equal(2, Sum("funclog.rollovers", "handler", "metrics-rotating")); // the 2nd and 3rd record each roll over
        Assert.Equal(1, Sum("funclog.queue.depth", "handler", "metrics-queue"));
        manager.Shutdown();
    }

    [Fact]
    public void A_socket_handler_whose_peer_is_down_counts_its_drops()
    {
        var manager = new LogManager(stderr: new StringWriter());
        var log = manager.GetLogger("metrics.socket");
        log.Propagate = false;
        var port = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        port.Start();
        var free = ((System.Net.IPEndPoint)port.LocalEndpoint).Port;
        port.Stop(); // nobody listens there now
        var socket = new SocketHandler("127.0.0.1", free) { Name = "metrics-socket" };
        log.AddHandler(socket);
        log.Error("one"); log.Error("two");
        Assert.Equal(2, Sum("funclog.records.dropped", "handler", "metrics-socket"));
        manager.Shutdown();
    }

    [Fact]
    public void Configuration_versions_applied_and_refused_are_counted()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            { ["F:version"] = "1", ["F:root:level"] = "INFO" }).Build();
        var manager = new LogManager(stderr: new StringWriter());
        long applied0 = Sum("funclog.config.reloads", "outcome", "applied"), refused0 = Sum("funclog.config.reloads", "outcome", "refused");
        using var watcher = manager.WatchConfig(config.GetSection("F"));
        config["F:root:level"] = "LOUD";
        watcher.Reload();
        Assert.True(Sum("funclog.config.reloads", "outcome", "applied") - applied0 >= 1);
        Assert.True(Sum("funclog.config.reloads", "outcome", "refused") - refused0 >= 1);
        manager.Shutdown();
    }

    public void Dispose() => listener.Dispose();
}
