namespace FuncLog

/// The trace-correlation fields of OpenTelemetry's Python logging instrumentation, read from the Activity a
/// record was made in: otelTraceID (32 hex digits, "0" without a span), otelSpanID (16 hex digits, "0"
/// without a span), otelTraceSampled (the sampled flag, False without a span) and otelServiceName.
[<RequireQualifiedAccess>]
module TraceFields =

    /// The field names, in Python's order.
    val names: string list

    /// The service name every record carries as otelServiceName (Python takes it from the tracer provider's
    /// resource). Set by the host: the OTEL_SERVICE_NAME environment variable, or an OTLP handler's
    /// service.name.
    val mutable serviceName: string

    /// OpenTelemetry's severity number for a Python level (Python's std_to_otel): 0 (UNSPECIFIED) below 10,
    /// DEBUG=5 … FATAL4=24, the second digit stepping up to three (25 → INFO4 = 12).
    val otelSeverity: levelNo: int -> int

    /// The value of a trace field for a record made in `activity` (null: none); ValueNone for other names.
    val internal attribute: key: string -> activity: System.Diagnostics.Activity -> obj voption
