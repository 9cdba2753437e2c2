namespace FuncLog

open System
open System.Globalization
open System.Text

/// A configuration value as Python's logging.config sees it: what JSON, YAML, an INI literal or code give.
[<RequireQualifiedAccess; CustomEquality; NoComparison>]
type internal ConfigValue =
    | Null
    | Bool of bool
    | Int of int64
    | Float of float
    | Str of string
    | List of ConfigValue list
    /// A tuple from a Python literal (INI args=).
    | Tuple of ConfigValue list
    /// Keys in their order.
    | Map of (string * ConfigValue) list
    /// A named object: sys.stdout, sys.stderr (from ext:// or an INI literal).
    | Ref of string

    override v.Equals(o) =
        match o with
        | :? ConfigValue as w ->
            match v, w with
            | Null, Null -> true
            | Bool a, Bool b -> a = b
            | Int a, Int b -> a = b
            | Float a, Float b -> a = b || (Double.IsNaN a && Double.IsNaN b)
            | Str a, Str b
            | Ref a, Ref b -> a = b
            | List a, List b
            | Tuple a, Tuple b -> a = b
            | Map a, Map b -> a = b
            | _ -> false
        | _ -> false

    override v.GetHashCode() =
        match v with
        | Null -> 0
        | Bool b -> if b then 1 else 2
        | Int i -> i.GetHashCode()
        | Float f -> if Double.IsNaN f then 3 else f.GetHashCode()
        | Str s -> 5 + s.GetHashCode()
        | Ref r -> 7 + r.GetHashCode()
        | List l -> l |> List.fold (fun h x -> h * 31 + x.GetHashCode()) 11
        | Tuple l -> l |> List.fold (fun h x -> h * 31 + x.GetHashCode()) 13
        | Map m -> m |> List.fold (fun h (k, x) -> (h * 31 + k.GetHashCode()) * 31 + x.GetHashCode()) 17

    /// Python's repr of the value (for error messages).
    override v.ToString() =
        match v with
        | Null -> "None"
        | Bool b -> if b then "True" else "False"
        | Int i -> string i
        | Float f -> PyValue.floatRepr f
        | Str s -> PyValue.stringRepr s
        | Ref r -> r
        | List l -> "[" + String.Join(", ", l |> List.map string) + "]"
        | Tuple [ x ] -> "(" + string x + ",)"
        | Tuple l -> "(" + String.Join(", ", l |> List.map string) + ")"
        | Map m ->
            "{"
            + String.Join(", ", m |> List.map (fun (k, x) -> PyValue.stringRepr k + ": " + string x))
            + "}"

/// A configuration error and where it is: a key path ("handlers.file.maxBytes"), an INI section and line,
/// or a line and column of the source text.
type ConfigError = {
    Where: string
    Message: string
} with

    override e.ToString() =
        if String.IsNullOrEmpty e.Where then
            e.Message
        else
            e.Where + ": " + e.Message

/// A YAML collection being read: its items so far (a mapping's as key, value, key, value …), its anchor,
/// how many values it holds and how deep they nest.
[<Sealed; AllowNullLiteral>]
type internal YamlFrame(isMap: bool, anchor: string) =
    member _.IsMap = isMap
    member _.Anchor = anchor
    member val Items = Collections.Generic.List<ConfigValue>()
    member val Size = 1L with get, set
    member val Height = 0 with get, set

/// Readers from text to ConfigValue: JSON, YAML (with PyYAML's scalar rules), Python literals.
[<RequireQualifiedAccess>]
module internal ConfigText =
    let private err where msg = Error { Where = where; Message = msg }

    /// A JSON document, nested at most limits.MaxDepth deep.
    let jsonWith (limits: InputLimits) (text: string) : Result<ConfigValue, ConfigError> =
        let rec conv (e: Text.Json.JsonElement) =
            match e.ValueKind with
            | Text.Json.JsonValueKind.Object -> ConfigValue.Map [ for p in e.EnumerateObject() -> p.Name, conv p.Value ]
            | Text.Json.JsonValueKind.Array -> ConfigValue.List [ for x in e.EnumerateArray() -> conv x ]
            | Text.Json.JsonValueKind.String -> ConfigValue.Str(e.GetString())
            | Text.Json.JsonValueKind.True -> ConfigValue.Bool true
            | Text.Json.JsonValueKind.False -> ConfigValue.Bool false
            | Text.Json.JsonValueKind.Number ->
                match e.TryGetInt64() with
                | true, i -> ConfigValue.Int i
                | _ -> ConfigValue.Float(e.GetDouble())
            | _ -> ConfigValue.Null

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
    let yamlScalar (s: string) : ConfigValue =
        match s with
        | ""
        | "~"
        | "null"
        | "Null"
        | "NULL" -> ConfigValue.Null
        | "yes"
        | "Yes"
        | "YES"
        | "true"
        | "True"
        | "TRUE"
        | "on"
        | "On"
        | "ON" -> ConfigValue.Bool true
        | "no"
        | "No"
        | "NO"
        | "false"
        | "False"
        | "FALSE"
        | "off"
        | "Off"
        | "OFF" -> ConfigValue.Bool false
        | _ ->
            let t = s.Replace("_", "")

            let ok, i =
                Int64.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)

            if ok && Char.IsAsciiDigit t.[t.Length - 1] then
                ConfigValue.Int i
            elif t.StartsWith "0x" && t.Length > 2 then
                match Int64.TryParse(t.Substring 2, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture) with
                | true, v -> ConfigValue.Int v
                | _ -> ConfigValue.Str s
            else
                let isFloat =
                    Text.RegularExpressions.Regex.IsMatch(t, @"^[-+]?([0-9][0-9]*)?\.[0-9.]*([eE][-+][0-9]+)?$")
                    && t.Replace("+", "").Replace("-", "") <> "."

                if isFloat then
                    ConfigValue.Float(Double.Parse(t, CultureInfo.InvariantCulture))
                else
                    match t with
                    | ".inf"
                    | ".Inf"
                    | ".INF"
                    | "+.inf" -> ConfigValue.Float Double.PositiveInfinity
                    | "-.inf"
                    | "-.Inf"
                    | "-.INF" -> ConfigValue.Float Double.NegativeInfinity
                    | ".nan"
                    | ".NaN"
                    | ".NAN" -> ConfigValue.Float Double.NaN
                    | _ -> ConfigValue.Str s

    /// A YAML document (yaml.safe_load's view of it), read from the parser's events with an explicit stack:
    /// nesting is bounded by limits.MaxDepth, an alias counts every value it repeats against the expansion
    /// budget, and an alias inside the node it names (recursive YAML) is refused. (YamlDotNet's representation
    /// model recurses on nesting and copies aliases, so it is not used.)
    let yamlWith (limits: InputLimits) (text: string) : Result<ConfigValue, ConfigError> =
        let parser = YamlDotNet.Core.Parser(new IO.StringReader(text))
        let budget = ValueBudget limits
        let stack = Collections.Generic.Stack<YamlFrame>()
        // an anchor's value, its size in values and its height; an anchor being read is in `reading`
        let anchors = Collections.Generic.Dictionary<string, struct (ConfigValue * int64 * int)>()
        let reading = Collections.Generic.HashSet<string>()
        let mutable root: ConfigValue voption = ValueNone
        let mutable error: ConfigError option = None

        let at (m: YamlDotNet.Core.Mark) = sprintf "line %d, column %d" m.Line m.Column

        let fail (m: YamlDotNet.Core.Mark) msg =
            if error.IsNone then
                error <- Some { Where = at m; Message = msg }

        let place (v: ConfigValue) (size: int64) (height: int) =
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
                    let pairs = Collections.Generic.List<string * ConfigValue>()
                    let index = Collections.Generic.Dictionary<string, int>()

                    for i in 0..2 .. f.Items.Count - 2 do
                        let key =
                            match f.Items.[i] with
                            | ConfigValue.Str k -> k
                            | other -> string other

                        match index.TryGetValue key with
                        | true, j -> pairs.[j] <- (key, f.Items.[i + 1])
                        | _ ->
                            index.[key] <- pairs.Count
                            pairs.Add(key, f.Items.[i + 1])

                    ConfigValue.Map(List.ofSeq pairs)
                else
                    ConfigValue.List(List.ofSeq f.Items)

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
                                ConfigValue.Str e.Value

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
            | None -> Ok(defaultValueArg root ConfigValue.Null)
        with :? YamlDotNet.Core.YamlException as e ->
            err (sprintf "line %d, column %d" e.Start.Line e.Start.Column) ("invalid YAML: " + e.Message)

    /// A YAML document, with the default limits.
    let yaml (text: string) = yamlWith InputLimits.Default text

    /// A Python literal (fileConfig's args= and kwargs=): tuples, lists, dicts, strings, numbers,
    /// True/False/None, and the names `resolve` knows (sys.stdout, DEBUG, …). Nothing is evaluated as code.
    let pyLiteralWith (limits: InputLimits) (resolve: string -> ConfigValue option) (text: string) : Result<ConfigValue, int * string> =
        let s = text
        let mutable i = 0
        let mutable depth = 0

        let fail msg =
            raise (FormatException(sprintf "%d\u0000%s" i msg))

        let skip () =
            while i < s.Length && Char.IsWhiteSpace s.[i] do
                i <- i + 1

        let peek () = if i < s.Length then s.[i] else '\000'

        let str () =
            let mutable raw = false

            while i < s.Length && "rRbBuU".Contains s.[i] do
                if s.[i] = 'r' || s.[i] = 'R' then
                    raw <- true

                i <- i + 1

            let q = peek ()

            if q <> '\'' && q <> '"' then
                fail "expected a string"

            let triple = i + 2 < s.Length && s.[i + 1] = q && s.[i + 2] = q
            let close = if triple then String(q, 3) else string q
            i <- i + close.Length
            let sb = StringBuilder()
            let mutable fin = false

            while not fin do
                if i >= s.Length then
                    fail "unterminated string"
                elif String.CompareOrdinal(s, i, close, 0, close.Length) = 0 then
                    i <- i + close.Length
                    fin <- true
                elif s.[i] = '\n' && not triple then
                    fail "unterminated string"
                elif s.[i] = '\\' && i + 1 < s.Length then
                    let c = s.[i + 1]

                    if raw then
                        sb.Append(s, i, 2) |> ignore
                        i <- i + 2
                    else
                        i <- i + 2

                        match c with
                        | 'n' -> sb.Append '\n' |> ignore
                        | 't' -> sb.Append '\t' |> ignore
                        | 'r' -> sb.Append '\r' |> ignore
                        | '0' -> sb.Append '\000' |> ignore
                        | '\\' -> sb.Append '\\' |> ignore
                        | '\'' -> sb.Append '\'' |> ignore
                        | '"' -> sb.Append '"' |> ignore
                        | '\n' -> ()
                        | 'x' when i + 2 <= s.Length ->
                            sb.Append(char (Convert.ToInt32(s.Substring(i, 2), 16))) |> ignore
                            i <- i + 2
                        | 'U' when i + 8 <= s.Length ->
                            sb.Append(Char.ConvertFromUtf32(Convert.ToInt32(s.Substring(i, 8), 16)))
                            |> ignore

                            i <- i + 8
                        | 'a' -> sb.Append '\a' |> ignore
                        | 'b' -> sb.Append '\b' |> ignore
                        | 'f' -> sb.Append '\f' |> ignore
                        | 'v' -> sb.Append '\v' |> ignore
                        | 'u' when i + 4 <= s.Length ->
                            sb.Append(char (Convert.ToInt32(s.Substring(i, 4), 16))) |> ignore
                            i <- i + 4
                        | c -> sb.Append('\\').Append(c) |> ignore
                else
                    sb.Append s.[i] |> ignore
                    i <- i + 1

            sb.ToString()

        let rec value () : ConfigValue =
            skip ()

            match peek () with
            | '('
            | '['
            | '{' when depth >= limits.MaxDepth -> fail (LimitText.tooDeep limits)
            | '('
            | '['
            | '{' ->
                depth <- depth + 1
                let v = collection ()
                depth <- depth - 1
                v
            | _ -> scalar ()

        and collection () : ConfigValue =
            match peek () with
            | '(' ->
                i <- i + 1
                let items, trailingComma = seq ')'

                match items with
                | [ x ] when not trailingComma -> x
                | _ -> ConfigValue.Tuple items
            | '[' ->
                i <- i + 1
                ConfigValue.List(fst (seq ']'))
            | '{' ->
                i <- i + 1
                let pairs = ResizeArray()
                skip ()

                while peek () <> '}' do
                    let k =
                        match value () with
                        | ConfigValue.Str k -> k
                        | k -> string k

                    skip ()

                    if peek () <> ':' then
                        fail "expected ':'"

                    i <- i + 1
                    let v = value ()
                    pairs.Add(k, v)
                    skip ()

                    if peek () = ',' then
                        i <- i + 1
                        skip ()
                    elif peek () <> '}' then
                        fail "expected ',' or '}'"

                i <- i + 1
                ConfigValue.Map(List.ofSeq pairs)
            | c -> fail (sprintf "unexpected %s" (PyValue.stringRepr (string c)))

        and scalar () : ConfigValue =
            match peek () with
            | '\''
            | '"' -> ConfigValue.Str(str ())
            | c when
                (c = 'r' || c = 'R' || c = 'u' || c = 'b')
                && i + 1 < s.Length
                && (s.[i + 1] = '\'' || s.[i + 1] = '"')
                ->
                ConfigValue.Str(str ())
            | c when Char.IsAsciiDigit c || c = '-' || c = '+' || c = '.' ->
                let start = i
                i <- i + 1

                while i < s.Length
                      && (Char.IsAsciiLetterOrDigit s.[i]
                          || s.[i] = '.'
                          || s.[i] = '_'
                          || ((s.[i] = '-' || s.[i] = '+') && (s.[i - 1] = 'e' || s.[i - 1] = 'E'))) do
                    i <- i + 1

                let t = s.Substring(start, i - start).Replace("_", "")

                match Int64.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) with
                | true, n -> ConfigValue.Int n
                | _ ->
                    match Double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture) with
                    | true, f when not (t.Contains "∞") -> ConfigValue.Float f
                    | _ ->
                        i <- start
                        fail (sprintf "not a number: %s" t)
            | c when Char.IsLetter c || c = '_' ->
                let start = i

                while i < s.Length && (Char.IsLetterOrDigit s.[i] || s.[i] = '_' || s.[i] = '.') do
                    i <- i + 1

                match s.Substring(start, i - start) with
                | "True" -> ConfigValue.Bool true
                | "False" -> ConfigValue.Bool false
                | "None" -> ConfigValue.Null
                | name ->
                    match resolve name with
                    | Some v -> v
                    | None ->
                        i <- start

                        fail (
                            sprintf
                                "name %s is not a literal FuncLog knows (only sys.stdout, sys.stderr and level names are)"
                                (PyValue.stringRepr name)
                        )
            | '\000' -> fail "unexpected end"
            | c -> fail (sprintf "unexpected %s" (PyValue.stringRepr (string c)))

        and seq (close: char) : ConfigValue list * bool =
            let items = ResizeArray()
            let mutable trailing = false
            skip ()

            while peek () <> close do
                items.Add(value ())
                skip ()
                trailing <- false

                if peek () = ',' then
                    i <- i + 1
                    trailing <- true
                    skip ()
                elif peek () <> close then
                    fail (sprintf "expected ',' or '%c'" close)

            i <- i + 1
            List.ofSeq items, trailing

        try
            let v = value ()
            skip ()

            if i < s.Length then
                fail "unexpected text after the value"

            Ok v
        with :? FormatException as e when e.Message.Contains "\u0000" ->
            let parts = e.Message.Split('\u0000', 2)
            Error(int parts.[0], parts.[1])

    /// A Python literal, with the default limits.
    let pyLiteral resolve text = pyLiteralWith InputLimits.Default resolve text

/// An INI file as Python's configparser reads it: sections, keys (lower-cased), values with continuation
/// lines, DEFAULT values, `%(name)s` interpolation on request, and the line each key came from.
type internal IniFile = {
    Defaults: Map<string, string>
    /// Section name → (key → value, line number).
    Sections: Map<string, Map<string, string * int>>
    /// Section name → the line of its header.
    SectionLines: Map<string, int>
}

[<RequireQualifiedAccess>]
module internal Ini =
    /// Parses INI text; `defaults` are the DEFAULT values given by the caller (fileConfig's defaults=).
    let parse (defaults: Map<string, string>) (text: string) : Result<IniFile, ConfigError> =
        let lines = text.Replace("\r\n", "\n").Split '\n'
        let mutable defaults = defaults
        let mutable sections: Map<string, Map<string, string * int>> = Map.empty
        let mutable sectionLines = Map.empty
        let mutable current: string option = None
        let mutable lastKey: string option = None
        let mutable error = None
        let mutable n = 0

        let set (key: string) (value: string) (line: int) =
            match current with
            | Some "DEFAULT" -> defaults <- defaults.Add(key, value)
            | Some sec -> sections <- sections.Add(sec, sections.[sec].Add(key, (value, line)))
            | None -> ()

        let get (key: string) =
            match current with
            | Some "DEFAULT" -> defaults.[key], 0
            | Some sec -> sections.[sec].[key]
            | None -> "", 0

        for raw in lines do
            n <- n + 1

            if error.IsNone then
                let stripped = raw.Trim()

                if stripped = "" || stripped.StartsWith "#" || stripped.StartsWith ";" then
                    // an empty line inside a value is kept by configparser only before more indented text
                    if stripped = "" then
                        lastKey <- lastKey
                elif Char.IsWhiteSpace raw.[0] && lastKey.IsSome then
                    let v, l = get lastKey.Value
                    set lastKey.Value (v + "\n" + stripped) l
                elif stripped.StartsWith "[" then
                    if not (stripped.EndsWith "]") then
                        error <-
                            Some {
                                Where = sprintf "line %d" n
                                Message = sprintf "bad section header %s" (PyValue.stringRepr raw)
                            }
                    else
                        let name = stripped.Substring(1, stripped.Length - 2)

                        if name <> "DEFAULT" && sections.ContainsKey name then
                            error <-
                                Some {
                                    Where = sprintf "line %d" n
                                    Message = sprintf "section %s already exists" (PyValue.stringRepr name)
                                }
                        else
                            if name <> "DEFAULT" then
                                sections <- sections.Add(name, Map.empty)
                                sectionLines <- sectionLines.Add(name, n)

                            current <- Some name
                            lastKey <- None
                elif current.IsNone then
                    error <-
                        Some {
                            Where = sprintf "line %d" n
                            Message = "text before the first [section]"
                        }
                else
                    let eq = stripped.IndexOfAny [| '='; ':' |]

                    if eq <= 0 then
                        error <-
                            Some {
                                Where = sprintf "line %d" n
                                Message = sprintf "expected key = value, got %s" (PyValue.stringRepr stripped)
                            }
                    else
                        let key = stripped.Substring(0, eq).Trim().ToLowerInvariant()
                        set key (stripped.Substring(eq + 1).Trim()) n
                        lastKey <- Some key

        match error with
        | Some e -> Error e
        | None ->
            Ok {
                Defaults = defaults
                Sections = sections
                SectionLines = sectionLines
            }

    /// A raw value (configparser's raw=True): section value, else DEFAULT, with its line.
    let tryRaw (ini: IniFile) (section: string) (key: string) : (string * int) option =
        match ini.Sections.TryFind section with
        | None -> None
        | Some s ->
            match s.TryFind key with
            | Some v -> Some v
            | None -> ini.Defaults.TryFind key |> Option.map (fun v -> v, ini.SectionLines.[section])

    /// configparser's BasicInterpolation: `%(name)s` from the section or DEFAULT, `%%` for `%`.
    let interpolate (ini: IniFile) (section: string) (value: string) (line: int) : Result<string, ConfigError> =
        let where = sprintf "[%s] line %d" section line

        let rec go (v: string) (depth: int) : Result<string, ConfigError> =
            if depth > 10 then
                Error {
                    Where = where
                    Message = "interpolation too deep (a reference loop?)"
                }
            else
                let sb = StringBuilder()
                let mutable i = 0
                let mutable err = None

                while err.IsNone && i < v.Length do
                    if v.[i] <> '%' then
                        sb.Append v.[i] |> ignore
                        i <- i + 1
                    elif i + 1 < v.Length && v.[i + 1] = '%' then
                        sb.Append '%' |> ignore
                        i <- i + 2
                    elif i + 1 < v.Length && v.[i + 1] = '(' then
                        let close = v.IndexOf(")s", i)

                        if close < 0 then
                            err <-
                                Some {
                                    Where = where
                                    Message = sprintf "bad interpolation syntax in %s" (PyValue.stringRepr v)
                                }
                        else
                            let name = v.Substring(i + 2, close - i - 2).ToLowerInvariant()

                            match tryRaw ini section name with
                            | None ->
                                err <-
                                    Some {
                                        Where = where
                                        Message = sprintf "%%(%s)s refers to no option or default" name
                                    }
                            | Some(r, _) ->
                                match go r (depth + 1) with
                                | Ok(x: string) -> sb.Append x |> ignore
                                | Error e -> err <- Some e

                            i <- close + 2
                    else
                        err <-
                            Some {
                                Where = where
                                Message = sprintf "'%%' must be followed by '%%' or '(' in %s" (PyValue.stringRepr v)
                            }

                match err with
                | Some e -> Error e
                | None -> Ok(sb.ToString())

        go value 0
