namespace FuncLog

/// A record's extra values: a read-only mapping in the order the keys came, made of two arrays (a lookup is a
/// linear search up to 8 keys, a hash index past that). Filled while a record is made, never changed after.
[<Sealed>]
type internal ExtraValues =
    new: capacity: int -> ExtraValues
    member Count: int
    member KeyAt: i: int -> string
    member ValueAt: i: int -> obj
    member IndexOf: key: string -> int
    /// Sets a value while the record is made: a key already there keeps its place.
    member Set: key: string * value: obj -> unit
    interface System.Collections.Generic.IReadOnlyDictionary<string, obj>

/// One logging event: immutable, with Python's LogRecord attributes in .NET casing and the `extra` values.
/// A filter that adds context returns a changed copy (WithExtra) instead of writing onto the record.
[<NoComparison; ReferenceEquality>]
type LogRecord = {

    /// The logger's name ("root" for the root logger).
    Name: string

    /// The message: a %-format string or any object (str() is applied).
    Msg: obj

    /// The arguments merged into Msg with Python's % operator (a lone non-empty mapping is used for %(key)s).
    Args: obj array

    /// The level number.
    LevelNo: int

    /// The level name at creation ("Level N" for an unregistered level).
    LevelName: string

    /// Full path of the source file of the logging call.
    PathName: string

    /// File name part of PathName.
    FileName: string

    /// FileName without its extension.
    Module: string

    /// Source line of the logging call.
    LineNo: int

    /// Name of the calling member.
    FuncName: string

    /// Creation time in nanoseconds since the Unix epoch (Python's time.time_ns()).
    CreatedNs: int64

    /// Milliseconds since the manager started (or its clock was replaced).
    RelativeCreated: float

    /// Managed thread id.
    Thread: int64

    /// Thread name (the .NET thread name, or "Thread-N").
    ThreadName: string

    /// Process id.
    Process: int

    /// Process name.
    ProcessName: string

    /// Name of the current task, or null (Python's None).
    TaskName: string

    /// The exception being logged, or null.
    ExcInfo: exn

    /// Pre-rendered exception text (for records that crossed a process boundary), or null.
    ExcText: string

    /// Stack text ("Stack (most recent call last): ..."), or null.
    StackInfo: string

    /// Values from `extra`, a LoggerAdapter or a context filter.
    Extra: System.Collections.Generic.IReadOnlyDictionary<string, obj>

    /// The local time zone of the clock that created the record (used by the local-time converter).
    TimeZone: System.TimeZoneInfo

    /// The Activity (trace span) current when the record was made, or null: the source of the otelTraceID,
    /// otelSpanID and otelTraceSampled fields.
    Activity: System.Diagnostics.Activity
} with

    /// A record built from parts (Python's makeLogRecord for tests and receivers); unset parts take neutral values.
    static member Create:
        name: string *
        level: int *
        msg: obj *
        [<System.Runtime.InteropServices.Optional; System.Runtime.InteropServices.DefaultParameterValue(null: obj[])>] args: obj array *
        [<System.Runtime.InteropServices.Optional; System.Runtime.InteropServices.DefaultParameterValue(0L)>] createdNs: int64 *
        [<System.Runtime.InteropServices.Optional; System.Runtime.InteropServices.DefaultParameterValue(null: string)>] levelName: string *
        [<System.Runtime.InteropServices.Optional;
          System.Runtime.InteropServices.DefaultParameterValue(null: System.Collections.Generic.IReadOnlyDictionary<string, obj>)>] extra:
            System.Collections.Generic.IReadOnlyDictionary<string, obj> *
        [<System.Runtime.InteropServices.Optional; System.Runtime.InteropServices.DefaultParameterValue(null: exn)>] excInfo: exn *
        [<System.Runtime.InteropServices.Optional; System.Runtime.InteropServices.DefaultParameterValue(null: System.TimeZoneInfo)>] timeZone:
            System.TimeZoneInfo ->
            LogRecord

    /// The message with its arguments merged (Python's getMessage); throws LogFormatException on a mismatch.
    member GetMessage: unit -> string

    /// A copy with one more (or a replaced) extra value: how a filter adds context.
    member WithExtra: key: string * value: obj -> LogRecord

    /// Seconds since the epoch, as Python's record.created (ns / 1e9).
    member Created: float

    /// Whole milliseconds of the creation time, as Python computes record.msecs.
    member Msecs: float

/// Functions over records.
[<RequireQualifiedAccess>]
module LogRecord =

    /// The attributes of Python's LogRecord, in the order its __init__ sets them (record.__dict__'s order).
    val attributeNames: string list

    /// Attribute names a record has; `extra` may not use them (nor "message" and "asctime").
    val reservedNames: Set<string>

    /// A private copy of `extra` for a new record, or Python's KeyError text when a key would overwrite a
    /// record attribute ("Attempt to overwrite 'message' in LogRecord").
    val copyExtra:
        extra: System.Collections.Generic.IReadOnlyDictionary<string, obj> ->
            Result<System.Collections.Generic.IReadOnlyDictionary<string, obj>, string>

    /// The extra a LoggerAdapter passes on (Python's process): its own values, or with mergeExtra the
    /// call's values over its own.
    val adapterExtra:
        mergeExtra: bool ->
        adapter: System.Collections.Generic.IReadOnlyDictionary<string, obj> ->
        call: System.Collections.Generic.IReadOnlyDictionary<string, obj> ->
            System.Collections.Generic.IReadOnlyDictionary<string, obj>

    /// The arguments as the % operator sees them: a lone non-empty mapping, or the tuple.
    val internal percentArgs: r: LogRecord -> PercentArgs

    /// Python's getMessage: str(msg), then `% args` when there are args.
    val message: r: LogRecord -> Result<string, FormatError>

    /// A record attribute by its Python name (then `extra`), as a format string sees it.
    val attribute: key: string -> r: LogRecord -> obj voption

    /// `attribute key` as a function made once, for a formatter that reads the same names from every record.
    val internal attributeReader: key: string -> (LogRecord -> obj voption)

    /// Splits a path into (filename, module) as Python's os.path.basename/splitext do.
    val fileAndModule: pathname: string -> string * string

    /// A record from its essential parts; the rest defaults (no caller, thread or process information).
    val make: name: string -> levelNo: int -> levelName: string -> msg: obj -> args: obj array -> createdNs: int64 -> LogRecord

    /// The empty `extra` map.
    val noExtra: System.Collections.Generic.IReadOnlyDictionary<string, obj>
