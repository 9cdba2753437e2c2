namespace FuncLog

open System

/// fileConfig's INI format as a pure function: an INI file to a validated LoggingConfig, or the first error
/// with its section and line. Sections [loggers] [handlers] [formatters], [logger_x], [handler_x],
/// [formatter_x]; args=/kwargs= are safe Python literals (PyLiteral), never evaluated.
[<RequireQualifiedAccess>]
module internal FileConfig =
    open ConfigCheck

    /// What every section reader needs: the file, the budgets, the level names and the handler schemas.
    type private Context = {
        Ini: IniFile
        Limits: InputLimits
        Levels: LevelNames
        Schemas: Map<string, HandlerSchema>
    }

    let private at (sec: string) (line: int) = sprintf "[%s] line %d" sec line

    let private keys (v: string) =
        if v.Trim() = "" then
            []
        else
            v.Split ',' |> Array.map (fun s -> s.Trim()) |> List.ofArray

    let private iniNames (ini: IniFile) (section: string) : Result<string list, ConfigError> =
        match Ini.tryRaw ini section "keys" with
        | None when ini.Sections.ContainsKey section -> fail (sprintf "[%s]" section) "no keys="
        | None -> fail (sprintf "[%s]" section) "section missing"
        | Some(v, _) -> Ok(keys v)

    /// A value with configparser's interpolation, and its line.
    let private value (c: Context) (sec: string) (key: string) : Result<(string * int) option, ConfigError> =
        match Ini.tryRaw c.Ini sec key with
        | None -> Ok None
        | Some(v, line) -> Ini.interpolate c.Ini sec v line |> Result.map (fun s -> Some(s, line))

    let private section (c: Context) (name: string) =
        if c.Ini.Sections.ContainsKey name then
            Ok()
        else
            fail (sprintf "[%s]" name) "section missing"

    /// The names an args= literal may use: sys.stdout, sys.stderr and level names.
    let private resolveName (c: Context) (n: string) =
        match n with
        | "sys.stdout"
        | "sys.stderr" -> Some(PyData.Ref n)
        | _ ->
            match c.Levels.TryNumberOf n with
            | Some l -> Some(PyData.ofInt64(int64 l))
            | None when n.StartsWith "logging." -> c.Levels.TryNumberOf(n.Substring 8) |> Option.map (int64 >> PyData.ofInt64)
            | None -> None

    /// A Python literal of a section (args=, kwargs=, defaults=), or dflt when the key is absent.
    let private literal (c: Context) (sec: string) (key: string) (dflt: PyData) =
        match value c sec key with
        | Error e -> Error e
        | Ok None -> Ok dflt
        | Ok(Some(text, line)) ->
            match PyLiteral.parseWith c.Limits (resolveName c) text with
            | Ok v -> Ok v
            | Error(col, msg) -> fail (at sec line) (sprintf "%s, column %d: %s" key (col + 1) msg)

    let private levelOf (c: Context) (sec: string) =
        match value c sec "level" with
        | Error e -> Error e
        | Ok None -> Ok None
        | Ok(Some(l, line)) -> level c.Levels (at sec line) (Some(PyData.Str l))

    let private formatter (c: Context) (f: string) =
        let sec = "formatter_" + f
        let raw k = Ini.tryRaw c.Ini sec k |> Option.map fst

        result {
            do! section c sec

            let! defaults =
                match Ini.tryRaw c.Ini sec "defaults" with
                | None -> Ok None
                | Some(d, line) ->
                    // read raw, as CPython's fileConfig reads defaults=
                    match PyLiteral.parseWith c.Limits (resolveName c) d with
                    | Ok(Fields m) -> Ok(Some m)
                    | Ok other -> fail (at sec line) (sprintf "defaults: expected a dict, got %s" (string other))
                    | Error(col, msg) -> fail (at sec line) (sprintf "defaults, column %d: %s" (col + 1) msg)

            let style = defaultArg (raw "style") "%"

            do!
                if style <> "%" && style <> "{" && style <> "$" then
                    fail (at sec (snd (Ini.tryRaw c.Ini sec "style").Value)) (sprintf "Style must be one of: %%,{,$ (got %s)" (PyValue.stringRepr style))
                else
                    Ok()

            return
                f,
                {
                    Format = defaultArg (raw "format") null
                    DateFmt = defaultArg (raw "datefmt") null
                    Style = style
                    Validate = true
                    Defaults = defaults
                    Class =
                        match raw "class" with
                        | None
                        | Some ""
                        | Some "logging.Formatter" -> null
                        | Some c -> c
                    Args = []
                }
        }

    /// args= (positional, matched to the class's parameters in Python's order) and kwargs=, as keyword
    /// arguments checked against the class's schema; errors name the line of args= or kwargs=.
    let private handlerArguments (c: Context) (sec: string) (cls: string) (classLine: int) =
        let lineOfKey key = at sec (snd (Ini.tryRaw c.Ini sec key).Value)

        result {
            let! args = literal c sec "args" (PyData.Tuple [])
            let! kwargs = literal c sec "kwargs" (PyData.fields [])

            let! positional =
                match args with
                | PyData.Tuple xs
                | PyData.List xs -> Ok xs
                | other -> fail (lineOfKey "args") (sprintf "args: expected a tuple, got %s" (string other))

            let! named =
                match kwargs with
                | Fields kv -> Ok kv
                | other -> fail (lineOfKey "kwargs") (sprintf "kwargs: expected a dict, got %s" (string other))

            let schema = c.Schemas.TryFind cls
            let paramNames = schema |> Option.map (fun s -> List.map fst s.Params) |> Option.defaultValue []

            do!
                match schema with
                | Some _ when positional.Length > paramNames.Length ->
                    fail (lineOfKey "args") (sprintf "%s() takes at most %d arguments (%d given)" cls paramNames.Length positional.Length)
                | None when not positional.IsEmpty ->
                    fail (at sec classLine) (sprintf "%s: positional args= need a class FuncLog knows; use kwargs=" cls)
                | _ -> Ok()

            let fromArgs = List.take positional.Length paramNames

            let lineOf key =
                match Ini.tryRaw c.Ini sec (if List.contains key fromArgs then "args" else "kwargs") with
                | Some(_, l) when key <> "" -> l
                | _ -> classLine

            return!
                handlerArgs c.Schemas c.Levels "" cls (List.zip fromArgs positional @ named)
                |> Result.mapError (fun e -> {
                    Where = at sec (lineOf e.Where)
                    Message = (if e.Where = "" then e.Message else e.Where + ": " + e.Message)
                })
        }

    let private handler (c: Context) (formatters: (string * FormatterConfig) list) (h: string) =
        let sec = "handler_" + h

        result {
            do! section c sec
            let! cls = value c sec "class"
            let! cls, classLine = match cls with Some x -> Ok x | None -> fail (sprintf "[%s]" sec) "no class="
            let cls = defaultArg (HandlerClasses.resolve c.Schemas cls) cls
            let! args = handlerArguments c sec cls classLine
            let! lvl = levelOf c sec
            let! fmt = value c sec "formatter"

            do!
                match fmt with
                | Some(f, line) when f <> "" && not (List.exists (fst >> (=) f) formatters) ->
                    fail (at sec line) (sprintf "formatter %s is not in [formatters] keys" (PyValue.stringRepr f))
                | _ -> Ok()

            return
                h,
                {
                    Class = cls
                    Args = args
                    Level = lvl
                    Formatter =
                        match fmt with
                        | Some(f, _) when f <> "" -> Some f
                        | _ -> None
                    Filters = []
                    Properties = []
                }
        }

    let private logger (c: Context) (handlerNames: string list) (sec: string) =
        result {
            let! lvl = levelOf c sec
            let! hs = value c sec "handlers"

            let! hs =
                match hs with
                | None -> fail (sprintf "[%s]" sec) "no handlers= (write handlers= for none)"
                | Some(v, line) ->
                    let hs = keys v

                    match hs |> List.tryFind (fun x -> not (List.contains x handlerNames)) with
                    | Some x -> fail (at sec line) (sprintf "handler %s is not in [handlers] keys" (PyValue.stringRepr x))
                    | None -> Ok hs

            let! propagate = value c sec "propagate"

            let! propagate =
                match propagate with
                | None -> Ok(Some true)
                | Some(p, line) ->
                    match Int32.TryParse p with
                    | true, n -> Ok(Some(n <> 0))
                    | _ -> fail (at sec line) (sprintf "propagate: invalid literal for int() with base 10: %s" (PyValue.stringRepr p))

            return {
                Level = lvl
                Propagate = propagate
                Filters = []
                Handlers = hs
            }
        }

    let private namedLogger (c: Context) (handlerNames: string list) (l: string) =
        let sec = "logger_" + l

        result {
            do! section c sec
            let! q = value c sec "qualname"
            let! q, _ = match q with Some x -> Ok x | None -> fail (sprintf "[%s]" sec) "no qualname="
            let! config = logger c handlerNames sec
            return q, config
        }

    /// fileConfig's INI format to a validated configuration; errors name the section and line.
    let parse (schemas: Map<string, HandlerSchema>) (limits: InputLimits) (levels: LevelNames) (disableExisting: bool) (ini: IniFile) =
        let c = {
            Ini = ini
            Limits = limits
            Levels = levels
            Schemas = schemas
        }

        result {
            let! formatters = iniNames ini "formatters" |> Result.bind (traverse (formatter c))
            let! handlers = iniNames ini "handlers" |> Result.bind (traverse (handler c formatters))
            let hnames = List.map fst handlers
            let! ls = iniNames ini "loggers"
            do! if List.contains "root" ls then Ok() else fail "[loggers]" "keys= must include root"
            do! section c "logger_root"
            let! root = logger c hnames "logger_root"
            let! loggers = ls |> List.filter ((<>) "root") |> traverse (namedLogger c hnames)

            return {
                Incremental = false
                DisableExistingLoggers = disableExisting
                Formatters = formatters
                Filters = []
                Handlers = handlers
                Loggers = loggers
                Root = Some { root with Propagate = None }
            }
        }
