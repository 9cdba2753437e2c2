namespace FuncLog

open System
open System.Globalization
open System.Text

/// A YAML collection being read: its items so far (a mapping's as key, value, key, value …), its anchor,
/// how many values it holds and how deep they nest.
[<Sealed; AllowNullLiteral>]
type internal YamlFrame(isMap: bool, anchor: string) =
    member _.IsMap = isMap
    member _.Anchor = anchor
    member val Items = Collections.Generic.List<PyData>()
    member val Size = 1L with get, set
    member val Height = 0 with get, set

/// Readers from text to PyData: JSON, YAML (with PyYAML's scalar rules), Python literals.
[<RequireQualifiedAccess>]
module internal ConfigText =
    let private err where msg = Error { Where = where; Message = msg }

    /// A JSON document, nested at most limits.MaxDepth deep.
    let jsonWith (limits: InputLimits) (text: string) : Result<PyData, ConfigError> =
        let rec conv (e: Text.Json.JsonElement) =
            match e.ValueKind with
            | Text.Json.JsonValueKind.Object -> PyData.fields [ for p in e.EnumerateObject() -> p.Name, conv p.Value ]
            | Text.Json.JsonValueKind.Array -> PyData.List [ for x in e.EnumerateArray() -> conv x ]
            | Text.Json.JsonValueKind.String -> PyData.Str(e.GetString())
            | Text.Json.JsonValueKind.True -> PyData.Bool true
            | Text.Json.JsonValueKind.False -> PyData.Bool false
            | Text.Json.JsonValueKind.Number ->
                match e.TryGetInt64() with
                | true, i -> PyData.ofInt64 i
                | _ -> PyData.Float(e.GetDouble())
            | _ -> PyData.None

        try
            use d =
                Text.Json.JsonDocument.Parse(text, Text.Json.JsonDocumentOptions(MaxDepth = limits.MaxDepth))

            Ok(conv d.RootElement)
        with :? Text.Json.JsonException as e ->
            let line =
                if e.LineNumber.HasValue then
                    e.LineNumber.Value + 1L
                else
                    0L

            let col =
                if e.BytePositionInLine.HasValue then
                    e.BytePositionInLine.Value + 1L
                else
                    0L

            let message =
                if e.Message.Contains "maximum configured depth" then
                    LimitText.tooDeep limits
                else
                    "invalid JSON: " + e.Message.Split('.').[0]

            err (sprintf "line %d, column %d" line col) message

    /// A JSON document, with the default limits.
    let json (text: string) = jsonWith InputLimits.Default text

    /// PyYAML's resolution of a plain (unquoted) scalar: null, bool (yes/no/on/off too), int, float, str.
    let yamlScalar (s: string) : PyData =
        match s with
        | ""
        | "~"
        | "null"
        | "Null"
        | "NULL" -> PyData.None
        | "yes"
        | "Yes"
        | "YES"
        | "true"
        | "True"
        | "TRUE"
        | "on"
        | "On"
        | "ON" -> PyData.Bool true
        | "no"
        | "No"
        | "NO"
        | "false"
        | "False"
        | "FALSE"
        | "off"
        | "Off"
        | "OFF" -> PyData.Bool false
        | _ ->
            let t = s.Replace("_", "")

            let ok, i =
                Int64.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)

            if ok && Char.IsAsciiDigit t.[t.Length - 1] then
                PyData.ofInt64 i
            elif t.StartsWith "0x" && t.Length > 2 then
                match Int64.TryParse(t.Substring 2, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture) with
                | true, v -> PyData.ofInt64 v
                | _ -> PyData.Str s
            else
                let isFloat =
                    Text.RegularExpressions.Regex.IsMatch(t, @"^[-+]?([0-9][0-9]*)?\.[0-9.]*([eE][-+][0-9]+)?$")
                    && t.Replace("+", "").Replace("-", "") <> "."

                if isFloat then
                    PyData.Float(Double.Parse(t, CultureInfo.InvariantCulture))
                else
                    match t with
                    | ".inf"
                    | ".Inf"
                    | ".INF"
                    | "+.inf" -> PyData.Float Double.PositiveInfinity
                    | "-.inf"
                    | "-.Inf"
                    | "-.INF" -> PyData.Float Double.NegativeInfinity
                    | ".nan"
                    | ".NaN"
                    | ".NAN" -> PyData.Float Double.NaN
                    | _ -> PyData.Str s

    /// A YAML document (yaml.safe_load's view of it), read from the parser's events with an explicit stack:
    /// nesting is bounded by limits.MaxDepth, an alias counts every value it repeats against the expansion
    /// budget, and an alias inside the node it names (recursive YAML) is refused. (YamlDotNet's representation
    /// model recurses on nesting and copies aliases, so it is not used.)
    let yamlWith (limits: InputLimits) (text: string) : Result<PyData, ConfigError> =
        // Long by design: the event loop of a streaming YAML reader; the stack of open collections, the anchor
        // table and the budget are shared by every event, and each event is one short arm.
        let parser = YamlDotNet.Core.Parser(new IO.StringReader(text))
        let budget = ValueBudget limits
        let stack = Collections.Generic.Stack<YamlFrame>()
        // an anchor's value, its size in values and its height; an anchor being read is in `reading`
        let anchors = Collections.Generic.Dictionary<string, struct (PyData * int64 * int)>()
        let reading = Collections.Generic.HashSet<string>()
        let mutable root: PyData voption = ValueNone
        let mutable error: ConfigError option = None

        let at (m: YamlDotNet.Core.Mark) = sprintf "line %d, column %d" m.Line m.Column

        let fail (m: YamlDotNet.Core.Mark) msg =
            if error.IsNone then
                error <- Some { Where = at m; Message = msg }

        let place (v: PyData) (size: int64) (height: int) =
            if stack.Count = 0 then
                root <- ValueSome v
            else
                let f = stack.Peek()
                f.Items.Add v
                f.Size <- f.Size + size
                f.Height <- max f.Height (height + 1)

        let anchorOf (a: YamlDotNet.Core.AnchorName) = if a.IsEmpty then null else a.Value

        let opened (anchor: YamlDotNet.Core.AnchorName) isMap (m: YamlDotNet.Core.Mark) =
            if stack.Count >= limits.MaxDepth then
                fail m (LimitText.tooDeep limits)
            elif not (budget.Own()) then
                fail m (LimitText.tooLarge budget.Limit)
            else
                let name = anchorOf anchor

                if not (isNull name) then
                    anchors.Remove name |> ignore
                    reading.Add name |> ignore

                stack.Push(YamlFrame(isMap, name))

        let closed () =
            let f = stack.Pop()

            let v =
                if f.IsMap then
                    // later keys win, each keeping its first position (a Python dict)
                    let pairs = Collections.Generic.List<string * PyData>()
                    let index = Collections.Generic.Dictionary<string, int>()

                    for i in 0..2 .. f.Items.Count - 2 do
                        let key =
                            match f.Items.[i] with
                            | PyData.Str k -> k
                            | other -> string other

                        match index.TryGetValue key with
                        | true, j -> pairs.[j] <- (key, f.Items.[i + 1])
                        | _ ->
                            index.[key] <- pairs.Count
                            pairs.Add(key, f.Items.[i + 1])

                    PyData.fields(List.ofSeq pairs)
                else
                    PyData.List(List.ofSeq f.Items)

            if not (isNull f.Anchor) then
                reading.Remove f.Anchor |> ignore
                anchors.[f.Anchor] <- struct (v, f.Size, f.Height)

            place v f.Size f.Height

        try
            let mutable fin = false

            while not fin && error.IsNone && parser.MoveNext() do
                match parser.Current with
                | :? YamlDotNet.Core.Events.Scalar as e ->
                    if not (budget.Own()) then
                        fail e.Start (LimitText.tooLarge budget.Limit)
                    else
                        let v =
                            if e.Style = YamlDotNet.Core.ScalarStyle.Plain then
                                yamlScalar (if isNull e.Value then "" else e.Value)
                            else
                                PyData.Str e.Value

                        match anchorOf e.Anchor with
                        | null -> ()
                        | name -> anchors.[name] <- struct (v, 1L, 0)

                        place v 1L 0
                | :? YamlDotNet.Core.Events.SequenceStart as e -> opened e.Anchor false e.Start
                | :? YamlDotNet.Core.Events.MappingStart as e -> opened e.Anchor true e.Start
                | :? YamlDotNet.Core.Events.SequenceEnd
                | :? YamlDotNet.Core.Events.MappingEnd -> closed ()
                | :? YamlDotNet.Core.Events.AnchorAlias as e ->
                    match anchors.TryGetValue e.Value.Value with
                    | true, struct (v, size, height) ->
                        if stack.Count + height > limits.MaxDepth then
                            fail e.Start (LimitText.tooDeep limits)
                        elif not (budget.Expand size) then
                            fail e.Start (LimitText.tooLarge budget.Limit)
                        else
                            place v size height
                    | _ when reading.Contains e.Value.Value ->
                        fail
                            e.Start
                            (sprintf "the alias *%s is inside the node it names (recursive YAML is refused)" e.Value.Value)
                    | _ -> fail e.Start (sprintf "found undefined alias *%s" e.Value.Value)
                | :? YamlDotNet.Core.Events.DocumentEnd -> fin <- true
                | _ -> ()

            match error with
            | Some e -> Error e
            | None -> Ok(defaultValueArg root PyData.None)
        with :? YamlDotNet.Core.YamlException as e ->
            err (sprintf "line %d, column %d" e.Start.Line e.Start.Column) ("invalid YAML: " + e.Message)

    /// A YAML document, with the default limits.
    let yaml (text: string) = yamlWith InputLimits.Default text
