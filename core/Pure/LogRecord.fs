namespace FuncLog

open System
open System.Collections.Generic
open System.Runtime.InteropServices

/// A record's extra values: a read-only mapping in the order the keys came, made of two arrays (a lookup is a
/// linear search up to 8 keys, a hash index past that). Filled while a record is made, never changed after.
[<Sealed>]
type internal ExtraValues(capacity: int) =
    let mutable keys: string[] = Array.zeroCreate (max capacity 1)
    let mutable values: obj[] = Array.zeroCreate (max capacity 1)
    let mutable count = 0
    let mutable index: Dictionary<string, int> = null

    member _.Count = count
    member _.KeyAt(i: int) = keys.[i]
    member _.ValueAt(i: int) = values.[i]

    member _.IndexOf(key: string) =
        if not (isNull index) then
            match index.TryGetValue key with
            | true, i -> i
            | _ -> -1
        else
            let mutable found = -1
            let mutable i = 0

            while found < 0 && i < count do
                if String.Equals(keys.[i], key) then
                    found <- i

                i <- i + 1

            found

    /// Sets a value while the record is made: a key already there keeps its place.
    member this.Set(key: string, value: obj) =
        if isNull key then
            nullArg (nameof key)

        match this.IndexOf key with
        | -1 ->
            if count = keys.Length then
                Array.Resize(&keys, 2 * count)
                Array.Resize(&values, 2 * count)

            keys.[count] <- key
            values.[count] <- value
            count <- count + 1

            if not (isNull index) then
                index.[key] <- count - 1
            elif count > 8 then
                index <- Dictionary<string, int>(2 * count, StringComparer.Ordinal)

                for i in 0 .. count - 1 do
                    index.[keys.[i]] <- i
        | i -> values.[i] <- value

    interface IReadOnlyDictionary<string, obj> with
        member this.Item
            with get key =
                match this.IndexOf key with
                | -1 -> raise (KeyNotFoundException(sprintf "The given key '%s' was not present in the dictionary." key))
                | i -> values.[i]

        member _.Keys = Seq.init count (fun i -> keys.[i])
        member _.Values = Seq.init count (fun i -> values.[i])
        member this.ContainsKey key = this.IndexOf key >= 0

        member this.TryGetValue(key, value) =
            match this.IndexOf key with
            | -1 ->
                value <- null
                false
            | i ->
                value <- values.[i]
                true

    interface IReadOnlyCollection<KeyValuePair<string, obj>> with
        member _.Count = count

    interface IEnumerable<KeyValuePair<string, obj>> with
        member _.GetEnumerator() =
            (Seq.init count (fun i -> KeyValuePair(keys.[i], values.[i]))).GetEnumerator()

    interface Collections.IEnumerable with
        member this.GetEnumerator() =
            ((this :> IEnumerable<KeyValuePair<string, obj>>).GetEnumerator()) :> Collections.IEnumerator

/// A QueueHandler's formatted message in a builder that its reused copy keeps from record to record (no
/// string per record); its text is the message (str() and ToString give it).
[<Sealed; AllowNullLiteral>]
type internal MessageText() =
    let builder = Text.StringBuilder(128)
    member _.Builder = builder
    override _.ToString() = builder.ToString()

/// One logging event: immutable, with Python's LogRecord attributes in .NET casing and the `extra` values.
/// A filter that adds context returns a changed copy (WithExtra) instead of writing onto the record.
[<Sealed>]
type LogRecord internal () =
    [<DefaultValue>]
    val mutable internal name: string

    [<DefaultValue>]
    val mutable internal msg: obj

    [<DefaultValue>]
    val mutable internal args: obj[]

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
    val mutable internal extra: IReadOnlyDictionary<string, obj>

    [<DefaultValue>]
    val mutable internal timeZone: TimeZoneInfo

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
    member r.Name = r.name

    /// The message: a %-format string or any object (str() is applied).
    member r.Msg = r.msg

    /// The arguments merged into Msg with Python's % operator (a lone non-empty mapping is used for %(key)s).
    member r.Args =
        if isNull r.args && not (isNull r.pack) then
            r.args <- r.pack.ToArray() // a lent record's pack, boxed once for the rest of the call

        r.args

    /// The level number.
    member r.LevelNo = r.levelNo

    /// The level name at creation ("Level N" for an unregistered level).
    member r.LevelName = r.levelName

    /// Full path of the source file of the logging call.
    member r.PathName = r.pathName

    /// File name part of PathName.
    member r.FileName = r.fileName

    /// FileName without its extension.
    member r.Module = r.moduleName

    /// Source line of the logging call.
    member r.LineNo = r.lineNo

    /// Name of the calling member.
    member r.FuncName = r.funcName

    /// Creation time in nanoseconds since the Unix epoch (Python's time.time_ns()).
    member r.CreatedNs = r.createdNs

    /// Milliseconds since the manager started (or its clock was replaced).
    member r.RelativeCreated = r.relativeCreated

    /// Managed thread id.
    member r.Thread = r.thread

    /// Thread name (the .NET thread name, or "Thread-N").
    member r.ThreadName = r.threadName

    /// Process id.
    member r.Process = r.processId

    /// Process name.
    member r.ProcessName = r.processName

    /// Name of the current task, or null (Python's None).
    member r.TaskName = r.taskName

    /// The exception being logged, or null.
    member r.ExcInfo = r.excInfo

    /// Pre-rendered exception text (for records that crossed a process boundary), or null.
    member r.ExcText = r.excText

    /// Stack text ("Stack (most recent call last): ..."), or null.
    member r.StackInfo = r.stackInfo

    /// Values from `extra`, a LoggerAdapter or a context filter.
    member r.Extra = r.extra

    /// The local time zone of the clock that created the record (used by the local-time converter).
    member r.TimeZone = r.timeZone

    /// The Activity (trace span) current when the record was made, or null: the source of the otelTraceID,
    /// otelSpanID and otelTraceSampled fields.
    member r.Activity = r.activity


    /// Seconds since the epoch, as Python's record.created (ns / 1e9).
    member r.Created = float r.CreatedNs / 1e9

    /// Whole milliseconds of the creation time, as Python computes record.msecs.
    member r.Msecs =
        let ms = float ((r.CreatedNs % 1_000_000_000L) / 1_000_000L)

        if ms = 999.0 && int64 (floor r.Created) <> r.CreatedNs / 1_000_000_000L then
            0.0
        else
            ms

    /// A copy with one more (or a replaced) extra value: how a filter adds context.
    member r.WithExtra(key: string, value: obj) =
        let d = ExtraValues(r.Extra.Count + 1)

        for KeyValue(k, v) in r.Extra do
            d.Set(k, v)

        d.Set(key, value)
        let c: LogRecord = r.Copy()
        c.extra <- d
        c

    /// Python's repr: <LogRecord: name, levelno, pathname, lineno, "msg">.
    override r.ToString() =
        sprintf "<LogRecord: %s, %d, %s, %d, \"%s\">" r.Name r.LevelNo r.PathName r.LineNo (PyValue.str r.Msg)

    /// A copy of this record (never a lease), for a changed copy or for keeping.
    member internal r.Copy() : LogRecord =
        let c = r.MemberwiseClone() :?> LogRecord
        c.text <- null // the builder stays with this record
        r.CopyTo c

    /// Copies this record into `c` (a record of a pool, or a fresh clone) as Copy does; returns c.
    member internal r.CopyTo(c: LogRecord) : LogRecord =
        c.name <- r.name

        c.msg <-
            (match r.msg with
             | :? MessageText as t -> box (t.ToString()) // a copy keeps the text, not the reused builder
             | m -> m)

        c.args <- r.args
        c.levelNo <- r.levelNo
        c.levelName <- r.levelName
        c.pathName <- r.pathName
        c.fileName <- r.fileName
        c.moduleName <- r.moduleName
        c.lineNo <- r.lineNo
        c.funcName <- r.funcName
        c.createdNs <- r.createdNs
        c.relativeCreated <- r.relativeCreated
        c.thread <- r.thread
        c.threadName <- r.threadName
        c.processId <- r.processId
        c.processName <- r.processName
        c.taskName <- r.taskName
        c.excInfo <- r.excInfo
        c.excText <- r.excText
        c.stackInfo <- r.stackInfo
        c.extra <- r.extra
        c.timeZone <- r.timeZone
        c.activity <- r.activity
        c.leased <- false
        c.queued <- false
        c.args <- r.Args
        c.pack <- null

        // a lent record reads the caller's extra during the call; a copy takes the values
        if r.leased && r.extra.Count > 0 && not (r.extra :? ExtraValues) then
            let d = ExtraValues(r.extra.Count)

            for KeyValue(k, v) in r.extra do
                d.Set(k, v)

            c.extra <- d

        c

    /// The record itself, or a copy when it is a logging call's lease: what may be kept after the call.
    member internal r.Kept() = if r.leased then r.Copy() else r

/// Functions over records.
[<RequireQualifiedAccess>]
module LogRecord =
    let private emptyExtra: IReadOnlyDictionary<string, obj> =
        Dictionary<string, obj>() :> _

    /// The attributes of Python's LogRecord, in the order its __init__ sets them (record.__dict__'s order).
    let attributeNames = [
        "name"
        "msg"
        "args"
        "levelname"
        "levelno"
        "pathname"
        "filename"
        "module"
        "exc_info"
        "exc_text"
        "stack_info"
        "lineno"
        "funcName"
        "created"
        "msecs"
        "relativeCreated"
        "thread"
        "threadName"
        "processName"
        "process"
        "taskName"
    ]

    /// Attribute names a record has; `extra` may not use them (nor "message" and "asctime").
    let reservedNames = set (attributeNames @ [ "message"; "asctime" ])

    let private reservedLookup = HashSet<string>(reservedNames, StringComparer.Ordinal)

    /// A private copy of `extra` for a new record, or Python's KeyError text when a key would overwrite a
    /// record attribute ("Attempt to overwrite 'message' in LogRecord").
    let copyExtra (extra: IReadOnlyDictionary<string, obj>) : Result<IReadOnlyDictionary<string, obj>, string> =
        if isNull extra || extra.Count = 0 then
            Ok emptyExtra
        else
            let d = ExtraValues(extra.Count)
            let mutable clash = None

            let inline add (key: string) (value: obj) =
                if clash.IsNone then
                    if reservedLookup.Contains key then
                        clash <- Some key
                    else
                        d.Set(key, value)

            // a Dictionary (what callers usually pass) is walked with its own enumerator, not a boxed one
            match extra with
            | :? Dictionary<string, obj> as given ->
                for KeyValue(k, v) in given do
                    add k v
            | _ ->
                for KeyValue(k, v) in extra do
                    add k v

            match clash with
            | Some key -> Error(sprintf "Attempt to overwrite %s in LogRecord" (PyValue.stringRepr key))
            | None -> Ok(d :> IReadOnlyDictionary<_, _>)

    /// Python's KeyError text when a key of `extra` would overwrite a record attribute, else null (for a lent
    /// record, which reads the caller's plain Dictionary while the call runs instead of copying it).
    let internal checkExtra (extra: Dictionary<string, obj>) : string =
        let mutable clash: string = null

        for KeyValue(k, _) in extra do
            if isNull clash && reservedLookup.Contains k then
                clash <- k

        if isNull clash then
            null
        else
            sprintf "Attempt to overwrite %s in LogRecord" (PyValue.stringRepr clash)

    /// The extra a LoggerAdapter passes on (Python's process): its own values, or with mergeExtra the
    /// call's values over its own.
    let adapterExtra
        (mergeExtra: bool)
        (adapter: IReadOnlyDictionary<string, obj>)
        (call: IReadOnlyDictionary<string, obj>)
        : IReadOnlyDictionary<string, obj> =
        if not mergeExtra || isNull call then
            adapter
        elif isNull adapter then
            call
        else
            let d = Dictionary<string, obj>(adapter, StringComparer.Ordinal)

            for kv in call do
                d.[kv.Key] <- kv.Value

            d :> _

    /// The arguments as the % operator sees them: a lone non-empty mapping, or the tuple.
    let internal percentArgs (r: LogRecord) =
        if isNull r.Args then
            Positional [||]
        elif r.Args.Length = 1 && PyValue.isNonEmptyMapping r.Args.[0] then
            Mapping(r.Args.[0], PyValue.tryLookup r.Args.[0])
        else
            Positional r.Args

    /// Python's getMessage: str(msg), then `% args` when there are args.
    let message (r: LogRecord) : Result<string, FormatError> =
        let msg = PyValue.str r.Msg
        let pack = r.pack

        let fast =
            if isNull pack || pack.Count = 0 || not (r.Msg :? string) then
                null
            else
                // a lent record's typed arguments: strings and integers without boxing them
                let sb = Scratch.rentBuilder ()

                let text =
                    if PercentFormat.tryAppendPack msg pack sb then
                        sb.ToString()
                    else
                        null

                Scratch.returnBuilder sb
                text

        if not (isNull fast) then Ok fast
        elif isNull r.Args || r.Args.Length = 0 then Ok msg
        else PercentFormat.format msg (percentArgs r)

    /// A record attribute by its Python name (then `extra`), as a format string sees it.
    let attribute (key: string) (r: LogRecord) : obj voption =
        match key with
        | "name" -> ValueSome(box r.Name)
        | "msg" -> ValueSome r.Msg
        | "args" when isNull r.Args -> ValueSome null // None, as QueueHandler.prepare leaves it
        | "args" ->
            ValueSome(
                match percentArgs r with
                | Mapping(m, _) -> m
                | Positional a -> box (PyTuple a)
            )
        | "levelname" -> ValueSome(box r.LevelName)
        | "levelno" -> ValueSome(box r.LevelNo)
        | "pathname" -> ValueSome(box r.PathName)
        | "filename" -> ValueSome(box r.FileName)
        | "module" -> ValueSome(box r.Module)
        | "exc_info" -> ValueSome(box r.ExcInfo)
        | "exc_text" -> ValueSome(box r.ExcText)
        | "stack_info" -> ValueSome(box r.StackInfo)
        | "lineno" -> ValueSome(box r.LineNo)
        | "funcName" -> ValueSome(box r.FuncName)
        | "created" -> ValueSome(box r.Created)
        | "msecs" -> ValueSome(box r.Msecs)
        | "relativeCreated" -> ValueSome(box r.RelativeCreated)
        | "thread" -> ValueSome(box r.Thread)
        | "threadName" -> ValueSome(box r.ThreadName)
        | "process" -> ValueSome(box r.Process)
        | "processName" -> ValueSome(box r.ProcessName)
        | "taskName" -> ValueSome(box r.TaskName)
        | _ ->
            match r.Extra.TryGetValue key with
            | true, v -> ValueSome v
            | _ -> TraceFields.attribute key r.Activity

    /// `attribute key` as a function made once, for a formatter that reads the same names from every record:
    /// the record's string fields without matching the name each time.
    let attributeReader (key: string) : LogRecord -> obj voption =
        match key with
        | "name" -> fun r -> ValueSome(box r.Name)
        | "levelname" -> fun r -> ValueSome(box r.LevelName)
        | "pathname" -> fun r -> ValueSome(box r.PathName)
        | "filename" -> fun r -> ValueSome(box r.FileName)
        | "module" -> fun r -> ValueSome(box r.Module)
        | "funcName" -> fun r -> ValueSome(box r.FuncName)
        | "threadName" -> fun r -> ValueSome(box r.ThreadName)
        | "processName" -> fun r -> ValueSome(box r.ProcessName)
        | "taskName" -> fun r -> ValueSome(box r.TaskName)
        | key -> fun r -> attribute key r

    /// Splits a path into (filename, module) as Python's os.path.basename/splitext do.
    let fileAndModule (pathname: string) =
        if String.IsNullOrEmpty pathname then
            "", ""
        else
            let i = max (pathname.LastIndexOf '/') (pathname.LastIndexOf '\\')
            let file = pathname.Substring(i + 1)
            let dot = file.LastIndexOf '.'
            file, (if dot > 0 then file.Substring(0, dot) else file)

    /// A record from its essential parts; the rest defaults (no caller, thread or process information).
    let make (name: string) (levelNo: int) (levelName: string) (msg: obj) (args: obj[]) (createdNs: int64) : LogRecord =
        let r = LogRecord()
        r.name <- name
        r.msg <- msg
        r.args <- (if isNull args then [||] else args)
        r.levelNo <- levelNo
        r.levelName <- levelName
        r.pathName <- ""
        r.fileName <- ""
        r.moduleName <- ""
        r.funcName <- ""
        r.createdNs <- createdNs
        r.threadName <- ""
        r.processName <- ""
        r.extra <- emptyExtra
        r.timeZone <- TimeZoneInfo.Utc
        r

    /// The empty `extra` map.
    let noExtra = emptyExtra

type LogRecord with
    /// The message with its arguments merged (Python's getMessage); throws LogFormatException on a mismatch.
    member r.GetMessage() =
        match LogRecord.message r with
        | Ok s -> s
        | Error e -> raise (LogFormatException e)

    /// A record built from parts (Python's makeLogRecord for tests and receivers); unset parts take neutral values.
    static member Create
        (
            name: string,
            level: int,
            msg: obj,
            [<Optional; DefaultParameterValue(null: obj[])>] args: obj[],
            [<Optional; DefaultParameterValue(0L)>] createdNs: int64,
            [<Optional; DefaultParameterValue(null: string)>] levelName: string,
            [<Optional; DefaultParameterValue(null: IReadOnlyDictionary<string, obj>)>] extra: IReadOnlyDictionary<string, obj>,
            [<Optional; DefaultParameterValue(null: exn)>] excInfo: exn,
            [<Optional; DefaultParameterValue(null: TimeZoneInfo)>] timeZone: TimeZoneInfo
        ) =
        let r =
            LogRecord.make
                name
                level
                (if isNull levelName then
                     LevelNames.Standard.NameOf level
                 else
                     levelName)
                msg
                args
                createdNs

        r.extra <- (if isNull extra then LogRecord.noExtra else extra)
        r.excInfo <- excInfo
        r.timeZone <- (if isNull timeZone then TimeZoneInfo.Utc else timeZone)
        r
