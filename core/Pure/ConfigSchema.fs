namespace FuncLog

open System

/// A formatter in a configuration.
type internal FormatterConfig = {
    Format: string
    DateFmt: string
    Style: string
    Validate: bool
    Defaults: (string * PyData) list option
    /// A .NET formatter type ("class" or "()"), or null for FuncLog's Formatter.
    Class: string
    /// A "()" factory's keyword arguments (every key but "()" and "."), as CPython passes them.
    Args: (string * PyData) list
}

/// A filter in a configuration: Python's Filter(name), or a user type ("()") with keyword arguments.
type internal FilterConfig = {
    Name: string
    Factory: string
    Args: (string * PyData) list
}

/// A handler in a configuration: its class (FuncLog's name for a known Python class, or a .NET type name),
/// keyword arguments checked against the class, level, formatter, filters and "." properties.
type internal HandlerConfig = {
    Class: string
    Args: (string * PyData) list
    Level: int option
    Formatter: string option
    Filters: string list
    Properties: (string * PyData) list
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


/// A handler class a configuration may name: its name, the Python module it lives in ("logging" or
/// "logging.handlers"), and its parameters in Python's order with the required ones. The shell's handler
/// catalogue declares one per handler; the pure readers check a configuration against the schemas they are
/// given.
type internal HandlerSchema = {
    Name: string
    Module: string
    Required: string list
    Params: (string * ParamKind) list
}

/// Handler classes as configurations name them, given the catalogue's schemas.
[<RequireQualifiedAccess>]
module internal HandlerClasses =
    /// The other handlers a handler's arguments name (MemoryHandler's target, QueueHandler's handlers).
    let references (args: (string * PyData) list) : string list =
        args
        |> List.collect (fun (k, v) ->
            match k, v with
            | "target", PyData.Str t -> [ t ]
            | "handlers", PyData.List xs ->
                xs
                |> List.choose (function
                    | PyData.Str s -> Some s
                    | _ -> None)
            | _ -> [])

    /// The catalogue's name for a class name as Python configurations write it ("logging.StreamHandler",
    /// "logging.handlers.RotatingFileHandler", fileConfig's "StreamHandler" and "handlers.X"), or for
    /// "FuncLog.X"; None for other names (user types).
    let resolve (schemas: Map<string, HandlerSchema>) (name: string) : string option =
        let n = if isNull name then "" else name.Trim()

        let short, prefix =
            match n.LastIndexOf '.' with
            | -1 -> n, ""
            | i -> n.Substring(i + 1), n.Substring(0, i)

        match schemas.TryFind short with
        | None -> None
        | Some s ->
            let inLogging = s.Module = "logging"

            match prefix with
            | ""
            | "logging" when inLogging -> Some short
            | "logging.handlers"
            | "handlers" when not inLogging -> Some short
            | "FuncLog" -> Some short
            | _ -> None

/// The checks dictConfig and fileConfig share: values of the expected kind, level names, handler arguments
/// against their schema; every error names its place.
module internal ConfigCheck =
    let fail where msg = Error { Where = where; Message = msg }

    let join (path: string) (key: string) =
        if path = "" then key else path + "." + key

    /// Python's encoding error handlers a file handler accepts (open()'s errors=).
    let private errorHandlers =
        set [ "strict"; "ignore"; "replace"; "backslashreplace"; "xmlcharrefreplace"; "namereplace" ]

    let describe (v: PyData) =
        match v with
        | PyData.Str s -> "\"" + s + "\""
        | PyData.None -> "null"
        | v -> string v

    let entries (path: string) (v: PyData option) : Result<(string * PyData) list, ConfigError> =
        match v with
        | None
        | Some PyData.None -> Ok []
        | Some(Fields kv) -> Ok kv
        | Some other -> fail path (sprintf "expected a mapping, got %s" (describe other))

    let find (key: string) (kv: (string * PyData) list) =
        kv |> List.tryFind (fst >> (=) key) |> Option.map snd

    let str (path: string) (v: PyData option) : Result<string, ConfigError> =
        match v with
        | None
        | Some PyData.None -> Ok null
        | Some(PyData.Str s) -> Ok s
        | Some other -> fail path (sprintf "expected a string, got %s" (describe other))

    let bool (path: string) (dflt: bool) (v: PyData option) : Result<bool, ConfigError> =
        match v with
        | None
        | Some PyData.None -> Ok dflt
        | Some(PyData.Bool b) -> Ok b
        | Some(SmallInt 0L) -> Ok false
        | Some(SmallInt 1L) -> Ok true
        | Some other -> fail path (sprintf "expected true or false, got %s" (describe other))

    let names (path: string) (v: PyData option) : Result<string list, ConfigError> =
        match v with
        | None
        | Some PyData.None -> Ok []
        | Some(PyData.List xs)
        | Some(PyData.Tuple xs) ->
            xs
            |> List.mapi (fun i x -> i, x)
            |> traverse (fun (i, x) ->
                match x with
                | PyData.Str s -> Ok s
                | other -> fail (sprintf "%s[%d]" path i) (sprintf "expected a name, got %s" (describe other)))
        | Some other -> fail path (sprintf "expected a list of names, got %s" (describe other))

    /// Python's _checkLevel: an int, or a registered name.
    let level (levels: LevelNames) (path: string) (v: PyData option) : Result<int option, ConfigError> =
        match v with
        | None
        | Some PyData.None -> Ok None
        | Some(SmallInt i) when i >= int64 Int32.MinValue && i <= int64 Int32.MaxValue -> Ok(Some(int i))
        | Some(PyData.Str s) ->
            match Level.parse levels s with
            | Ok n -> Ok(Some n)
            | Error e -> fail path e
        | Some other -> fail path (sprintf "Level not an integer or a valid string: %s" (string other))

    /// Checks one keyword argument of a known handler class.
    let checkArg (levels: LevelNames) (path: string) (kind: ParamKind) (v: PyData) : Result<PyData, ConfigError> =
        // Long by design: one arm per parameter kind and the values it accepts, a table kept in one place.
        match kind, v with
        | _, PyData.None -> Ok v
        | ParamKind.Str, PyData.Str _ -> Ok v
        | ParamKind.Str, other -> fail path (sprintf "expected a string, got %s" (describe other))
        | ParamKind.Int, SmallInt _ -> Ok v
        | ParamKind.Int, other -> fail path (sprintf "expected an integer, got %s" (describe other))
        | ParamKind.Bool, PyData.Bool _ -> Ok v
        | ParamKind.Bool, SmallInt(0L | 1L) -> Ok v
        | ParamKind.Bool, other -> fail path (sprintf "expected true or false, got %s" (describe other))
        | ParamKind.Stream, PyData.Ref _ -> Ok v
        | ParamKind.Stream, other -> fail path (sprintf "expected a stream (ext://sys.stdout or ext://sys.stderr), got %s" (describe other))
        | ParamKind.Time, PyData.Str s ->
            match TimeOnly.TryParse(s, Globalization.CultureInfo.InvariantCulture) with
            | true, _ -> Ok v
            | _ -> fail path (sprintf "expected a time of day (\"HH:MM:SS\"), got %s" (describe v))
        | ParamKind.Time, other -> fail path (sprintf "expected a time of day (\"HH:MM:SS\"), got %s" (describe other))
        | ParamKind.Level, _ -> level levels path (Some v) |> Result.map (fun _ -> v)
        | ParamKind.Handler, PyData.Str _ -> Ok v
        | ParamKind.Handler, other -> fail path (sprintf "expected a handler name, got %s" (describe other))
        | ParamKind.Handlers, PyData.List xs when
            xs
            |> List.forall (function
                | PyData.Str _ -> true
                | _ -> false)
            ->
            Ok v
        | ParamKind.Handlers, other -> fail path (sprintf "expected a list of handler names, got %s" (describe other))
        | ParamKind.Listener, PyData.Str _ -> Ok v
        | ParamKind.Listener, Fields kv when kv |> List.exists (fun (k, _) -> k = "()") ->
            match kv |> List.tryFind (fun (k, _) -> k <> "()") with
            | Some(k, _) -> fail (path + "." + k) "FuncLog's QueueListener takes no keyword arguments here"
            | None ->
                match kv |> List.find (fun (k, _) -> k = "()") |> snd with
                | PyData.Str _ -> Ok v
                | other -> fail (path + ".()") (sprintf "expected a class name, got %s" (describe other))
        | ParamKind.Listener, other ->
            fail path (sprintf "expected a listener class name (\"logging.handlers.QueueListener\") or a mapping with \"()\", got %s" (describe other))
        | ParamKind.Queue, Fields kv ->
            let known = set [ "()"; "maxsize"; "when_full"; "block_timeout" ]

            match kv |> List.tryFind (fun (k, _) -> not (known.Contains k)) with
            | Some(k, _) -> fail (path + "." + k) "a queue takes maxsize, when_full (\"block\" or \"drop\") and block_timeout (seconds)"
            | None ->
                match
                    List.tryFind (fst >> (=) "()") kv, List.tryFind (fst >> (=) "maxsize") kv, List.tryFind (fst >> (=) "when_full") kv
                with
                | Some(_, PyData.Str f), _, _ when f <> "queue.Queue" && f <> "FuncLog.LogQueue" ->
                    fail (path + ".()") (sprintf "FuncLog's queues are queue.Queue (FuncLog.LogQueue), not %s" (PyValue.stringRepr f))
                | _, Some(_, m), _ when
                    (match m with
                     | SmallInt _ -> false
                     | _ -> true)
                    ->
                    fail (path + ".maxsize") (sprintf "expected an integer, got %s" (describe m))
                | _, _, Some(_, w) when w <> PyData.Str "block" && w <> PyData.Str "drop" ->
                    fail (path + ".when_full") (sprintf "expected \"block\" or \"drop\", got %s" (describe w))
                | _ -> Ok v
        | ParamKind.Address, PyData.Str _ -> Ok v
        | ParamKind.Address,
          (PyData.List [ PyData.Str _; SmallInt _ ] | PyData.Tuple [ PyData.Str _; SmallInt _ ]) -> Ok v
        | ParamKind.Address, other -> fail path (sprintf "expected [host, port] or a socket path, got %s" (describe other))
        | ParamKind.Credentials,
          (PyData.List [ PyData.Str _; PyData.Str _ ] | PyData.Tuple [ PyData.Str _; PyData.Str _ ]) -> Ok v
        | ParamKind.Credentials, other -> fail path (sprintf "expected [username, password], got %s" (describe other))
        | ParamKind.Strings, PyData.Str _ -> Ok v
        | ParamKind.Strings, (PyData.List xs | PyData.Tuple xs) when
            xs
            |> List.forall (function
                | PyData.Str _ -> true
                | _ -> false)
            ->
            Ok v
        | ParamKind.Strings, other -> fail path (sprintf "expected a string or a list of strings, got %s" (describe other))
        | ParamKind.Number, (SmallInt _ | PyData.Float _) -> Ok v
        | ParamKind.Number, other -> fail path (sprintf "expected a number, got %s" (describe other))
        | ParamKind.Facility, SmallInt f when f >= 0L && f < 24L -> Ok v
        | ParamKind.Facility, PyData.Str f when Syslog.facilityNames.ContainsKey f -> Ok v
        | ParamKind.Facility, other ->
            fail path (sprintf "expected a syslog facility (0-23 or a name such as \"local0\"), got %s" (describe other))
        | ParamKind.SockType, SmallInt(1L | 2L) -> Ok v
        | ParamKind.SockType, other ->
            fail path (sprintf "expected ext://socket.SOCK_STREAM or ext://socket.SOCK_DGRAM, got %s" (describe other))
        | ParamKind.Secure, (PyData.List [] | PyData.Tuple []) -> Ok v
        | ParamKind.Secure, other ->
            fail path (sprintf "FuncLog takes secure=() (STARTTLS with the system's trust), got %s" (describe other))
        | ParamKind.Queue, other -> fail path (sprintf "expected a queue mapping ({\"maxsize\": 1000}), got %s" (describe other))

    let isIdentifier (s: string) =
        Text.RegularExpressions.Regex.IsMatch(s, "^[a-zA-Z_][a-zA-Z0-9_]*$")

    /// Keyword arguments (all keys but the reserved ones) for a class: checked when FuncLog knows the class.
    let handlerArgs (schemas: Map<string, HandlerSchema>) levels (path: string) (cls: string) (args: (string * PyData) list) =
        match schemas.TryFind cls |> Option.map (fun s -> s.Required, s.Params) with
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
                            | "errors", PyData.Str e when not (errorHandlers.Contains e) ->
                                fail (join path k) (sprintf "unknown error handler name %s" (PyValue.stringRepr e))
                            | _ -> Ok(k, v)
                        | Error e -> Error e)
