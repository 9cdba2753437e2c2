namespace FuncLog

open System
open System.Collections.Generic
open System.Numerics
open System.Text

/// A log record as it crosses a process boundary: the attribute dict CPython's SocketHandler pickles, and
/// the record a receiver makes from such a dict (Python's makeLogRecord).
[<RequireQualifiedAccess>]
module internal RecordWire =
    let rec private ofObj (o: obj) : PyData =
        match o with
        | null -> PyData.None
        | :? string as s -> PyData.Str s
        | :? bool as b -> PyData.Bool b
        | :? int as i -> PyData.Int(BigInteger i)
        | :? int64 as i -> PyData.Int(BigInteger i)
        | :? int16 as i -> PyData.Int(BigInteger(int i))
        | :? byte as i -> PyData.Int(BigInteger(int i))
        | :? uint32 as i -> PyData.Int(BigInteger i)
        | :? uint64 as i -> PyData.Int(BigInteger i)
        | :? BigInteger as i -> PyData.Int i
        | :? float as f -> PyData.Float f
        | :? single as f -> PyData.Float(float f)
        | :? decimal as d -> PyData.Float(float d)
        | :? (byte[]) as b -> PyData.Bytes b
        | o -> PyData.Str(PyValue.str o)

    /// The attribute dict CPython's SocketHandler.makePickle sends: msg merged with its args, args and
    /// exc_info None, exc_text the formatted exception (`excText`), extras after the standard attributes.
    let toDict (r: LogRecord) (message: string) (excText: string) : PyData =
        let s (v: string) =
            if isNull v then PyData.None else PyData.Str v

        let i (v: int64) = PyData.Int(BigInteger v)

        PyData.Dict [
            PyData.Str "name", s r.Name
            PyData.Str "msg", s message
            PyData.Str "args", PyData.None
            PyData.Str "levelname", s r.LevelName
            PyData.Str "levelno", i (int64 r.LevelNo)
            PyData.Str "pathname", s r.PathName
            PyData.Str "filename", s r.FileName
            PyData.Str "module", s r.Module
            PyData.Str "exc_info", PyData.None
            PyData.Str "exc_text", s (if isNull excText then r.ExcText else excText)
            PyData.Str "stack_info", s r.StackInfo
            PyData.Str "lineno", i (int64 r.LineNo)
            PyData.Str "funcName", s r.FuncName
            PyData.Str "created", PyData.Float r.Created
            PyData.Str "msecs", PyData.Float r.Msecs
            PyData.Str "relativeCreated", PyData.Float r.RelativeCreated
            PyData.Str "thread", i r.Thread
            PyData.Str "threadName", s r.ThreadName
            PyData.Str "processName", s r.ProcessName
            PyData.Str "process", i (int64 r.Process)
            PyData.Str "taskName", s r.TaskName
            for KeyValue(k, v) in r.Extra do
                if k <> "message" && k <> "asctime" then
                    PyData.Str k, ofObj v
        ]

    let rec private toObj (v: PyData) : obj =
        match v with
        | PyData.None -> null
        | PyData.Bool b -> box b
        | PyData.Int i when i >= BigInteger Int32.MinValue && i <= BigInteger Int32.MaxValue -> box (int i)
        | PyData.Int i when i >= BigInteger Int64.MinValue && i <= BigInteger Int64.MaxValue -> box (int64 i)
        | PyData.Int i -> box i
        | PyData.Float f -> box f
        | PyData.Str s
        | PyData.Ref s -> box s
        | PyData.Bytes b -> box b
        | PyData.List xs -> box [| for x in xs -> toObj x |]
        | PyData.Tuple xs -> box (PyTuple [| for x in xs -> toObj x |])
        | PyData.Dict kv when kv |> List.forall (fun (k, _) -> k.IsStr) ->
            let d = Dictionary<string, obj>()

            for k, x in kv do
                d.[PyData.keyText k] <- toObj x

            box (d :> IReadOnlyDictionary<string, obj>)
        | PyData.Dict kv ->
            // keys of other types (ints, floats, bools) stay what they are; None cannot be a .NET key
            let d = Dictionary<obj, obj>()

            for k, x in kv do
                match toObj k with
                | null -> d.[box "None"] <- toObj x
                | key -> d.[key] <- toObj x

            box (d :> IReadOnlyDictionary<obj, obj>)

    /// A record dict's attributes, read with defaults.
    type private Attrs(kv: (PyData * PyData) list) =
        member _.Get(k: string) =
            kv |> List.tryPick (fun (key, v) -> if key = PyData.Str k then Some v else None)

        member this.Str(k: string, dflt: string) =
            match this.Get k with
            | Some(PyData.Str s) -> s
            | Some PyData.None -> null
            | Some v -> PyValue.str (toObj v)
            | None -> dflt

        member this.Num(k: string, dflt: float) =
            match this.Get k with
            | Some(PyData.Float f) -> f
            | Some(PyData.Int i) -> float i
            | _ -> dflt

        member this.Int(k: string, dflt: int64) =
            match this.Get k with
            | Some(SmallInt i) -> i
            | Some(PyData.Float f) when not (Double.IsNaN f) -> int64 f
            | _ -> dflt

    /// The record's instant in ns from its float `created`, keeping the sender's msecs (a float's created can
    /// round across a millisecond): the instant nearest to created whose millisecond is msecs.
    let private instantOf (created: float) (msecs: PyData option) =
        let approx =
            if Double.IsFinite created && abs created < 9e9 then
                int64 (Math.Round(created * 1e9))
            else
                0L

        match msecs with
        | Some(PyData.Float m) when m >= 0.0 && m < 1000.0 ->
            let s0 = approx / 1_000_000_000L

            [ s0 - 1L; s0; s0 + 1L ]
            |> List.map (fun s ->
                let low = s * 1_000_000_000L + int64 m * 1_000_000L
                max low (min (low + 999_999L) approx))
            |> List.minBy (fun ns -> abs (ns - approx))
        | _ -> approx

    /// The attributes that are not a record's own: its extra.
    let private extraOf (kv: (PyData * PyData) list) : IReadOnlyDictionary<string, obj> =
        let standard = set ("message" :: LogRecord.attributeNames)
        let extra = Dictionary<string, obj>(StringComparer.Ordinal)

        for k, v in kv do
            match k with
            | PyData.Str key when not (standard.Contains key) -> extra.[key] <- toObj v
            | _ -> ()

        if extra.Count = 0 then
            LogRecord.noExtra
        else
            extra :> IReadOnlyDictionary<_, _>

    /// Python's makeLogRecord: a record whose attributes come from the dict (unknown keys become extra).
    let ofDict (d: PyData) : Result<LogRecord, string> =
        match d with
        | PyData.Dict kv ->
            let a = Attrs kv
            let levelNo = a.Int("levelno", int64 Levels.NotSet) |> Operators.int
            let createdNs = instantOf (a.Num("created", 0.0)) (a.Get "msecs")

            let args =
                match a.Get "args" with
                | Some(PyData.Tuple xs)
                | Some(PyData.List xs) -> [| for x in xs -> toObj x |]
                | Some(PyData.Dict _ as m) -> [| toObj m |]
                | _ -> [||]

            let msg: obj =
                match a.Get "msg" with
                | Some v -> toObj v
                | None -> null

            let r =
                LogRecord.make (a.Str("name", null)) levelNo (a.Str("levelname", LevelNames.Standard.NameOf levelNo)) msg args createdNs

            r.pathName <- a.Str("pathname", r.PathName)
            r.fileName <- a.Str("filename", r.FileName)
            r.moduleName <- a.Str("module", r.Module)
            r.lineNo <- Operators.int (a.Int("lineno", 0L))
            r.funcName <- a.Str("funcName", r.FuncName)
            r.relativeCreated <- a.Num("relativeCreated", 0.0)
            r.thread <- a.Int("thread", 0L)
            r.threadName <- a.Str("threadName", r.ThreadName)
            r.processId <- Operators.int (a.Int("process", 0L))
            r.processName <- a.Str("processName", r.ProcessName)
            r.taskName <- a.Str("taskName", null)
            r.excText <- a.Str("exc_text", null)
            r.stackInfo <- a.Str("stack_info", null)
            r.extra <- extraOf kv
            Ok r
        | _ -> Error "a record is a dict of attributes"

    /// The JSON frame body (FuncLog's option for non-Python receivers): the same dict as a JSON object.
    let toJson (d: PyData) : string =
        let rec write (w: Text.Json.Utf8JsonWriter) (v: PyData) =
            match v with
            | PyData.None -> w.WriteNullValue()
            | PyData.Bool b -> w.WriteBooleanValue b
            | PyData.Int i when i >= BigInteger Int64.MinValue && i <= BigInteger Int64.MaxValue -> w.WriteNumberValue(int64 i)
            | PyData.Int i -> w.WriteRawValue(i.ToString(Globalization.CultureInfo.InvariantCulture))
            | PyData.Float f when Double.IsFinite f -> w.WriteNumberValue f
            | PyData.Float f -> w.WriteStringValue(PyValue.floatRepr f)
            | PyData.Str s
            | PyData.Ref s -> w.WriteStringValue s
            | PyData.Bytes b -> w.WriteStringValue(Convert.ToBase64String b)
            | PyData.List xs
            | PyData.Tuple xs ->
                w.WriteStartArray()

                for x in xs do
                    write w x

                w.WriteEndArray()
            | PyData.Dict kv ->
                w.WriteStartObject()

                for k, x in kv do
                    w.WritePropertyName(
                        match k with
                        | PyData.Str s -> s
                        | k -> PyValue.str (toObj k)
                    )

                    write w x

                w.WriteEndObject()

        use ms = new IO.MemoryStream()

        do
            use w = new Text.Json.Utf8JsonWriter(ms)
            write w d

        Encoding.UTF8.GetString(ms.ToArray())

    /// Reads a JSON frame body back to the dict (ConfigText's JSON reader, within the limits).
    let ofJsonWith (limits: InputLimits) (text: string) : Result<PyData, string> =
        ConfigText.jsonWith limits text |> Result.mapError string
