namespace FuncLog

open System

/// A formatter in a configuration.
type internal FormatterConfig = {
    Format: string
    DateFmt: string
    Style: string
    Validate: bool
    Defaults: (string * ConfigValue) list option
    /// A .NET formatter type ("class" or "()"), or null for FuncLog's Formatter.
    Class: string
}

/// A filter in a configuration: Python's Filter(name), or a user type ("()") with keyword arguments.
type internal FilterConfig = {
    Name: string
    Factory: string
    Args: (string * ConfigValue) list
}

/// A handler in a configuration: its class (FuncLog's name for a known Python class, or a .NET type name),
/// keyword arguments checked against the class, level, formatter, filters and "." properties.
type internal HandlerConfig = {
    Class: string
    Args: (string * ConfigValue) list
    Level: int option
    Formatter: string option
    Filters: string list
    Properties: (string * ConfigValue) list
}

/// A logger (or the root) in a configuration.
type internal LoggerConfig = {
    Level: int option
    Propagate: bool option
    Filters: string list
    Handlers: string list
}

/// A whole logging configuration, validated: what dictConfig and fileConfig mean, as one value.
type internal LoggingConfig = {
    Incremental: bool
    DisableExistingLoggers: bool
    Formatters: (string * FormatterConfig) list
    Filters: (string * FilterConfig) list
    Handlers: (string * HandlerConfig) list
    Loggers: (string * LoggerConfig) list
    Root: LoggerConfig option
}

/// The type a handler's keyword argument must have.
[<RequireQualifiedAccess>]
type internal ParamKind =
    | Str
    | Int
    | Bool
    | Stream
    | Time
    | Level
    | Handler
    | Handlers
    | Queue
    /// host and port ([host, port]), or a Unix socket path
    | Address
    /// [user, password]
    | Credentials
    /// a string or a list of strings
    | Strings
    | Number
    /// a syslog facility: a number or CPython's name ("local0")
    | Facility
    /// socket.SOCK_STREAM (1) or socket.SOCK_DGRAM (2)
    | SockType
    /// SMTPHandler's secure: () or (keyfile, certfile)
    | Secure
    /// QueueHandler's listener (3.12): a class name, or a mapping with "()"
    | Listener

/// The handler classes FuncLog knows by Python's names, with their parameters (in Python's order).
[<RequireQualifiedAccess>]
module internal HandlerClasses =
    let private fileParams = [
        "mode", ParamKind.Str
        "encoding", ParamKind.Str
        "delay", ParamKind.Bool
        "errors", ParamKind.Str
    ]

    /// FuncLog's name → (required parameters, all parameters in order).
    let known: Map<string, string list * (string * ParamKind) list> =
        Map.ofList [
            "StreamHandler", ([], [ "stream", ParamKind.Stream ])
            "FileHandler", ([ "filename" ], ("filename", ParamKind.Str) :: fileParams)
            "NullHandler", ([], [])
            "WatchedFileHandler", ([ "filename" ], ("filename", ParamKind.Str) :: fileParams)
            "RotatingFileHandler",
            ([ "filename" ],
             [
                 "filename", ParamKind.Str
                 "mode", ParamKind.Str
                 "maxBytes", ParamKind.Int
                 "backupCount", ParamKind.Int
                 "encoding", ParamKind.Str
                 "delay", ParamKind.Bool
                 "errors", ParamKind.Str
             ])
            "TimedRotatingFileHandler",
            ([ "filename" ],
             [
                 "filename", ParamKind.Str
                 "when", ParamKind.Str
                 "interval", ParamKind.Int
                 "backupCount", ParamKind.Int
                 "encoding", ParamKind.Str
                 "delay", ParamKind.Bool
                 "utc", ParamKind.Bool
                 "atTime", ParamKind.Time
                 "errors", ParamKind.Str
             ])
            "MemoryHandler",
            ([ "capacity" ],
             [
                 "capacity", ParamKind.Int
                 "flushLevel", ParamKind.Level
                 "target", ParamKind.Handler
                 "flushOnClose", ParamKind.Bool
             ])
            "SocketHandler", ([ "host"; "port" ], [ "host", ParamKind.Str; "port", ParamKind.Int ])
            "DatagramHandler", ([ "host"; "port" ], [ "host", ParamKind.Str; "port", ParamKind.Int ])
            "SysLogHandler",
            ([],
             [
                 "address", ParamKind.Address
                 "facility", ParamKind.Facility
                 "socktype", ParamKind.SockType
             ])
            "HTTPHandler",
            ([ "host"; "url" ],
             [
                 "host", ParamKind.Str
                 "url", ParamKind.Str
                 "method", ParamKind.Str
                 "secure", ParamKind.Bool
                 "credentials", ParamKind.Credentials
             ])
            "SMTPHandler",
            ([ "mailhost"; "fromaddr"; "toaddrs"; "subject" ],
             [
                 "mailhost", ParamKind.Address
                 "fromaddr", ParamKind.Str
                 "toaddrs", ParamKind.Strings
                 "subject", ParamKind.Str
                 "credentials", ParamKind.Credentials
                 "secure", ParamKind.Secure
                 "timeout", ParamKind.Number
             ])
            "QueueHandler",
            ([],
             [
                 "queue", ParamKind.Queue
                 "listener", ParamKind.Listener
                 "handlers", ParamKind.Handlers
                 "respect_handler_level", ParamKind.Bool
             ])
        ]

    /// The other handlers a handler's arguments name (MemoryHandler's target, QueueHandler's handlers).
    let references (args: (string * ConfigValue) list) : string list =
        args
        |> List.collect (fun (k, v) ->
            match k, v with
            | "target", ConfigValue.Str t -> [ t ]
            | "handlers", ConfigValue.List xs ->
                xs
                |> List.choose (function
                    | ConfigValue.Str s -> Some s
                    | _ -> None)
            | _ -> [])

    let private inLogging = set [ "StreamHandler"; "FileHandler"; "NullHandler" ]

    /// FuncLog's name for a class name as Python configurations write it ("logging.StreamHandler",
    /// "logging.handlers.RotatingFileHandler", fileConfig's "StreamHandler" and "handlers.X"), or for
    /// "FuncLog.X"; None for other names (user types).
    let resolve (name: string) : string option =
        let n = if isNull name then "" else name.Trim()

        let short, prefix =
            match n.LastIndexOf '.' with
            | -1 -> n, ""
            | i -> n.Substring(i + 1), n.Substring(0, i)

        if not (known.ContainsKey short) then
            None
        else
            match prefix with
            | ""
            | "logging" when inLogging.Contains short -> Some short
            | "logging.handlers"
            | "handlers" when not (inLogging.Contains short) -> Some short
            | "FuncLog" -> Some short
            | _ -> None

/// dictConfig and fileConfig as pure functions: a ConfigValue tree (or INI file) to a LoggingConfig, or the
/// first error with the place it is.
[<RequireQualifiedAccess>]
module internal LoggingConfig =
    let private fail where msg = Error { Where = where; Message = msg }

    let private join (path: string) (key: string) =
        if path = "" then key else path + "." + key

    /// Python's encoding error handlers a file handler accepts (open()'s errors=).
    let private errorHandlers =
        set [ "strict"; "ignore"; "replace"; "backslashreplace"; "xmlcharrefreplace"; "namereplace" ]

    let private describe (v: ConfigValue) =
        match v with
        | ConfigValue.Str s -> "\"" + s + "\""
        | ConfigValue.Null -> "null"
        | v -> string v

    let rec private traverse (f: 'a -> Result<'b, ConfigError>) (xs: 'a list) : Result<'b list, ConfigError> =
        match xs with
        | [] -> Ok []
        | x :: rest ->
            match f x with
            | Error e -> Error e
            | Ok y ->
                match traverse f rest with
                | Ok ys -> Ok(y :: ys)
                | Error e -> Error e

    /// Resolves every "cfg://" and "ext://" string in the tree (Python's converters): cfg:// by path
    /// (dots and [index]) with loops reported, ext:// only for sys.stdout and sys.stderr. What the references
    /// bring in is counted against the expansion budget (and each step of a key search with it), and the
    /// result nests at most limits.MaxDepth deep, so a few hundred bytes of references that fan out to 2^30
    /// values are refused in microseconds.
    let resolveReferencesWith (limits: InputLimits) (root: ConfigValue) : Result<ConfigValue, ConfigError> =
        let budget = ValueBudget limits

        // the tree's own values (a tree built in code may be deep: refuse it before recursing further)
        let rec own (depth: int) (v: ConfigValue) =
            if depth > limits.MaxDepth then
                false
            else
                budget.Own()
                && match v with
                   | ConfigValue.Map kv -> kv |> List.forall (snd >> own (depth + 1))
                   | ConfigValue.List xs
                   | ConfigValue.Tuple xs -> xs |> List.forall (own (depth + 1))
                   | _ -> true

        let overBudget path =
            fail path (LimitText.tooLarge budget.Limit)

        let rec lookup (seen: string list) (depth: int) (path: string) (reference: string) : Result<ConfigValue, ConfigError> =
            if List.contains reference seen then
                fail path (sprintf "cfg:// references form a loop: %s" (String.Join(" -> ", List.rev (reference :: seen))))
            else
                // word, then .word or [index] parts
                let m =
                    Text.RegularExpressions.Regex.Match(reference, @"^\s*(\w+)\s*((?:\.\s*\w+\s*|\[[^\[\]]*\]\s*)*)$")

                if not m.Success then
                    fail path (sprintf "Unable to convert %s" (PyValue.stringRepr reference))
                else
                    let parts = [
                        yield m.Groups.[1].Value
                        for p in Text.RegularExpressions.Regex.Matches(m.Groups.[2].Value, @"\.\s*(\w+)|\[([^\[\]]*)\]") do
                            yield
                                (if p.Groups.[1].Success then
                                     p.Groups.[1].Value
                                 else
                                     p.Groups.[2].Value)
                    ]

                    let rec walk (v: ConfigValue) (ps: string list) =
                        match ps with
                        | [] -> Ok v
                        | p :: rest ->
                            match v with
                            | ConfigValue.Map kv ->
                                match List.tryFindIndex (fst >> (=) p) kv with
                                | Some i when budget.Expand(int64 i + 1L) -> walk (snd kv.[i]) rest
                                | Some _ -> overBudget path
                                | None -> fail path (sprintf "cfg://%s: no key %s" reference (PyValue.stringRepr p))
                            | ConfigValue.List xs
                            | ConfigValue.Tuple xs ->
                                match Int32.TryParse p with
                                | true, i when i >= 0 && i < xs.Length && budget.Expand(int64 i + 1L) -> walk xs.[i] rest
                                | true, i when i >= 0 && i < xs.Length -> overBudget path
                                | _ -> fail path (sprintf "cfg://%s: no item %s" reference p)
                            | _ -> fail path (sprintf "cfg://%s: %s is not a dict or list" reference p)

                    match walk root parts with
                    | Error e -> Error e
                    | Ok v -> convert (reference :: seen) (depth + 1) path v

        and convert (seen: string list) (depth: int) (path: string) (v: ConfigValue) : Result<ConfigValue, ConfigError> =
            if depth > limits.MaxDepth then
                fail path (LimitText.tooDeep limits)
            elif not seen.IsEmpty && not (budget.Expand 1L) then
                overBudget path
            else
                match v with
                | ConfigValue.Str s when s.StartsWith "cfg://" -> lookup seen depth path (s.Substring 6)
                | ConfigValue.Str s when s.StartsWith "ext://" ->
                    match s.Substring 6 with
                    | "sys.stdout"
                    | "sys.stderr" as r -> Ok(ConfigValue.Ref r)
                    | "socket.SOCK_STREAM" -> Ok(ConfigValue.Int 1L)
                    | "socket.SOCK_DGRAM" -> Ok(ConfigValue.Int 2L)
                    | other ->
                        fail
                            path
                            (sprintf
                                "Cannot resolve %s: FuncLog resolves ext://sys.stdout and ext://sys.stderr (and socket.SOCK_STREAM/SOCK_DGRAM) only"
                                (PyValue.stringRepr other))
                | ConfigValue.Map kv ->
                    kv
                    |> traverse (fun (k, x) -> convert seen (depth + 1) (join path k) x |> Result.map (fun y -> k, y))
                    |> Result.map ConfigValue.Map
                | ConfigValue.List xs ->
                    xs
                    |> List.mapi (fun i x -> i, x)
                    |> traverse (fun (i, x) -> convert seen (depth + 1) (sprintf "%s[%d]" path i) x)
                    |> Result.map ConfigValue.List
                | v -> Ok v

        if not (own 0 root) then
            if budget.Used > budget.Limit then
                fail "" (LimitText.tooLarge budget.Limit)
            else
                fail "" (LimitText.tooDeep limits)
        else
            convert [] 0 "" root

    /// resolveReferencesWith the default limits.
    let resolveReferences (root: ConfigValue) = resolveReferencesWith InputLimits.Default root

    let private entries (path: string) (v: ConfigValue option) : Result<(string * ConfigValue) list, ConfigError> =
        match v with
        | None
        | Some ConfigValue.Null -> Ok []
        | Some(ConfigValue.Map kv) -> Ok kv
        | Some other -> fail path (sprintf "expected a mapping, got %s" (describe other))

    let private find (key: string) (kv: (string * ConfigValue) list) =
        kv |> List.tryFind (fst >> (=) key) |> Option.map snd

    let private str (path: string) (v: ConfigValue option) : Result<string, ConfigError> =
        match v with
        | None
        | Some ConfigValue.Null -> Ok null
        | Some(ConfigValue.Str s) -> Ok s
        | Some other -> fail path (sprintf "expected a string, got %s" (describe other))

    let private bool (path: string) (dflt: bool) (v: ConfigValue option) : Result<bool, ConfigError> =
        match v with
        | None
        | Some ConfigValue.Null -> Ok dflt
        | Some(ConfigValue.Bool b) -> Ok b
        | Some(ConfigValue.Int 0L) -> Ok false
        | Some(ConfigValue.Int 1L) -> Ok true
        | Some other -> fail path (sprintf "expected true or false, got %s" (describe other))

    let private names (path: string) (v: ConfigValue option) : Result<string list, ConfigError> =
        match v with
        | None
        | Some ConfigValue.Null -> Ok []
        | Some(ConfigValue.List xs)
        | Some(ConfigValue.Tuple xs) ->
            xs
            |> List.mapi (fun i x -> i, x)
            |> traverse (fun (i, x) ->
                match x with
                | ConfigValue.Str s -> Ok s
                | other -> fail (sprintf "%s[%d]" path i) (sprintf "expected a name, got %s" (describe other)))
        | Some other -> fail path (sprintf "expected a list of names, got %s" (describe other))

    /// Python's _checkLevel: an int, or a registered name.
    let level (levels: LevelNames) (path: string) (v: ConfigValue option) : Result<int option, ConfigError> =
        match v with
        | None
        | Some ConfigValue.Null -> Ok None
        | Some(ConfigValue.Int i) when i >= int64 Int32.MinValue && i <= int64 Int32.MaxValue -> Ok(Some(int i))
        | Some(ConfigValue.Str s) ->
            match Level.parse levels s with
            | Ok n -> Ok(Some n)
            | Error e -> fail path e
        | Some other -> fail path (sprintf "Level not an integer or a valid string: %s" (string other))

    /// Checks one keyword argument of a known handler class.
    let private checkArg (levels: LevelNames) (path: string) (kind: ParamKind) (v: ConfigValue) : Result<ConfigValue, ConfigError> =
        match kind, v with
        | _, ConfigValue.Null -> Ok v
        | ParamKind.Str, ConfigValue.Str _ -> Ok v
        | ParamKind.Str, other -> fail path (sprintf "expected a string, got %s" (describe other))
        | ParamKind.Int, ConfigValue.Int _ -> Ok v
        | ParamKind.Int, other -> fail path (sprintf "expected an integer, got %s" (describe other))
        | ParamKind.Bool, ConfigValue.Bool _ -> Ok v
        | ParamKind.Bool, ConfigValue.Int(0L | 1L) -> Ok v
        | ParamKind.Bool, other -> fail path (sprintf "expected true or false, got %s" (describe other))
        | ParamKind.Stream, ConfigValue.Ref _ -> Ok v
        | ParamKind.Stream, other -> fail path (sprintf "expected a stream (ext://sys.stdout or ext://sys.stderr), got %s" (describe other))
        | ParamKind.Time, ConfigValue.Str s ->
            match TimeOnly.TryParse(s, Globalization.CultureInfo.InvariantCulture) with
            | true, _ -> Ok v
            | _ -> fail path (sprintf "expected a time of day (\"HH:MM:SS\"), got %s" (describe v))
        | ParamKind.Time, other -> fail path (sprintf "expected a time of day (\"HH:MM:SS\"), got %s" (describe other))
        | ParamKind.Level, _ -> level levels path (Some v) |> Result.map (fun _ -> v)
        | ParamKind.Handler, ConfigValue.Str _ -> Ok v
        | ParamKind.Handler, other -> fail path (sprintf "expected a handler name, got %s" (describe other))
        | ParamKind.Handlers, ConfigValue.List xs when
            xs
            |> List.forall (function
                | ConfigValue.Str _ -> true
                | _ -> false)
            ->
            Ok v
        | ParamKind.Handlers, other -> fail path (sprintf "expected a list of handler names, got %s" (describe other))
        | ParamKind.Listener, ConfigValue.Str _ -> Ok v
        | ParamKind.Listener, ConfigValue.Map kv when kv |> List.exists (fun (k, _) -> k = "()") ->
            match kv |> List.tryFind (fun (k, _) -> k <> "()") with
            | Some(k, _) -> fail (path + "." + k) "FuncLog's QueueListener takes no keyword arguments here"
            | None ->
                match kv |> List.find (fun (k, _) -> k = "()") |> snd with
                | ConfigValue.Str _ -> Ok v
                | other -> fail (path + ".()") (sprintf "expected a class name, got %s" (describe other))
        | ParamKind.Listener, other ->
            fail path (sprintf "expected a listener class name (\"logging.handlers.QueueListener\") or a mapping with \"()\", got %s" (describe other))
        | ParamKind.Queue, ConfigValue.Map kv ->
            let known = set [ "()"; "maxsize"; "when_full"; "block_timeout" ]

            match kv |> List.tryFind (fun (k, _) -> not (known.Contains k)) with
            | Some(k, _) -> fail (path + "." + k) "a queue takes maxsize, when_full (\"block\" or \"drop\") and block_timeout (seconds)"
            | None ->
                match
                    List.tryFind (fst >> (=) "()") kv, List.tryFind (fst >> (=) "maxsize") kv, List.tryFind (fst >> (=) "when_full") kv
                with
                | Some(_, ConfigValue.Str f), _, _ when f <> "queue.Queue" && f <> "FuncLog.LogQueue" ->
                    fail (path + ".()") (sprintf "FuncLog's queues are queue.Queue (FuncLog.LogQueue), not %s" (PyValue.stringRepr f))
                | _, Some(_, m), _ when
                    (match m with
                     | ConfigValue.Int _ -> false
                     | _ -> true)
                    ->
                    fail (path + ".maxsize") (sprintf "expected an integer, got %s" (describe m))
                | _, _, Some(_, w) when w <> ConfigValue.Str "block" && w <> ConfigValue.Str "drop" ->
                    fail (path + ".when_full") (sprintf "expected \"block\" or \"drop\", got %s" (describe w))
                | _ -> Ok v
        | ParamKind.Address, ConfigValue.Str _ -> Ok v
        | ParamKind.Address,
          (ConfigValue.List [ ConfigValue.Str _; ConfigValue.Int _ ] | ConfigValue.Tuple [ ConfigValue.Str _; ConfigValue.Int _ ]) -> Ok v
        | ParamKind.Address, other -> fail path (sprintf "expected [host, port] or a socket path, got %s" (describe other))
        | ParamKind.Credentials,
          (ConfigValue.List [ ConfigValue.Str _; ConfigValue.Str _ ] | ConfigValue.Tuple [ ConfigValue.Str _; ConfigValue.Str _ ]) -> Ok v
        | ParamKind.Credentials, other -> fail path (sprintf "expected [username, password], got %s" (describe other))
        | ParamKind.Strings, ConfigValue.Str _ -> Ok v
        | ParamKind.Strings, (ConfigValue.List xs | ConfigValue.Tuple xs) when
            xs
            |> List.forall (function
                | ConfigValue.Str _ -> true
                | _ -> false)
            ->
            Ok v
        | ParamKind.Strings, other -> fail path (sprintf "expected a string or a list of strings, got %s" (describe other))
        | ParamKind.Number, (ConfigValue.Int _ | ConfigValue.Float _) -> Ok v
        | ParamKind.Number, other -> fail path (sprintf "expected a number, got %s" (describe other))
        | ParamKind.Facility, ConfigValue.Int f when f >= 0L && f < 24L -> Ok v
        | ParamKind.Facility, ConfigValue.Str f when Syslog.facilityNames.ContainsKey f -> Ok v
        | ParamKind.Facility, other ->
            fail path (sprintf "expected a syslog facility (0-23 or a name such as \"local0\"), got %s" (describe other))
        | ParamKind.SockType, ConfigValue.Int(1L | 2L) -> Ok v
        | ParamKind.SockType, other ->
            fail path (sprintf "expected ext://socket.SOCK_STREAM or ext://socket.SOCK_DGRAM, got %s" (describe other))
        | ParamKind.Secure, (ConfigValue.List [] | ConfigValue.Tuple []) -> Ok v
        | ParamKind.Secure, other ->
            fail path (sprintf "FuncLog takes secure=() (STARTTLS with the system's trust), got %s" (describe other))
        | ParamKind.Queue, other -> fail path (sprintf "expected a queue mapping ({\"maxsize\": 1000}), got %s" (describe other))

    let private isIdentifier (s: string) =
        Text.RegularExpressions.Regex.IsMatch(s, "^[a-zA-Z_][a-zA-Z0-9_]*$")

    /// Keyword arguments (all keys but the reserved ones) for a class: checked when FuncLog knows the class.
    let private handlerArgs levels (path: string) (cls: string) (args: (string * ConfigValue) list) =
        match HandlerClasses.known.TryFind cls with
        | None ->
            args
            |> traverse (fun (k, v) ->
                if isIdentifier k then
                    Ok(k, v)
                else
                    fail (join path k) (sprintf "Not a valid Python identifier: %s" (PyValue.stringRepr k)))
        | Some(required, ps) ->
            let missing =
                required |> List.filter (fun r -> not (List.exists (fst >> (=) r) args))

            match missing with
            | m :: _ -> fail path (sprintf "%s() missing required argument: %s" cls (PyValue.stringRepr m))
            | [] ->
                args
                |> traverse (fun (k, v) ->
                    match List.tryFind (fst >> (=) k) ps with
                    | None -> fail (join path k) (sprintf "%s() got an unexpected keyword argument %s" cls (PyValue.stringRepr k))
                    | Some(_, kind) ->
                        match checkArg levels (join path k) kind v with
                        | Ok v ->
                            match k, v with
                            | "errors", ConfigValue.Str e when not (errorHandlers.Contains e) ->
                                fail (join path k) (sprintf "unknown error handler name %s" (PyValue.stringRepr e))
                            | _ -> Ok(k, v)
                        | Error e -> Error e)

    let private formatter (path: string) (kv: (string * ConfigValue) list) : Result<FormatterConfig, ConfigError> =
        let known =
            set [ "format"; "datefmt"; "style"; "validate"; "defaults"; "class"; "()"; "fmt" ]

        match kv |> List.tryFind (fun (k, _) -> not (known.Contains k)) with
        | Some(k, _) when (find "()" kv).IsSome -> fail (join path k) "FuncLog gives a formatter factory only format, datefmt and style"
        | Some(k, _) -> fail (join path k) "unknown formatter key"
        | _ ->
            let fmtKey = if (find "fmt" kv).IsSome then "fmt" else "format"

            match str (join path fmtKey) (find fmtKey kv), str (join path "datefmt") (find "datefmt" kv) with
            | Error e, _
            | _, Error e -> Error e
            | Ok fmt, Ok datefmt ->
                match str (join path "style") (find "style" kv) with
                | Error e -> Error e
                | Ok style when not (isNull style) && style <> "%" && style <> "{" && style <> "$" ->
                    fail (join path "style") (sprintf "Style must be one of: %%,{,$ (got %s)" (PyValue.stringRepr style))
                | Ok style ->
                    match bool (join path "validate") true (find "validate" kv) with
                    | Error e -> Error e
                    | Ok validate ->
                        let defaults =
                            match find "defaults" kv with
                            | None
                            | Some ConfigValue.Null -> Ok None
                            | Some(ConfigValue.Map d) -> Ok(Some d)
                            | Some other -> fail (join path "defaults") (sprintf "expected a mapping, got %s" (describe other))

                        let cls =
                            match find "()" kv with
                            | Some _ -> str (join path "()") (find "()" kv)
                            | None -> str (join path "class") (find "class" kv)

                        match defaults, cls with
                        | Error e, _
                        | _, Error e -> Error e
                        | Ok defaults, Ok cls ->
                            Ok {
                                Format = fmt
                                DateFmt = datefmt
                                Style = (if isNull style then "%" else style)
                                Validate = validate
                                Defaults = defaults
                                Class =
                                    (if cls = "logging.Formatter" || cls = "FuncLog.Formatter" then
                                         null
                                     else
                                         cls)
                            }

    let private filter (path: string) (kv: (string * ConfigValue) list) : Result<FilterConfig, ConfigError> =
        match find "()" kv with
        | Some _ when (find "." kv).IsSome -> fail (join path ".") "FuncLog sets \".\" properties on handlers only"
        | Some f ->
            match str (join path "()") (Some f) with
            | Error e -> Error e
            | Ok factory ->
                Ok {
                    Name = null
                    Factory = factory
                    Args = kv |> List.filter (fun (k, _) -> k <> "()" && k <> ".")
                }
        | None ->
            match kv |> List.tryFind (fun (k, _) -> k <> "name") with
            | Some(k, _) -> fail (join path k) "unknown filter key (a filter has a name, or a \"()\" factory)"
            | None ->
                str (join path "name") (find "name" kv)
                |> Result.map (fun n -> {
                    Name = (if isNull n then "" else n)
                    Factory = null
                    Args = []
                })

    let private handler levels (path: string) (formatters: string list) (filters: string list) (kv: (string * ConfigValue) list) =
        let reserved = set [ "class"; "()"; "level"; "formatter"; "filters"; "." ]

        let cls =
            match find "()" kv, find "class" kv with
            | Some f, _ -> str (join path "()") (Some f)
            | None, Some c -> str (join path "class") (Some c)
            | None, None -> fail path "a handler needs a \"class\" (or a \"()\" factory)"

        match cls with
        | Error e -> Error e
        | Ok null -> fail (join path "class") "a handler needs a class name"
        | Ok cls ->
            let cls = defaultArg (HandlerClasses.resolve cls) cls

            let args = kv |> List.filter (fun (k, _) -> not (reserved.Contains k))

            match handlerArgs levels path cls args with
            | Error e -> Error e
            | Ok args ->
                match level levels (join path "level") (find "level" kv) with
                | Error e -> Error e
                | Ok lvl ->
                    match str (join path "formatter") (find "formatter" kv) with
                    | Error e -> Error e
                    | Ok f when not (isNull f) && not (List.contains f formatters) ->
                        fail
                            (join path "formatter")
                            (sprintf "Unable to set formatter %s: no formatter of that name" (PyValue.stringRepr f))
                    | Ok f ->
                        match names (join path "filters") (find "filters" kv) with
                        | Error e -> Error e
                        | Ok fs ->
                            match fs |> List.tryFindIndex (fun x -> not (List.contains x filters)) with
                            | Some i ->
                                fail
                                    (sprintf "%s[%d]" (join path "filters") i)
                                    (sprintf "Unable to add filter %s: no filter of that name" (PyValue.stringRepr fs.[i]))
                            | None ->
                                // the key "." itself would read as a separator: handlers.h["."]
                                match entries (path + "[\".\"]") (find "." kv) with
                                | Error e -> Error e
                                | Ok props ->
                                    Ok {
                                        Class = cls
                                        Args = args
                                        Level = lvl
                                        Formatter = Option.ofObj f
                                        Filters = fs
                                        Properties = props
                                    }

    let private logger levels (path: string) (handlers: string list) (filters: string list) (incremental: bool) (v: ConfigValue) =
        match entries path (Some v) with
        | Error e -> Error e
        | Ok kv ->
            match
                kv
                |> List.tryFind (fun (k, _) -> not (List.contains k [ "level"; "propagate"; "filters"; "handlers" ]))
            with
            | Some(k, _) -> fail (join path k) "unknown logger key (a logger has level, propagate, filters and handlers)"
            | None ->
                match level levels (join path "level") (find "level" kv) with
                | Error e -> Error e
                | Ok lvl ->
                    let propagate =
                        match find "propagate" kv with
                        | None
                        | Some ConfigValue.Null -> Ok None
                        | p -> bool (join path "propagate") true p |> Result.map Some

                    match propagate, names (join path "handlers") (find "handlers" kv), names (join path "filters") (find "filters" kv) with
                    | Error e, _, _
                    | _, Error e, _
                    | _, _, Error e -> Error e
                    | Ok propagate, Ok hs, Ok fs ->
                        match
                            hs
                            |> List.tryFindIndex (fun x -> not incremental && not (List.contains x handlers))
                        with
                        | Some i ->
                            fail
                                (sprintf "%s[%d]" (join path "handlers") i)
                                (sprintf "Unable to add handler %s: no handler of that name" (PyValue.stringRepr hs.[i]))
                        | None ->
                            match
                                fs
                                |> List.tryFindIndex (fun x -> not incremental && not (List.contains x filters))
                            with
                            | Some i ->
                                fail
                                    (sprintf "%s[%d]" (join path "filters") i)
                                    (sprintf "Unable to add filter %s: no filter of that name" (PyValue.stringRepr fs.[i]))
                            | None ->
                                Ok {
                                    Level = lvl
                                    Propagate = propagate
                                    Filters = fs
                                    Handlers = hs
                                }

    let private section
        levels
        path
        (kv: (string * ConfigValue) list)
        key
        (f: string -> (string * ConfigValue) list -> Result<'a, ConfigError>)
        =
        match entries (join path key) (find key kv) with
        | Error e -> Error e
        | Ok items ->
            items
            |> traverse (fun (name, v) ->
                let p = join key name

                match v with
                | ConfigValue.Map x -> f p x |> Result.map (fun r -> name, r)
                | ConfigValue.Null -> f p [] |> Result.map (fun r -> name, r)
                | other -> fail p (sprintf "expected a mapping, got %s" (describe other)))

    /// dictConfig's schema (version 1): the tree to a validated configuration, or the first error with its key path.
    let ofDictWith (limits: InputLimits) (levels: LevelNames) (tree: ConfigValue) : Result<LoggingConfig, ConfigError> =
        match resolveReferencesWith limits tree with
        | Error e -> Error e
        | Ok(ConfigValue.Map kv) ->
            match find "version" kv with
            | None -> fail "version" "dictionary doesn't specify a version"
            | Some(ConfigValue.Int 1L) ->
                // other top-level keys are allowed, as in CPython: they hold values for cfg:// references
                match
                    bool "incremental" false (find "incremental" kv),
                    bool "disable_existing_loggers" true (find "disable_existing_loggers" kv)
                with
                | Error e, _
                | _, Error e -> Error e
                | Ok incremental, Ok disable ->
                    match section levels "" kv "formatters" formatter with
                    | Error e -> Error e
                    | Ok formatters ->
                        match section levels "" kv "filters" filter with
                        | Error e -> Error e
                        | Ok filters ->
                            let fnames = List.map fst formatters
                            let filnames = List.map fst filters

                            let handlers =
                                if incremental then
                                    // incremental: only levels of existing handlers change
                                    entries "handlers" (find "handlers" kv)
                                    |> Result.bind (
                                        traverse (fun (name, v) ->
                                            match entries (join "handlers" name) (Some v) with
                                            | Error e -> Error e
                                            | Ok hk ->
                                                level levels (join (join "handlers" name) "level") (find "level" hk)
                                                |> Result.map (fun l ->
                                                    name,
                                                    {
                                                        Class = null
                                                        Args = []
                                                        Level = l
                                                        Formatter = None
                                                        Filters = []
                                                        Properties = []
                                                    }))
                                    )
                                else
                                    section levels "" kv "handlers" (fun p x -> handler levels p fnames filnames x)

                            match handlers with
                            | Error e -> Error e
                            | Ok handlers ->
                                let hnames = List.map fst handlers

                                // handlers that name other handlers: the names must exist and form no loop
                                let refsOf n =
                                    handlers
                                    |> List.tryFind (fst >> (=) n)
                                    |> Option.map (fun (_, h) -> HandlerClasses.references h.Args)
                                    |> Option.defaultValue []

                                let rec loops (seen: string list) (n: string) =
                                    if List.contains n seen then
                                        Some(List.rev (n :: seen))
                                    else
                                        refsOf n |> List.tryPick (loops (n :: seen))

                                let badRef =
                                    handlers
                                    |> List.tryPick (fun (n, h) ->
                                        let key = if h.Class = "MemoryHandler" then "target" else "handlers"

                                        match
                                            HandlerClasses.references h.Args
                                            |> List.tryFind (fun r -> not (List.contains r hnames))
                                        with
                                        | Some r ->
                                            Some(
                                                join (join "handlers" n) key,
                                                sprintf "Unable to set target handler %s: no handler of that name" (PyValue.stringRepr r)
                                            )
                                        | None ->
                                            match loops [] n with
                                            | Some cycle ->
                                                Some(
                                                    join (join "handlers" n) key,
                                                    sprintf "handlers refer to each other in a loop: %s" (String.Join(" -> ", cycle))
                                                )
                                            | None -> None)

                                match badRef with
                                | Some(where, msg) -> fail where msg
                                | None ->

                                    // MemoryHandler-style targets must name a configured handler
                                    match entries "loggers" (find "loggers" kv) with
                                    | Error e -> Error e
                                    | Ok ls ->
                                        match
                                            ls
                                            |> traverse (fun (name, v) ->
                                                logger levels (join "loggers" name) hnames filnames incremental v
                                                |> Result.map (fun l -> name, l))
                                        with
                                        | Error e -> Error e
                                        | Ok loggers ->
                                            let root =
                                                match find "root" kv with
                                                | None
                                                | Some ConfigValue.Null -> Ok None
                                                | Some r -> logger levels "root" hnames filnames incremental r |> Result.map Some

                                            match root with
                                            | Error e -> Error e
                                            | Ok root ->
                                                Ok {
                                                    Incremental = incremental
                                                    DisableExistingLoggers = disable
                                                    Formatters = formatters
                                                    Filters = filters
                                                    Handlers = handlers
                                                    Loggers = loggers
                                                    Root = root
                                                }
            | Some v -> fail "version" (sprintf "Unsupported version: %s" (string v))
        | Ok other -> fail "" (sprintf "a configuration is a mapping, got %s" (describe other))

    /// ofDictWith the default limits.
    let ofDict (levels: LevelNames) (tree: ConfigValue) = ofDictWith InputLimits.Default levels tree

    let private iniNames (ini: IniFile) (section: string) : Result<string list, ConfigError> =
        match Ini.tryRaw ini section "keys" with
        | None ->
            if ini.Sections.ContainsKey section then
                fail (sprintf "[%s]" section) "no keys="
            else
                fail (sprintf "[%s]" section) "section missing"
        | Some(v, _) ->
            Ok(
                if v.Trim() = "" then
                    []
                else
                    v.Split ',' |> Array.map (fun s -> s.Trim()) |> List.ofArray
            )

    /// fileConfig's INI format: sections [loggers] [handlers] [formatters], [logger_x], [handler_x],
    /// [formatter_x]; args=/kwargs= as safe Python literals. Errors name the section and line.
    let ofIniWith (limits: InputLimits) (levels: LevelNames) (disableExisting: bool) (ini: IniFile) : Result<LoggingConfig, ConfigError> =
        let at (sec: string) (line: int) = sprintf "[%s] line %d" sec line

        let value (sec: string) (key: string) : Result<(string * int) option, ConfigError> =
            match Ini.tryRaw ini sec key with
            | None -> Ok None
            | Some(v, line) -> Ini.interpolate ini sec v line |> Result.map (fun s -> Some(s, line))

        let section (name: string) =
            if ini.Sections.ContainsKey name then
                Ok()
            else
                fail (sprintf "[%s]" name) "section missing"

        let resolveName (n: string) =
            match n with
            | "sys.stdout"
            | "sys.stderr" -> Some(ConfigValue.Ref n)
            | _ ->
                match levels.TryNumberOf n with
                | Some l -> Some(ConfigValue.Int(int64 l))
                | None ->
                    if n.StartsWith "logging." then
                        levels.TryNumberOf(n.Substring 8) |> Option.map (int64 >> ConfigValue.Int)
                    else
                        None

        let formatters =
            iniNames ini "formatters"
            |> Result.bind (
                traverse (fun f ->
                    let sec = "formatter_" + f

                    match section sec with
                    | Error e -> Error e
                    | Ok() ->
                        let raw k = Ini.tryRaw ini sec k |> Option.map fst

                        let defaults =
                            match Ini.tryRaw ini sec "defaults" with
                            | None -> Ok None
                            | Some(d, line) ->
                                match ConfigText.pyLiteralWith limits resolveName d with
                                | Ok(ConfigValue.Map m) -> Ok(Some m)
                                | Ok other -> fail (at sec line) (sprintf "defaults: expected a dict, got %s" (string other))
                                | Error(col, msg) -> fail (at sec line) (sprintf "defaults, column %d: %s" (col + 1) msg)

                        match defaults with
                        | Error e -> Error e
                        | Ok defaults ->
                            let style = defaultArg (raw "style") "%"

                            if style <> "%" && style <> "{" && style <> "$" then
                                fail
                                    (at sec (snd (Ini.tryRaw ini sec "style").Value))
                                    (sprintf "Style must be one of: %%,{,$ (got %s)" (PyValue.stringRepr style))
                            else
                                Ok(
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
                                    }
                                ))
            )

        match formatters with
        | Error e -> Error e
        | Ok formatters ->
            let handlers =
                iniNames ini "handlers"
                |> Result.bind (
                    traverse (fun h ->
                        let sec = "handler_" + h

                        match section sec with
                        | Error e -> Error e
                        | Ok() ->
                            match value sec "class" with
                            | Error e -> Error e
                            | Ok None -> fail (sprintf "[%s]" sec) "no class="
                            | Ok(Some(cls, cline)) ->
                                let cls = defaultArg (HandlerClasses.resolve cls) cls

                                let literal key dflt =
                                    match value sec key with
                                    | Error e -> Error e
                                    | Ok None -> Ok dflt
                                    | Ok(Some(text, line)) ->
                                        match ConfigText.pyLiteralWith limits resolveName text with
                                        | Ok v -> Ok v
                                        | Error(col, msg) -> fail (at sec line) (sprintf "%s, column %d: %s" key (col + 1) msg)

                                match literal "args" (ConfigValue.Tuple []), literal "kwargs" (ConfigValue.Map []) with
                                | Error e, _
                                | _, Error e -> Error e
                                | Ok args, Ok kwargs ->
                                    let positional =
                                        match args with
                                        | ConfigValue.Tuple xs
                                        | ConfigValue.List xs -> Ok xs
                                        | other ->
                                            fail
                                                (at sec (snd (Ini.tryRaw ini sec "args").Value))
                                                (sprintf "args: expected a tuple, got %s" (string other))

                                    let named =
                                        match kwargs with
                                        | ConfigValue.Map kv -> Ok kv
                                        | other ->
                                            fail
                                                (at sec (snd (Ini.tryRaw ini sec "kwargs").Value))
                                                (sprintf "kwargs: expected a dict, got %s" (string other))

                                    match positional, named with
                                    | Error e, _
                                    | _, Error e -> Error e
                                    | Ok positional, Ok named ->
                                        let paramNames =
                                            match HandlerClasses.known.TryFind cls with
                                            | Some(_, ps) -> List.map fst ps
                                            | None -> []

                                        if positional.Length > paramNames.Length && HandlerClasses.known.ContainsKey cls then
                                            fail
                                                (at sec (snd (Ini.tryRaw ini sec "args").Value))
                                                (sprintf
                                                    "%s() takes at most %d arguments (%d given)"
                                                    cls
                                                    paramNames.Length
                                                    positional.Length)
                                        elif not (HandlerClasses.known.ContainsKey cls) && not positional.IsEmpty then
                                            fail
                                                (at sec cline)
                                                (sprintf "%s: positional args= need a class FuncLog knows; use kwargs=" cls)
                                        else
                                            let args = (List.zip (List.take positional.Length paramNames) positional) @ named

                                            let lineOf key =
                                                let fromArgs = List.take positional.Length paramNames |> List.contains key

                                                match Ini.tryRaw ini sec (if fromArgs then "args" else "kwargs") with
                                                | Some(_, l) when key <> "" -> l
                                                | _ -> cline

                                            match handlerArgs levels "" cls args with
                                            | Error e ->
                                                Error {
                                                    Where = at sec (lineOf e.Where)
                                                    Message =
                                                        (if e.Where = "" then
                                                             e.Message
                                                         else
                                                             e.Where + ": " + e.Message)
                                                }
                                            | Ok args ->
                                                let lvl =
                                                    match value sec "level" with
                                                    | Error e -> Error e
                                                    | Ok None -> Ok None
                                                    | Ok(Some(l, line)) -> level levels (at sec line) (Some(ConfigValue.Str l))

                                                match lvl, value sec "formatter" with
                                                | Error e, _
                                                | _, Error e -> Error e
                                                | Ok lvl, Ok fmt ->
                                                    match fmt with
                                                    | Some(f, line) when f <> "" && not (List.exists (fst >> (=) f) formatters) ->
                                                        fail
                                                            (at sec line)
                                                            (sprintf "formatter %s is not in [formatters] keys" (PyValue.stringRepr f))
                                                    | _ ->
                                                        Ok(
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
                                                        ))
                )

            match handlers with
            | Error e -> Error e
            | Ok handlers ->
                let hnames = List.map fst handlers

                let loggerOf (sec: string) =
                    let lvl =
                        match value sec "level" with
                        | Error e -> Error e
                        | Ok None -> Ok None
                        | Ok(Some(l, line)) -> level levels (at sec line) (Some(ConfigValue.Str l))

                    let hs =
                        match value sec "handlers" with
                        | Error e -> Error e
                        | Ok None -> fail (sprintf "[%s]" sec) "no handlers= (write handlers= for none)"
                        | Ok(Some(v, line)) ->
                            let hs =
                                if v.Trim() = "" then
                                    []
                                else
                                    v.Split ',' |> Array.map (fun s -> s.Trim()) |> List.ofArray

                            match hs |> List.tryFind (fun x -> not (List.contains x hnames)) with
                            | Some x -> fail (at sec line) (sprintf "handler %s is not in [handlers] keys" (PyValue.stringRepr x))
                            | None -> Ok hs

                    let propagate =
                        match value sec "propagate" with
                        | Error e -> Error e
                        | Ok None -> Ok(Some true)
                        | Ok(Some(p, line)) ->
                            match Int32.TryParse p with
                            | true, n -> Ok(Some(n <> 0))
                            | _ ->
                                fail (at sec line) (sprintf "propagate: invalid literal for int() with base 10: %s" (PyValue.stringRepr p))

                    match lvl, hs, propagate with
                    | Error e, _, _
                    | _, Error e, _
                    | _, _, Error e -> Error e
                    | Ok lvl, Ok hs, Ok propagate ->
                        Ok {
                            Level = lvl
                            Propagate = propagate
                            Filters = []
                            Handlers = hs
                        }

                match iniNames ini "loggers" with
                | Error e -> Error e
                | Ok ls when not (List.contains "root" ls) -> fail "[loggers]" "keys= must include root"
                | Ok ls ->
                    match section "logger_root" |> Result.bind (fun () -> loggerOf "logger_root") with
                    | Error e -> Error e
                    | Ok root ->
                        ls
                        |> List.filter ((<>) "root")
                        |> traverse (fun l ->
                            let sec = "logger_" + l

                            match section sec with
                            | Error e -> Error e
                            | Ok() ->
                                match value sec "qualname" with
                                | Error e -> Error e
                                | Ok None -> fail (sprintf "[%s]" sec) "no qualname="
                                | Ok(Some(q, _)) -> loggerOf sec |> Result.map (fun c -> q, c))
                        |> Result.map (fun loggers -> {
                            Incremental = false
                            DisableExistingLoggers = disableExisting
                            Formatters = formatters
                            Filters = []
                            Handlers = handlers
                            Loggers = loggers
                            Root = Some { root with Propagate = None }
                        })

    /// ofIniWith the default limits.
    let ofIni (levels: LevelNames) (disableExisting: bool) (ini: IniFile) =
        ofIniWith InputLimits.Default levels disableExisting ini

    /// The configuration back as a dictConfig tree (Python's class names for FuncLog's handlers): what
    /// `ofDict` reads back to the same value.
    let toDict (c: LoggingConfig) : ConfigValue =
        let opt k v =
            v |> Option.map (fun x -> k, x) |> Option.toList

        let strs (xs: string list) =
            ConfigValue.List(xs |> List.map ConfigValue.Str)

        let pyClass (cls: string) =
            match cls with
            | "StreamHandler"
            | "FileHandler"
            | "NullHandler" -> "logging." + cls
            | c when HandlerClasses.known.ContainsKey c -> "logging.handlers." + c
            | c -> c

        let arg (v: ConfigValue) =
            match v with
            | ConfigValue.Ref r -> ConfigValue.Str("ext://" + r)
            | v -> v

        let logger (l: LoggerConfig) =
            ConfigValue.Map(
                opt "level" (l.Level |> Option.map (int64 >> ConfigValue.Int))
                @ opt "propagate" (l.Propagate |> Option.map ConfigValue.Bool)
                @ (if l.Filters.IsEmpty then
                       []
                   else
                       [ "filters", strs l.Filters ])
                @ (if l.Handlers.IsEmpty then
                       []
                   else
                       [ "handlers", strs l.Handlers ])
            )

        ConfigValue.Map(
            [
                "version", ConfigValue.Int 1L
                if c.Incremental then
                    "incremental", ConfigValue.Bool true
                if not c.DisableExistingLoggers then
                    "disable_existing_loggers", ConfigValue.Bool false
                "formatters",
                ConfigValue.Map [
                    for n, f in c.Formatters ->
                        n,
                        ConfigValue.Map(
                            opt "format" (Option.ofObj f.Format |> Option.map ConfigValue.Str)
                            @ opt "datefmt" (Option.ofObj f.DateFmt |> Option.map ConfigValue.Str)
                            @ (if f.Style <> "%" then
                                   [ "style", ConfigValue.Str f.Style ]
                               else
                                   [])
                            @ (if not f.Validate then
                                   [ "validate", ConfigValue.Bool false ]
                               else
                                   [])
                            @ opt "defaults" (f.Defaults |> Option.map ConfigValue.Map)
                            @ opt "class" (Option.ofObj f.Class |> Option.map ConfigValue.Str)
                        )
                ]
                "filters",
                ConfigValue.Map [
                    for n, f in c.Filters ->
                        n,
                        if isNull f.Factory then
                            ConfigValue.Map [ "name", ConfigValue.Str f.Name ]
                        else
                            ConfigValue.Map(("()", ConfigValue.Str f.Factory) :: f.Args)
                ]
                "handlers",
                ConfigValue.Map [
                    for n, h in c.Handlers ->
                        n,
                        ConfigValue.Map(
                            [ "class", ConfigValue.Str(pyClass h.Class) ]
                            @ opt "level" (h.Level |> Option.map (int64 >> ConfigValue.Int))
                            @ opt "formatter" (h.Formatter |> Option.map ConfigValue.Str)
                            @ (if h.Filters.IsEmpty then
                                   []
                               else
                                   [ "filters", strs h.Filters ])
                            @ (h.Args |> List.map (fun (k, v) -> k, arg v))
                            @ (if h.Properties.IsEmpty then
                                   []
                               else
                                   [ ".", ConfigValue.Map h.Properties ])
                        )
                ]
                "loggers", ConfigValue.Map [ for n, l in c.Loggers -> n, logger l ]
                match c.Root with
                | Some r -> "root", logger r
                | None -> ()
            ]
        )
