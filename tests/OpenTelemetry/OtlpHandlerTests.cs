using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using FuncLog.OpenTelemetry;
using FuncLog.Tests.Support;

namespace FuncLog.Tests.OpenTelemetry;

/// <summary>
/// The OTLP handler end to end: records exported by the OpenTelemetry SDK over OTLP/HTTP to a loopback receiver
/// that decodes each protobuf request and checks every field; a collector that is down or hangs.
/// </summary>
[Collection("process state")]
public class OtlpHandlerTests
{
    private static readonly ActivitySource Source = new("FuncLog.Tests.Otlp");

    [Fact]
    public void Severity_follows_Pythons_std_to_otel()
    {
        int[] levels = [0, 5, 9, 10, 11, 12, 13, 19, 20, 21, 23, 25, 30, 33, 40, 42, 49, 50, 51, 52, 53, 54, 100];
        int[] expected = [0, 0, 0, 5, 6, 7, 8, 8, 9, 10, 12, 12, 13, 16, 17, 19, 20, 21, 22, 23, 24, 24, 24];
        Assert.Equal(expected, levels.Select(OtlpHandler.SeverityNumber));
    }

    [Fact]
    public void Records_arrive_with_body_severity_time_attributes_trace_ids_resource_and_scope()
    {
        using var receiver = new OtlpReceiver();
        using var activities = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "FuncLog.Tests.Otlp",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(activities);
        Logging.AddLevelName(25, "NOTICE");
        var clock = new ManualTimeProvider(Harness.Parse("2026-11-21 10:00:00,250"));
        var manager = new LogManager(clock, new StringWriter());
        var handler = new OtlpHandler(receiver.Endpoint, headers: new Dictionary<string, object?> { ["x-api-key"] = "secret" },
            resourceAttributes: new Dictionary<string, object?> { ["deployment.environment"] = "test", ["build"] = 7 },
            serviceName: "orders-svc", scheduledDelayMilliseconds: 50);
        var log = manager.GetLogger("shop.orders");
        log.Propagate = false;
        log.SetLevel(Levels.Debug);
        log.AddHandler(handler);

        ActivityTraceId traceId; ActivitySpanId spanId;
        using (var a = Source.StartActivity("checkout")!)
        {
            traceId = a.TraceId; spanId = a.SpanId;
            log.Info("Order %d read", 42, extra: new Dictionary<string, object?> { ["OrderId"] = 42, ["Customer"] = "ann", ["Ratio"] = 0.5, ["Paid"] = true });
        }
        clock.Advance(TimeSpan.FromMilliseconds(1));
        log.Log(25, "custom level");
        try { throw new InvalidOperationException("stock gone"); }
        catch (InvalidOperationException e) { log.Exception(e, "failed"); }
        manager.Shutdown(); // flushes and closes: everything is exported before it returns

        Assert.Equal(3, handler.ExportedCount);
        Assert.Equal(0, handler.DroppedCount);
        var request = receiver.Requests.First();
        Assert.Equal("/v1/logs", request.Path);
        Assert.Equal("application/x-protobuf", request.ContentType);
        Assert.Equal("secret", request.Headers["x-api-key"]);

        var records = receiver.LogRecords();
        Assert.Equal(3, records.Count);
        var (resource, scope, info) = records[0];
        var resourceAttributes = resource.Attributes(1);
        Assert.Equal("orders-svc", resourceAttributes["service.name"]);
        Assert.Equal("test", resourceAttributes["deployment.environment"]);
        Assert.Equal(7L, resourceAttributes["build"]);
        Assert.Equal("shop.orders", scope);

        var created = (ulong)new DateTimeOffset(2026, 11, 21, 10, 0, 0, 250, TimeSpan.Zero).ToUnixTimeMilliseconds() * 1_000_000UL;
        Assert.Equal(created, info.Number(1));                      // time_unix_nano: the record's creation time
        Assert.Equal(9UL, info.Number(2));                          // severity_number INFO
        Assert.Equal("INFO", info.String(3));                       // severity_text: Python's level name
        Assert.Equal("Order 42 read", ProtoMessage.AnyValue(info.Message(5)));
        Assert.Equal(traceId.ToHexString(), Convert.ToHexStringLower(info.Bytes(9).ToByteArray()));
        Assert.Equal(spanId.ToHexString(), Convert.ToHexStringLower(info.Bytes(10).ToByteArray()));
        var attributes = info.Attributes(6);
        Assert.Equal(42L, attributes["OrderId"]);
        Assert.Equal("ann", attributes["Customer"]);
        Assert.Equal(0.5, attributes["Ratio"]);
        Assert.Equal(true, attributes["Paid"]);
        Assert.EndsWith("OtlpHandlerTests.cs", (string)attributes["code.file.path"]!);
        Assert.Equal("Records_arrive_with_body_severity_time_attributes_trace_ids_resource_and_scope", attributes["code.function.name"]);
        Assert.True((long)attributes["code.line.number"]! > 0);
        Assert.Equal((long)Environment.CurrentManagedThreadId, attributes["thread.id"]);
        Assert.True(attributes.ContainsKey("thread.name"));

        var custom = records[1].Record;
        Assert.Equal(created + 1_000_000UL, custom.Number(1));
        Assert.Equal(12UL, custom.Number(2));                       // INFO4: a custom level between INFO and WARNING
        Assert.Equal("NOTICE", custom.String(3));
        Assert.False(custom.Has(9));                                // no span: no trace id

        var error = records[2].Record;
        Assert.Equal(17UL, error.Number(2));
        Assert.Equal("ERROR", error.String(3));
        var errorAttributes = error.Attributes(6);
        Assert.Equal("InvalidOperationException", errorAttributes["exception.type"]); // the type's name, as Python's __name__
        Assert.Equal("stock gone", errorAttributes["exception.message"]);
        Assert.Contains("stock gone", (string)errorAttributes["exception.stacktrace"]!);
    }

    [Fact]
    public async Task The_grpc_protocol_exports_to_a_gRPC_collector()
    {
        await using var receiver = await OtlpGrpcReceiver.StartAsync();
        var manager = new LogManager(stderr: new StringWriter());
        var handler = new OtlpHandler(receiver.Endpoint, protocol: "grpc", serviceName: "over-grpc");
        manager.GetLogger("grpc.test").AddHandler(handler);
        manager.GetLogger("grpc.test").Warning("sent over %s", "HTTP/2");
        manager.Shutdown();
        Assert.Equal(1, handler.ExportedCount);
        var resourceLogs = receiver.Requests.Single().Messages(1).Single();
        Assert.Equal("over-grpc", resourceLogs.Message(1).Attributes(1)["service.name"]);
        var scopeLogs = resourceLogs.Messages(2).Single();
        Assert.Equal("grpc.test", scopeLogs.Message(1).String(1));
        var record = scopeLogs.Messages(2).Single();
        Assert.Equal("sent over HTTP/2", ProtoMessage.AnyValue(record.Message(5)));
        Assert.Equal(13UL, record.Number(2));
    }

    [Fact]
    public void A_formatter_on_the_handler_makes_the_body()
    {
        using var receiver = new OtlpReceiver();
        var manager = new LogManager(stderr: new StringWriter());
        var handler = new OtlpHandler(receiver.Endpoint);
        handler.SetFormatter(new Formatter("%(levelname)s:%(name)s:%(message)s"));
        manager.GetLogger("fmt").AddHandler(handler);
        manager.GetLogger("fmt").Warning("hello %s", "world");
        manager.Shutdown();
        Assert.Equal("WARNING:fmt:hello world", ProtoMessage.AnyValue(receiver.LogRecords().Single().Record.Message(5)));
    }

    [Fact]
    public void A_collector_that_is_down_costs_the_caller_nothing_and_every_lost_record_is_counted()
    {
        // refused: nothing listens on the port
        var manager = new LogManager(stderr: new StringWriter());
        var down = new OtlpHandler($"http://127.0.0.1:{OtlpReceiver.FreePort()}", timeoutMilliseconds: 2000, scheduledDelayMilliseconds: 50);
        manager.GetLogger("down").AddHandler(down);
        for (int i = 0; i < 5; i++) manager.GetLogger("down").Error("lost %d", i);
        manager.Shutdown();
        Assert.Equal(0, down.ExportedCount);
        Assert.Equal(5, down.DroppedCount);
    }

    [Fact]
    public void A_collector_that_hangs_does_not_hold_the_logging_call()
    {
        // accepts connections and never answers: an export waits for its timeout, the logging calls do not
        var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var accepted = new List<Socket>();
        var accepting = Task.Run(async () => { try { while (true) { var s = await silent.AcceptSocketAsync(); lock (accepted) accepted.Add(s); } } catch (SocketException) { } catch (ObjectDisposedException) { } });
        var manager = new LogManager(stderr: new StringWriter());
        var hung = new OtlpHandler($"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}", timeoutMilliseconds: 2500, scheduledDelayMilliseconds: 10);
        manager.GetLogger("hung").AddHandler(hung);
        manager.GetLogger("hung").Error("first");
        Thread.Sleep(200); // the first export is now waiting on the silent collector
        for (int i = 0; i < 100; i++) manager.GetLogger("hung").Error("while it waits %d", i);
        // every call returned while the export is still pending: nothing exported or failed yet
        Assert.Equal(0, hung.ExportedCount + hung.DroppedCount);
        manager.Shutdown();
        Assert.Equal(101, hung.DroppedCount);
        silent.Stop();
        lock (accepted) foreach (var s in accepted) s.Dispose();
    }

    [Fact]
    public void DictConfig_builds_it_by_class_name_with_keyword_arguments()
    {
        using var receiver = new OtlpReceiver();
        var manager = new LogManager(stderr: new StringWriter());
        var options = new ConfigOptions();
        options.AllowedTypes.Add(typeof(OtlpHandler));
        manager.DictConfigJson($$"""
            {
              "version": 1,
              "formatters": { "plain": { "format": "%(name)s: %(message)s" } },
              "handlers": {
                "otlp": {
                  "class": "FuncLog.OpenTelemetry.OtlpHandler",
                  "endpoint": "{{receiver.Endpoint}}",
                  "protocol": "http/protobuf",
                  "headers": { "authorization": "Bearer t0ken" },
                  "service_name": "configured",
                  "resource_attributes": { "region": "eu" },
                  "scheduled_delay_milliseconds": 50,
                  "formatter": "plain",
                  "level": "INFO"
                }
              },
              "root": { "level": "DEBUG", "handlers": [ "otlp" ] }
            }
            """, options);
        manager.GetLogger("cfg").Debug("below the handler's level");
        manager.GetLogger("cfg").Info("configured");
        manager.Shutdown();
        var (resource, scope, record) = receiver.LogRecords().Single();
        Assert.Equal("cfg: configured", ProtoMessage.AnyValue(record.Message(5)));
        Assert.Equal("configured", resource.Attributes(1)["service.name"]);
        Assert.Equal("eu", resource.Attributes(1)["region"]);
        Assert.Equal("Bearer t0ken", receiver.Requests.First().Headers["authorization"]);
    }

    [Fact]
    public void A_configuration_asking_for_a_huge_queue_is_refused_with_the_place_before_anything_is_allocated()
    {
        var manager = new LogManager(stderr: new StringWriter());
        var options = new ConfigOptions();
        options.AllowedTypes.Add(typeof(OtlpHandler));
        var e = Assert.Throws<LogConfigException>(() => manager.DictConfigJson("""
            {"version": 1, "handlers": {"otlp": {"class": "FuncLog.OpenTelemetry.OtlpHandler", "max_queue_size": 2000000000}},
             "root": {"handlers": ["otlp"]}}
            """, options));
        Assert.Contains("handlers.otlp", e.Message);
        Assert.Contains("1,000,000", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new OtlpHandler(timeoutMilliseconds: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new OtlpHandler(maxQueueSize: 10, maxExportBatchSize: 20));
    }
}
