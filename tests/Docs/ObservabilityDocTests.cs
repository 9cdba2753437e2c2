using System.Diagnostics;
using System.Diagnostics.Metrics;
using FuncLog.OpenTelemetry;
using FuncLog.Tests.OpenTelemetry;
using FuncLog.Tests.Support;

namespace FuncLog.Tests.Docs;

/// <summary>The examples of docs/observability.md, as printed there, with the output the page shows.</summary>
[Collection("process state")]
public class ObservabilityDocTests
{
    private static LogRecord Record(string name, int level, string msg, Dictionary<string, object?>? extra = null) =>
        LogRecord.Create(name, level, msg, createdNs: 1_795_600_000_250_000_000, extra: extra!);

    [Fact]
    public void Json_lines_in_code()
    {
        var json = new JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s",
            renameFields: new Dictionary<string, object> { ["levelname"] = "level" },
            timestamp: true);
        var line = json.Format(Record("shop", Levels.Info, "paid", new() { ["order"] = 42, ["items"] = new[] { "tea", "cake" } }));
        Assert.Equal("{\"asctime\": \"" + new Formatter().FormatTime(Record("shop", Levels.Info, "paid"), null!)
            + "\", \"level\": \"INFO\", \"name\": \"shop\", \"message\": \"paid\", \"taskName\": null, \"order\": 42, "
            + "\"items\": [\"tea\", \"cake\"], \"timestamp\": \"2026-11-25T09:46:40.250000+00:00\"}", line);
    }

    [Fact]
    public void Colored_console_in_code()
    {
        var colors = new ColoredFormatter("%(log_color)s%(levelname)-8s%(reset)s %(message)s", forceColor: true);
        Assert.Equal("\u001b[33mWARNING \u001b[0m disk at 91%\u001b[0m", colors.Format(Record("disk", Levels.Warning, "disk at 91%")));
    }

    [Fact]
    public void Trace_correlation_in_any_format()
    {
        var source = new ActivitySource("Docs.Checkout");
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "Docs.Checkout",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        var output = new StringWriter();
        var manager = new LogManager(stderr: new StringWriter());
        var handler = new StreamHandler(output);
        handler.SetFormatter(new Formatter("%(levelname)s [trace=%(otelTraceID)s span=%(otelSpanID)s] %(message)s"));
        manager.Root.AddHandler(handler);
        var log = manager.GetLogger("checkout");

        using (var activity = source.StartActivity("pay"))
            log.Warning("card declined");
        log.Warning("outside any span");

        var lines = output.ToString().Split('\n');
        Assert.Matches(@"^WARNING \[trace=[0-9a-f]{32} span=[0-9a-f]{16}\] card declined$", lines[0]);
        Assert.Equal("WARNING [trace=0 span=0] outside any span", lines[1]);
        manager.Shutdown();
    }

    [Fact]
    public void Otlp_handler_in_code()
    {
        var manager = new LogManager(stderr: new StringWriter());
        var otlp = new OtlpHandler("http://localhost:4318", serviceName: "orders",
            resourceAttributes: new Dictionary<string, object?> { ["deployment.environment"] = "prod" });
        manager.GetLogger("orders").AddHandler(otlp);
        Assert.Same(otlp, manager.GetLogger("orders").Handlers.Single());
        manager.GetLogger("orders").RemoveHandler(otlp);
        otlp.Close();
    }

    [Fact]
    public void Metrics_with_a_MeterListener()
    {
        var manager = new LogManager(stderr: new StringWriter());
        manager.Root.AddHandler(new NullHandler());
        long records = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "FuncLog") l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (instrument.Name == "funclog.records") Interlocked.Add(ref records, value);
        });
        listener.Start();

        manager.GetLogger("app").Warning("counted");
        Assert.True(Interlocked.Read(ref records) >= 1);
        manager.Shutdown();
    }

    private const string OtlpDictConfig = """
        {
          "version": 1,
          "handlers": {
            "otlp": {
              "class": "FuncLog.OpenTelemetry.OtlpHandler",
              "endpoint": "http://localhost:4318",
              "protocol": "http/protobuf",
              "headers": { "authorization": "Bearer my-token" },
              "service_name": "orders",
              "resource_attributes": { "deployment.environment": "prod" }
            }
          },
          "root": { "level": "INFO", "handlers": [ "otlp" ] }
        }
        """;

    [Fact]
    public void Otlp_handler_from_dictConfig()
    {
        var manager = new LogManager(stderr: new StringWriter());
        var options = new ConfigOptions();
        options.AllowedTypes.Add(typeof(OtlpHandler));
        manager.DictConfigJson(OtlpDictConfig, options);
        Assert.IsType<OtlpHandler>(manager.Root.Handlers.Single());
        manager.Root.Handlers.Single().Close();
    }
}
