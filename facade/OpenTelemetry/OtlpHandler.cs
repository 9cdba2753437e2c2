using System.Diagnostics;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Resources;
using OtelLogRecord = OpenTelemetry.Logs.LogRecord;

namespace FuncLog.OpenTelemetry;

/// <summary>
/// Exports records over OTLP (http/protobuf or gRPC) through the OpenTelemetry .NET SDK, as Python's
/// <c>opentelemetry.sdk._logs.LoggingHandler</c> with an <c>OTLPLogExporter</c> does: the body is the record's message
/// (formatted by this handler's formatter when it has one), the severity is OpenTelemetry's mapping of Python's
/// levels (custom levels in between get DEBUG2…FATAL4), the timestamp is the record's creation time, the attributes
/// are <c>code.file.path</c>, <c>code.function.name</c>, <c>code.line.number</c>, <c>thread.id</c>,
/// <c>thread.name</c>, <c>exception.*</c> and the record's extra values, the trace and span ids are those of the
/// Activity current when the record was made, and the logger name is the instrumentation scope. Records are batched
/// off the caller's thread; <see cref="Flush"/> exports what is waiting and <see cref="Close"/> shuts the exporter
/// down (the manager does both at shutdown and process exit). A collector that is down costs the application
/// nothing: the batch is dropped and counted (<see cref="DroppedCount"/> and the FuncLog meter's
/// <c>funclog.records.dropped</c>).
/// </summary>
/// <example>
/// In dictConfig (JSON), the class by its .NET name with keyword arguments:
/// <code>
/// "otlp": { "class": "FuncLog.OpenTelemetry.OtlpHandler", "endpoint": "http://collector:4318",
///           "service_name": "orders", "resource_attributes": { "deployment.environment": "prod" } }
/// </code>
/// </example>
public sealed class OtlpHandler : Handler
{
    private readonly ServiceProvider services;
    private readonly ILoggerFactory factory;
    private readonly LoggerProvider provider;
    private readonly Dictionary<string, Microsoft.Extensions.Logging.ILogger> loggers = new(StringComparer.Ordinal);
    private readonly CountingExporter exporter;
    private readonly int timeoutMilliseconds;
    private readonly int drainMilliseconds;
    private long accepted;
    private long droppedInQueue;
    private bool closed;

    /// <summary>An OTLP handler.</summary>
    /// <param name="endpoint">
    /// Where the collector listens: for http/protobuf a base address (<c>http://collector:4318</c>, to which
    /// <c>/v1/logs</c> is added) or the full logs address; for grpc <c>http://collector:4317</c>. Null: the
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> / <c>OTEL_EXPORTER_OTLP_LOGS_ENDPOINT</c> variables, else the SDK's default.
    /// </param>
    /// <param name="protocol"><c>http/protobuf</c> (the default) or <c>grpc</c>.</param>
    /// <param name="headers">Headers sent with each export (an API key…); null: <c>OTEL_EXPORTER_OTLP_HEADERS</c>.</param>
    /// <param name="resourceAttributes">Attributes of the resource (<c>deployment.environment</c>…).</param>
    /// <param name="serviceName">
    /// The resource's <c>service.name</c>; null: <c>OTEL_SERVICE_NAME</c>, else <c>unknown_service</c>. A given name is
    /// also every record's <c>otelServiceName</c> while none was set.
    /// </param>
    /// <param name="timeoutMilliseconds">How long one export may take.</param>
    /// <param name="maxQueueSize">Records waiting for export at most (1 to 1,000,000); more are dropped and counted.</param>
    /// <param name="maxExportBatchSize">Records per export request at most.</param>
    /// <param name="scheduledDelayMilliseconds">How often waiting records are exported.</param>
    public OtlpHandler(
        string? endpoint = null,
        string protocol = "http/protobuf",
        IReadOnlyDictionary<string, object?>? headers = null,
        IReadOnlyDictionary<string, object?>? resourceAttributes = null,
        string? serviceName = null,
        int timeoutMilliseconds = 10_000,
        int maxQueueSize = 2048,
        int maxExportBatchSize = 512,
        int scheduledDelayMilliseconds = 1000)
    {
        // budgets, checked before the SDK allocates its queue: a configuration cannot ask for a queue of 2^31 records
        if (timeoutMilliseconds is < 1 or > 600_000) throw new ArgumentOutOfRangeException(nameof(timeoutMilliseconds), timeoutMilliseconds, "must be 1 to 600,000 ms");
        if (maxQueueSize is < 1 or > 1_000_000) throw new ArgumentOutOfRangeException(nameof(maxQueueSize), maxQueueSize, "must be 1 to 1,000,000 records");
        if (maxExportBatchSize < 1 || maxExportBatchSize > maxQueueSize) throw new ArgumentOutOfRangeException(nameof(maxExportBatchSize), maxExportBatchSize, "must be 1 to maxQueueSize");
        if (scheduledDelayMilliseconds is < 1 or > 3_600_000) throw new ArgumentOutOfRangeException(nameof(scheduledDelayMilliseconds), scheduledDelayMilliseconds, "must be 1 to 3,600,000 ms");
        this.timeoutMilliseconds = timeoutMilliseconds;
        // closing waits for a full queue to drain: one export per batch, each within its timeout
        drainMilliseconds = (int)Math.Min(int.MaxValue,
            (long)timeoutMilliseconds * (1 + (maxQueueSize + maxExportBatchSize - 1) / Math.Max(1, maxExportBatchSize)));
        var options = new OtlpExporterOptions
        {
            Protocol = protocol switch
            {
                "http/protobuf" or "http" => OtlpExportProtocol.HttpProtobuf,
                "grpc" => OtlpExportProtocol.Grpc,
                _ => throw new ArgumentException($"protocol must be 'http/protobuf' or 'grpc', not '{protocol}'", nameof(protocol)),
            },
            TimeoutMilliseconds = timeoutMilliseconds,
        };
        if (endpoint is not null) options.Endpoint = LogsEndpoint(endpoint, options.Protocol);
        if (headers is { Count: > 0 })
            options.Headers = string.Join(",", headers.Select(h => $"{h.Key}={h.Value}"));

        if (serviceName is not null && string.IsNullOrEmpty(TraceFields.serviceName)) TraceFields.serviceName = serviceName;
        var resource = ResourceBuilder.CreateDefault();
        if (serviceName is not null) resource.AddService(serviceName);
        if (resourceAttributes is { Count: > 0 })
            resource.AddAttributes(resourceAttributes.Where(a => a.Value is not null).Select(a => new KeyValuePair<string, object>(a.Key, AttributeValue(a.Value!))));

        exporter = new CountingExporter(new OtlpLogExporter(options), this);
        var batch = new BatchLogRecordExportProcessor(exporter, maxQueueSize, scheduledDelayMilliseconds, timeoutMilliseconds, maxExportBatchSize);
        services = new ServiceCollection()
            .AddLogging(b => b
                .SetMinimumLevel(LogLevel.Trace)
                .AddOpenTelemetry(o =>
                {
                    o.IncludeFormattedMessage = false;
                    o.IncludeScopes = false;
                    o.SetResourceBuilder(resource);
                    o.AddProcessor(new RecordStamp());
                    o.AddProcessor(batch);
                }))
            .BuildServiceProvider();
        factory = services.GetRequiredService<ILoggerFactory>();
        provider = services.GetRequiredService<LoggerProvider>();
    }

    /// <summary>Records exported (the collector answered success).</summary>
    public long ExportedCount => Interlocked.Read(ref exporter.Exported);

    /// <summary>
    /// Records lost: in exports that failed (collector down, refused, timed out) and, counted at close, those the full
    /// queue could not take.
    /// </summary>
    public long DroppedCount => Interlocked.Read(ref exporter.Failed) + Interlocked.Read(ref droppedInQueue);

    /// <summary>Hands the record to the SDK's batch (no network I/O on the caller's thread).</summary>
    /// <param name="record">The record.</param>
    public override void Emit(FuncLog.LogRecord record)
    {
        if (closed) return;
        if (!loggers.TryGetValue(record.Name, out var logger)) loggers[record.Name] = logger = factory.CreateLogger(record.Name);
        var body = Formatter is null ? record.GetMessage() : Format(record);
        RecordStamp.Current = (record, body, Attributes(record));
        try
        {
            logger.Log(MelLevel(record.LevelNo), default, 0, record.ExcInfo, static (_, _) => "");
        }
        finally { RecordStamp.Current = default; }
        accepted++;
    }

    /// <summary>Exports every waiting record now (waits up to the export timeout).</summary>
    public override void Flush()
    {
        if (!closed) provider.ForceFlush(timeoutMilliseconds);
    }

    /// <summary>
    /// Exports what is waiting and shuts the exporter down, waiting as long as a full queue takes to drain (one
    /// export timeout per batch); records that never reached an export (a full queue) are counted as dropped then.
    /// </summary>
    public override void Close()
    {
        if (closed) return;
        closed = true;
        if (provider.Shutdown(drainMilliseconds))
        {
            // every record handed over has been exported or failed by now: the rest fell out of a full queue
            long lost = accepted - Interlocked.Read(ref exporter.Exported) - Interlocked.Read(ref exporter.Failed);
            if (lost > 0)
            {
                Interlocked.Add(ref droppedInQueue, lost);
                PipelineMetrics.drop(PipelineMetrics.handlerName(Name, GetType()), "queue_full", lost);
            }
        }
        services.Dispose();
    }

    /// <summary>OpenTelemetry's severity number for a Python level (Python's <c>std_to_otel</c>).</summary>
    /// <param name="levelNo">The level number.</param>
    /// <returns>0 (UNSPECIFIED) below 10; DEBUG=5 … FATAL4=24, the second digit stepping up to three.</returns>
    public static int SeverityNumber(int levelNo) => TraceFields.otelSeverity(levelNo);

    // base address + /v1/logs for http/protobuf, as the SDK does for OTEL_EXPORTER_OTLP_ENDPOINT
    private static Uri LogsEndpoint(string endpoint, OtlpExportProtocol protocol)
    {
        var uri = new Uri(endpoint);
        if (protocol == OtlpExportProtocol.HttpProtobuf && uri.AbsolutePath is "" or "/")
            uri = new Uri(uri, "v1/logs");
        return uri;
    }

    private static LogLevel MelLevel(int levelNo) => levelNo switch
    {
        >= 50 => LogLevel.Critical,
        >= 40 => LogLevel.Error,
        >= 30 => LogLevel.Warning,
        >= 20 => LogLevel.Information,
        >= 10 => LogLevel.Debug,
        _ => LogLevel.Trace,
    };

    private static List<KeyValuePair<string, object?>> Attributes(FuncLog.LogRecord r)
    {
        var list = new List<KeyValuePair<string, object?>>(6 + r.Extra.Count)
        {
            new("code.file.path", r.PathName),
            new("code.function.name", r.FuncName),
            new("code.line.number", (long)r.LineNo),
            new("thread.id", r.Thread),
            new("thread.name", r.ThreadName),
        };
        if (r.ExcInfo is null && !string.IsNullOrEmpty(r.ExcText)) list.Add(new("exception.stacktrace", r.ExcText));
        foreach (var kv in r.Extra)
            if (kv.Value is not null) list.Add(new(kv.Key, AttributeValue(kv.Value)));
        return list;
    }

    // OTLP's value types: strings, booleans, 64-bit integers, doubles (and arrays of them); anything else as Python's str()
    private static object AttributeValue(object value) => value switch
    {
        string or bool or long or double => value,
        int or short or sbyte or byte or ushort or uint => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture),
        float f => (double)f,
        decimal d => (double)d,
        _ => PyValue.str(value),
    };

    /// <summary>Puts the FuncLog record's own values on the SDK's record before it is batched.</summary>
    private sealed class RecordStamp : BaseProcessor<OtelLogRecord>
    {
        [ThreadStatic] internal static (FuncLog.LogRecord Record, string Body, List<KeyValuePair<string, object?>> Attributes) Current;

        private static readonly PropertyInfo? Severity =
            typeof(OtelLogRecord).GetProperty("Severity", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public);

        private static readonly PropertyInfo? SeverityText =
            typeof(OtelLogRecord).GetProperty("SeverityText", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public);

        private static readonly Type? SeverityType = Severity is null ? null : Nullable.GetUnderlyingType(Severity.PropertyType);

        public override void OnEnd(OtelLogRecord data)
        {
            var (r, body, attributes) = Current;
            if (r is null) return;
            data.Timestamp = DateTime.UnixEpoch.AddTicks(r.CreatedNs / 100);
            data.CategoryName = r.Name;
            data.FormattedMessage = body;
            data.Body = null;
            data.Attributes = attributes;
            if (r.Activity is { } a)
            {
                data.TraceId = a.TraceId;
                data.SpanId = a.SpanId;
                data.TraceFlags = a.ActivityTraceFlags;
            }
            else
            {
                data.TraceId = default;
                data.SpanId = default;
                data.TraceFlags = ActivityTraceFlags.None;
            }
            // the SDK keeps these two internal in its stable release: the Python mapping needs them
            if (SeverityType is not null) Severity!.SetValue(data, Enum.ToObject(SeverityType, SeverityNumber(r.LevelNo)));
            SeverityText?.SetValue(data, r.LevelName);
        }
    }

    /// <summary>The OTLP exporter, counting what it exported and what failed.</summary>
    private sealed class CountingExporter(OtlpLogExporter inner, OtlpHandler owner) : BaseExporter<OtelLogRecord>
    {
        internal long Exported;
        internal long Failed;
        private static readonly PropertyInfo? Parent =
            typeof(BaseExporter<OtelLogRecord>).GetProperty("ParentProvider", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);

        public override ExportResult Export(in Batch<OtelLogRecord> batch)
        {
            // the inner exporter reads the resource from its provider, which only the outer one was given
            if (Parent is not null && Parent.GetValue(inner) is null && ParentProvider is not null) Parent.SetValue(inner, ParentProvider);
            var result = inner.Export(batch);
            if (result == ExportResult.Success) Interlocked.Add(ref Exported, batch.Count);
            else
            {
                Interlocked.Add(ref Failed, batch.Count);
                PipelineMetrics.drop(PipelineMetrics.handlerName(owner.Name, owner.GetType()), "export_failed", batch.Count);
            }
            return result;
        }

        protected override bool OnForceFlush(int timeoutMilliseconds) => inner.ForceFlush(timeoutMilliseconds);

        protected override bool OnShutdown(int timeoutMilliseconds) => inner.Shutdown(timeoutMilliseconds);

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
