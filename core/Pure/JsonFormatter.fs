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

    do base.DeclarePlain typeof<JsonFormatter>

    // what the fast path reads for the message and asctime (their text is in the scratch builder)
    static let messageMark = obj ()
    static let asctimeMark = obj ()

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
            // a budget, checked before the indent is made: a configuration cannot ask for a gigabyte of spaces
            let maxIndent = 1000

            match jsonIndent with
            | null -> None
            | :? string as s when s.Length > maxIndent ->
                invalidArg "jsonIndent" (sprintf "json_indent is longer than %d characters" maxIndent)
            | :? string as s -> Some s
            | n when PyValue.isInteger n ->
                let n = PyValue.toBigInteger n

                if n > Numerics.BigInteger maxIndent then
                    invalidArg "jsonIndent" (sprintf "json_indent is more than %d" maxIndent)

                Some(String(' ', max 0 (int n)))
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

    // The fast path of Format: the keys every record writes, known now. It applies when they are distinct,
    // the output is on one line, and a record brings nothing that could repeat or reorder a key (a mapping
    // as msg, exception or stack text, an extra key equal to one of these).
    let attributeTail = [
        for n in LogRecord.attributeNames do
            if not (skip.Contains n) && not (n.StartsWith('_')) then
                yield n
    ]

    let usesAsctime = List.contains "asctime" required

    let tailAfterExtra = [
        if not (skip.Contains "message") then
            yield "message"
        if usesAsctime && not (skip.Contains "asctime") then
            yield "asctime"
    ]

    let staticKeys = [
        yield! required |> List.map rename
        yield! attributeTail
        yield! tailAfterExtra
        if not (isNull timestampKey) then
            yield timestampKey
    ]

    let staticSet = HashSet<string>(staticKeys, StringComparer.Ordinal)

    // each key with its JSON text and ": ", made once
    let keyText (key: string) =
        let b = Text.StringBuilder()
        PyJson.appendString b options.EnsureAscii key
        b.Append(": ").ToString()

    // each field with its key text and how to read it from a record (message and asctime have marks instead)
    let reader (name: string) : LogRecord -> obj =
        match name with
        | "message" -> fun _ -> messageMark
        | "asctime" -> fun _ -> asctimeMark
        | name ->
            let read = LogRecord.attributeReader name

            fun r ->
                match read r with
                | ValueSome v -> v
                | ValueNone -> null

    let requiredParts = [| for f in required -> struct (reader f, keyText (rename f)) |]
    let tailParts = [| for n in attributeTail -> struct (reader n, keyText n) |]
    let afterParts = [| for n in tailAfterExtra -> struct (reader n, keyText n) |]

    let timestampPart = if isNull timestampKey then null else keyText timestampKey

    let fastPossible = options.Indent.IsNone && staticSet.Count = staticKeys.Length

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
            if not (skip.Contains name) && not (name.StartsWith('_')) then
                set name (attribute name)

        if not (isNull timestampKey) then
            set timestampKey (JsonFormatter.Timestamp record.Created)

        [ for k in keys -> KeyValuePair(k, values.[k]) ] :> _

    /// True when no extra key that is written equals a key every record writes.
    static member private ExtraFits(extra: IReadOnlyDictionary<string, obj>, skip: HashSet<string>, keys: HashSet<string>) =
        let mutable ok = true

        let inline check (k: string) =
            if ok && keys.Contains k && not (skip.Contains k) && not (k.StartsWith('_')) then
                ok <- false

        match extra with
        | :? ExtraValues as e ->
            for i in 0 .. e.Count - 1 do
                check (e.KeyAt i)
        | :? Dictionary<string, obj> as d ->
            for KeyValue(k, _) in d do
                check k
        | _ ->
            for KeyValue(k, _) in extra do
                check k

        ok

    /// The fast path: the record's JSON appended to sb and true, or false with sb untouched when it does not
    /// apply. The message and asctime are rendered into a scratch builder and escaped from there (no strings).
    member private this.TryFormatFastInto(record: LogRecord, sb: Text.StringBuilder) : bool =
        let fits =
            fastPossible
            && (record.Msg :? string || record.Msg :? MessageText)
            && isNull record.ExcInfo
            && String.IsNullOrEmpty record.ExcText
            && String.IsNullOrEmpty record.StackInfo
            && JsonFormatter.ExtraFits(record.Extra, skip, staticSet)

        if not fits then
            false
        else
            let start = sb.Length
            let piece = Scratch.rentBuilder ()

            try
                try
                    // piece: the message, then asctime
                    this.AppendMessage(record, piece)
                    let messageLength = piece.Length

                    if usesAsctime then
                        if obj.ReferenceEquals(this.GetType(), typeof<JsonFormatter>) then
                            this.AppendAscTime(record, piece)
                        else
                            piece.Append(this.FormatTime(record, this.DateFmt)) |> ignore

                    let ranges = struct (messageLength, piece.Length - messageLength)
                    let mutable error: string = null
                    sb.Append(this.Prefix).Append('{') |> ignore
                    let body = sb.Length

                    for struct (read, key) in requiredParts do
                        error <- JsonFormatter.Pair(sb, options, body, key, read record, piece, ranges, error)

                    for struct (read, key) in tailParts do
                        error <- JsonFormatter.Pair(sb, options, body, key, read record, piece, ranges, error)

                    match record.Extra with
                    | :? ExtraValues as e ->
                        for i in 0 .. e.Count - 1 do
                            error <- this.ExtraPair(sb, body, e.KeyAt i, e.ValueAt i, error)
                    | :? Dictionary<string, obj> as d ->
                        for KeyValue(k, v) in d do
                            error <- this.ExtraPair(sb, body, k, v, error)
                    | extra ->
                        for KeyValue(k, v) in extra do
                            error <- this.ExtraPair(sb, body, k, v, error)

                    for struct (read, key) in afterParts do
                        error <- JsonFormatter.Pair(sb, options, body, key, read record, piece, ranges, error)

                    if not (isNull timestampPart) then
                        error <-
                            JsonFormatter.Pair(
                                sb,
                                options,
                                body,
                                timestampPart,
                                JsonFormatter.Timestamp record.Created,
                                piece,
                                ranges,
                                error
                            )

                    sb.Append '}' |> ignore

                    if isNull error then
                        true
                    else
                        raise (
                            LogFormatException {
                                Kind = FormatErrorKind.ValueError
                                Message = error
                            }
                        )
                with _ ->
                    // nothing of a record that failed is left in the caller's builder
                    sb.Length <- start
                    reraise ()
            finally
                Scratch.returnBuilder piece

    /// Appends "text" for a range of the scratch builder, escaped, chunk by chunk.
    static member private AppendEscaped(sb: Text.StringBuilder, ensureAscii: bool, piece: Text.StringBuilder, start: int, length: int) =
        sb.Append '"' |> ignore
        let stop = start + length
        let mutable pos = 0

        for chunk in piece.GetChunks() do
            let span = chunk.Span
            let lo = max start pos
            let hi = min stop (pos + span.Length)

            if hi > lo then
                PyJson.appendChars sb ensureAscii (span.Slice(lo - pos, hi - lo))

            pos <- pos + span.Length

        sb.Append '"' |> ignore

    interface IFormatsInto with
        member this.TryFormatInto(record, sb) =
            // a subclass may change Format: only this exact type renders into a handler's buffer
            obj.ReferenceEquals(this.GetType(), typeof<JsonFormatter>)
            && this.TryFormatFastInto(record, sb)

    /// Writes ", " (unless first after `body`), the key text and the value; the first error stops the writing.
    /// `ranges` are the lengths of the message and asctime at the start of `piece`.
    static member private Pair
        (
            sb: Text.StringBuilder,
            options: PyJsonOptions,
            body: int,
            keyText: string,
            value: obj,
            piece: Text.StringBuilder,
            ranges: struct (int * int),
            error: string
        ) =
        if not (isNull error) then
            error
        else
            if sb.Length > body then
                sb.Append ", " |> ignore

            sb.Append keyText |> ignore
            let struct (messageLength, asctimeLength) = ranges

            if obj.ReferenceEquals(value, messageMark) then
                JsonFormatter.AppendEscaped(sb, options.EnsureAscii, piece, 0, messageLength)
                null
            elif obj.ReferenceEquals(value, asctimeMark) then
                JsonFormatter.AppendEscaped(sb, options.EnsureAscii, piece, messageLength, asctimeLength)
                null
            else
                JsonFormatter.Value(sb, options, value)

    /// Writes one extra value (unless skipped) as "key": value; the first error stops the writing.
    member private _.ExtraPair(sb: Text.StringBuilder, body: int, k: string, v: obj, error: string) =
        if not (isNull error) || skip.Contains k || k.StartsWith('_') then
            error
        else
            if sb.Length > body then
                sb.Append ", " |> ignore

            PyJson.appendString sb options.EnsureAscii k
            sb.Append ": " |> ignore
            JsonFormatter.Value(sb, options, v)

    /// The common values written here; the rest (containers, dates, big numbers…) by json.dumps.
    static member private Value(sb: Text.StringBuilder, options: PyJsonOptions, value: obj) : string =
        match value with
        | null ->
            sb.Append "null" |> ignore
            null
        | :? string as v ->
            PyJson.appendString sb options.EnsureAscii v
            null
        | :? int as n ->
            FastText.appendInt sb (int64 n)
            null
        | :? int64 as n ->
            FastText.appendInt sb n
            null
        | :? bool as b ->
            sb.Append(if b then "true" else "false") |> ignore
            null
        | :? float as f ->
            sb.Append(PyJson.floatText f) |> ignore
            null
        | v -> PyJson.appendTo options sb v

    override this.Format(record: LogRecord) =
        let sb = Scratch.rentBuilder ()

        if this.TryFormatFastInto(record, sb) then
            let text = sb.ToString()
            Scratch.returnBuilder sb
            text
        else
            Scratch.returnBuilder sb
            this.FormatSlow record

    member private this.FormatSlow(record: LogRecord) =
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
