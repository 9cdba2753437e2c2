namespace FuncLog

open System
open System.Collections.Generic
open System.Runtime.InteropServices
open System.Text.RegularExpressions

/// python-json-logger's JsonFormatter (pythonjsonlogger.jsonlogger, version 2.0.1): one JSON object per
/// record with the fields named in the format (`%(asctime)s %(levelname)s %(message)s` gives asctime,
/// levelname and message), then the record's extra values as JSON values of their own type, in Python's
/// json.dumps text. The same configuration gives the same bytes as CPython with that package.
[<AllowNullLiteral>]
type JsonFormatter
    (
        [<Optional; DefaultParameterValue(null: string)>] fmt: string,
        [<Optional; DefaultParameterValue(null: string)>] datefmt: string,
        [<Optional; DefaultParameterValue('%')>] style: char,
        [<Optional; DefaultParameterValue(true)>] validate: bool,
        [<Optional; DefaultParameterValue(null: IReadOnlyDictionary<string, obj>)>] defaults: IReadOnlyDictionary<string, obj>,
        [<Optional; DefaultParameterValue("")>] prefix: string,
        [<Optional; DefaultParameterValue(null: IReadOnlyDictionary<string, obj>)>] renameFields: IReadOnlyDictionary<string, obj>,
        [<Optional; DefaultParameterValue(null: obj)>] jsonIndent: obj,
        [<Optional; DefaultParameterValue(true)>] jsonEnsureAscii: bool,
        [<Optional; DefaultParameterValue(null: IEnumerable<obj>)>] reservedAttrs: IEnumerable<obj>,
        [<Optional; DefaultParameterValue(null: obj)>] timestamp: obj
    ) as this =
    inherit Formatter(fmt, datefmt, style, validate, defaults)

    /// python-json-logger's RESERVED_ATTRS: the record attributes left out of the extra fields.
    static let standardReserved = [
        "args"
        "asctime"
        "created"
        "exc_info"
        "exc_text"
        "filename"
        "funcName"
        "levelname"
        "levelno"
        "lineno"
        "module"
        "msecs"
        "message"
        "msg"
        "name"
        "pathname"
        "process"
        "processName"
        "relativeCreated"
        "stack_info"
        "thread"
        "threadName"
    ]

    // the fields of the format: every "(name)" in it, as python-json-logger's parse() finds them
    let required = [ for m in Regex.Matches(this.Fmt, @"\((.+?)\)") -> m.Groups.[1].Value ]

    let reserved =
        match reservedAttrs with
        | null -> standardReserved
        | xs -> [ for x in xs -> PyValue.str x ]

    let skip = HashSet<string>(required @ reserved, StringComparer.Ordinal)

    let rename (field: string) =
        match renameFields with
        | null -> field
        | r ->
            match r.TryGetValue field with
            | true, v when not (isNull v) -> PyValue.str v
            | _ -> field

    let options = {
        Indent =
            match jsonIndent with
            | null -> None
            | :? string as s -> Some s
            | n when PyValue.isInteger n -> Some(String(' ', max 0 (int (PyValue.toBigInteger n))))
            | other -> invalidArg "jsonIndent" (sprintf "json_indent must be an int or a str, not %s" (PyValue.typeName other))
        EnsureAscii = jsonEnsureAscii
        MaxDepth = 500
    }

    let timestampKey =
        match timestamp with
        | null -> null
        | :? string as s -> s
        | :? bool as b -> if b then "timestamp" else null
        | _ -> "timestamp"

    /// datetime.fromtimestamp(created, tz=timezone.utc): the float's seconds, its fraction rounded half to
    /// even to the microsecond, as CPython rounds it.
    static member internal Timestamp(created: float) : DateTimeOffset =
        let seconds = Math.Floor created
        let micro = Math.Round((created - seconds) * 1e6, MidpointRounding.ToEven)
        DateTimeOffset.UnixEpoch.AddSeconds(seconds).AddTicks(int64 micro * 10L)

    /// The fields of the format, in its order.
    member _.FormatFields: IReadOnlyList<string> = List<string>(required) :> _

    /// The text before each JSON object.
    member _.Prefix = if isNull prefix then "" else prefix

    /// The record as python-json-logger's format() builds it: an ordered list of (key, value), where a key
    /// set again keeps its first place.
    member this.FieldsOf(record: LogRecord) : IReadOnlyList<KeyValuePair<obj, obj>> =
        let keys = List<obj>()
        let values = Dictionary<obj, obj>()

        let set (k: obj) (v: obj) =
            let key = if isNull k then box "null" else k

            if not (values.ContainsKey key) then
                keys.Add key

            values.[key] <- v

        let messageDict, message =
            match PyValue.mappingPairs record.Msg with
            | Some pairs when not (record.Msg :? string) -> List.ofSeq pairs, null
            | _ -> [], box (record.GetMessage())

        let asctime =
            if List.contains "asctime" required then
                box (this.FormatTime(record, this.DateFmt))
            else
                null

        let attribute (name: string) : obj =
            match name with
            | "message" -> message
            | "asctime" -> asctime
            | name ->
                match LogRecord.attribute name record with
                | ValueSome v -> v
                | ValueNone -> null

        for field in required do
            set (rename field) (attribute field)

        let given (key: string) =
            messageDict
            |> List.exists (fun (k, v) -> (k :? string) && (k :?> string) = key && not (isNull v))

        for k, v in messageDict do
            set k v

        if not (isNull record.ExcInfo) && not (given "exc_info") then
            set "exc_info" (this.FormatException record.ExcInfo)

        if not (given "exc_info") && not (String.IsNullOrEmpty record.ExcText) then
            set "exc_info" record.ExcText

        if not (String.IsNullOrEmpty record.StackInfo) && not (given "stack_info") then
            set "stack_info" (this.FormatStack record.StackInfo)

        // record.__dict__ in its order: the attributes, the extra values, then message (and asctime)
        let names =
            LogRecord.attributeNames
            @ [ for KeyValue(k, _) in record.Extra -> k ]
            @ [ "message" ]
            @ (if isNull asctime then [] else [ "asctime" ])

        for name in names do
            if not (skip.Contains name) && not (name.StartsWith "_") then
                set name (attribute name)

        if not (isNull timestampKey) then
            set timestampKey (JsonFormatter.Timestamp record.Created)

        [ for k in keys -> KeyValuePair(k, values.[k]) ] :> _

    override this.Format(record: LogRecord) =
        let fields = Collections.Specialized.OrderedDictionary()

        for KeyValue(k, v) in this.FieldsOf record do
            fields.Add(k, v)

        match PyJson.dumps options (box fields) with
        | Ok text -> this.Prefix + text
        | Error e ->
            raise (
                LogFormatException {
                    Kind = FormatErrorKind.ValueError
                    Message = e
                }
            )
