using System.Diagnostics;
using FuncLog.Extensions.Logging;
using FuncLog.Tests.Support;
using Microsoft.Extensions.Logging;

namespace FuncLog.Tests.Formatting;

/// <summary>
/// Trace correlation as OpenTelemetry's Python logging instrumentation gives it: otelTraceID, otelSpanID,
/// otelTraceSampled and otelServiceName on every record, from the Activity current when it was made.
/// </summary>
[Collection("process state")]
public class TraceFieldsTests
{
    private static readonly ActivitySource Source = new("FuncLog.Tests.Trace");

    [Fact]
    public void A_record_made_in_an_activity_carries_its_ids_and_one_made_outside_carries_Pythons_zeros()
    {
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "FuncLog.Tests.Trace",
            Sample = (ref ActivityCreationOptions<ActivityContext> o) =>
                o.Name == "sampled" ? ActivitySamplingResult.AllDataAndRecorded : ActivitySamplingResult.PropagationData,
        };
        ActivitySource.AddActivityListener(listener);
        var saved = TraceFields.serviceName;
        TraceFields.serviceName = "checkout";
        try
        {
            var manager = new LogManager(stderr: new StringWriter());
            var handler = new CollectingHandler();
            handler.SetFormatter(new Formatter("%(otelTraceID)s %(otelSpanID)s %(otelTraceSampled)s %(otelServiceName)s %(message)s"));
            manager.Root.AddHandler(handler);
            var log = manager.GetLogger("app");

            log.Warning("outside");
            string sampledLine, unsampledLine;
            using (var a = Source.StartActivity("sampled")!)
            {
                log.Warning("inside");
                sampledLine = $"{a.TraceId.ToHexString()} {a.SpanId.ToHexString()} True checkout inside";
            }
            using (var b = Source.StartActivity("unsampled")!)
            {
                log.Warning("not recorded");
                unsampledLine = $"{b.TraceId.ToHexString()} {b.SpanId.ToHexString()} False checkout not recorded";
            }

            Assert.Equal(["0 0 False checkout outside", sampledLine, unsampledLine], handler.Lines);
            Assert.Matches("^[0-9a-f]{32} [0-9a-f]{16} ", handler.Lines[1]);

            // a record received from Python carries its own values in extra: those win
            var received = LogRecord.Create("remote", Levels.Info, "from python",
                extra: new Dictionary<string, object?> { ["otelTraceID"] = "abc", ["otelSpanID"] = "def" }!);
            Assert.Equal("abc def False checkout from python", handler.Formatter!.Format(received));
            manager.Shutdown();
        }
        finally { TraceFields.serviceName = saved; }
    }

    [Fact]
    public void The_json_formatter_writes_the_trace_fields_its_format_names()
    {
        var f = new JsonFormatter("%(message)s %(otelTraceID)s %(otelTraceSampled)s");
        Assert.Equal("""{"message": "m", "otelTraceID": "0", "otelTraceSampled": false, "taskName": null}""",
            f.Format(LogRecord.Create("x", Levels.Info, "m")));
    }
}
