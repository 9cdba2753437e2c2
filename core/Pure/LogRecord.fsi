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

/// A QueueHandler's formatted message in a builder that its reused copy keeps from record to record (no
/// string per record); its text is the message (str() and ToString give it).
[<Sealed; AllowNullLiteral>]
type internal MessageText =
    new: unit -> MessageText
    member Builder: System.Text.StringBuilder
    override ToString: unit -> string

/// One logging event: immutable, with Python's LogRecord attributes in .NET casing and the `extra` values.
/// A filter that adds context returns a changed copy (WithExtra) instead of writing onto the record.
[<Sealed>]
type LogRecord =
    internal new: unit -> LogRecord

    [<DefaultValue>]
    val mutable internal name: string

    [<DefaultValue>]
    val mutable internal msg: obj

    [<DefaultValue>]
    val mutable internal args: obj array

    [<DefaultValue>]
    val mutable internal levelNo: int

    [<DefaultValue>]
    val mutable internal levelName: string

    [<DefaultValue>]
    val mutable internal pathName: string

    [<DefaultValue>]
    val mutable internal fileName: string

    [<DefaultValue>]
    val mutable internal moduleName: string

    [<DefaultValue>]
    val mutable internal lineNo: int

    [<DefaultValue>]
    val mutable internal funcName: string

    [<DefaultValue>]
    val mutable internal createdNs: int64

    [<DefaultValue>]
    val mutable internal relativeCreated: float

    [<DefaultValue>]
    val mutable internal thread: int64

    [<DefaultValue>]
    val mutable internal threadName: string

    [<DefaultValue>]
    val mutable internal processId: int

    [<DefaultValue>]
    val mutable internal processName: string

    [<DefaultValue>]
    val mutable internal taskName: string

    [<DefaultValue>]
    val mutable internal excInfo: exn

    [<DefaultValue>]
    val mutable internal excText: string

    [<DefaultValue>]
    val mutable internal stackInfo: string

    [<DefaultValue>]
    val mutable internal extra: System.Collections.Generic.IReadOnlyDictionary<string, obj>

    [<DefaultValue>]
    val mutable internal timeZone: System.TimeZoneInfo

    [<DefaultValue>]
    val mutable internal activity: System.Diagnostics.Activity

    /// True while the record is a logging call's lease: it is refilled once the call returns.
    [<DefaultValue>]
    val mutable internal leased: bool

    /// A lent record's typed arguments (args stays null until something asks for Args), or null.
    [<DefaultValue>]
    val mutable internal pack: ArgPack

    /// True for a QueueHandler's own copy: its listener may reuse it once its handlers are done with it.
    [<DefaultValue>]
    val mutable internal queued: bool

    /// A reused queue copy's message builder (kept when the copy goes back to the pool), or null.
    [<DefaultValue>]
    val mutable internal text: MessageText

    /// The logger's name ("root" for the root logger).
    member Name: string

    /// The message: a %-format string or any object (str() is applied).
    member Msg: obj

    /// The arguments merged into Msg with Python's % operator (a lone non-empty mapping is used for %(key)s).
    member Args: obj array

    /// The level number.
    member LevelNo: int

    /// The level name at creation ("Level N" for an unregistered level).
    member LevelName: string

    /// Full path of the source file of the logging call.
    member PathName: string

    /// File name part of PathName.
    member FileName: string

    /// FileName without its extension.
    member Module: string

    /// Source line of the logging call.
    member LineNo: int

    /// Name of the calling member.
    member FuncName: string

    /// Creation time in nanoseconds since the Unix epoch (Python's time.time_ns()).
    member CreatedNs: int64

    /// Milliseconds since the manager started (or its clock was replaced).
    member RelativeCreated: float

    /// Managed thread id.
    member Thread: int64

    /// Thread name (the .NET thread name, or "Thread-N").
    member ThreadName: string

    /// Process id.
    member Process: int

    /// Process name.
    member ProcessName: string

    /// Name of the current task, or null (Python's None).
    member TaskName: string

    /// The exception being logged, or null.
    member ExcInfo: exn

    /// Pre-rendered exception text (for records that crossed a process boundary), or null.
    member ExcText: string

    /// Stack text ("Stack (most recent call last): ..."), or null.
    member StackInfo: string

    /// Values from `extra`, a LoggerAdapter or a context filter.
    member Extra: System.Collections.Generic.IReadOnlyDictionary<string, obj>

    /// The local time zone of the clock that created the record (used by the local-time converter).
    member TimeZone: System.TimeZoneInfo

    /// The Activity (trace span) current when the record was made, or null: the source of the otelTraceID,
    /// otelSpanID and otelTraceSampled fields.
    member Activity: System.Diagnostics.Activity


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

    /// Python's repr: <LogRecord: name, levelno, pathname, lineno, "msg">.
    override ToString: unit -> string

    /// A copy of this record (never a lease), for a changed copy or for keeping.
    member internal Copy: unit -> LogRecord

    /// Copies this record into `c` (a record of a pool, or a fresh clone) as Copy does; returns c.
    member internal CopyTo: c: LogRecord -> LogRecord

    /// The record itself, or a copy when it is a logging call's lease: what may be kept after the call.
    member internal Kept: unit -> LogRecord

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

    /// Python's KeyError text when a key of `extra` would overwrite a record attribute, else null (for a lent
    /// record, which reads the caller's plain Dictionary while the call runs instead of copying it).
    val internal checkExtra: extra: System.Collections.Generic.Dictionary<string, obj> -> string

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
