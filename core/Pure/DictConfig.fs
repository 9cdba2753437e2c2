namespace FuncLog

open System

/// dictConfig's schema (version 1) as a pure function: a tree to a validated LoggingConfig, or the first error
/// with its key path. Handler classes are checked against the schemas given (the shell's catalogue).
[<RequireQualifiedAccess>]
module internal DictConfig =
    open ConfigCheck

    /// A formatter: FuncLog's Formatter (format/fmt, datefmt, style, validate, defaults), a .NET type named by
    /// "class" with the same keys, or a "()" factory, which gets every other key as a keyword argument.
    let private formatter (path: string) (kv: (string * PyData) list) : Result<FormatterConfig, ConfigError> =
        let factory = find "()" kv
        let known = set [ "format"; "datefmt"; "style"; "validate"; "defaults"; "class"; "fmt" ]

        result {
            do!
                match factory, kv |> List.tryFind (fun (k, _) -> not (known.Contains k)) with
                | None, Some(k, _) -> fail (join path k) "unknown formatter key"
                | _ -> Ok()

            let fmtKey = if (find "fmt" kv).IsSome then "fmt" else "format"
            let! fmt = str (join path fmtKey) (find fmtKey kv)
            let! datefmt = str (join path "datefmt") (find "datefmt" kv)
            let! style = str (join path "style") (find "style" kv)

            do!
                if not (isNull style) && style <> "%" && style <> "{" && style <> "$" then
                    fail (join path "style") (sprintf "Style must be one of: %%,{,$ (got %s)" (PyValue.stringRepr style))
                else
                    Ok()

            let! validate = bool (join path "validate") true (find "validate" kv)

            let! defaults =
                match find "defaults" kv with
                | None
                | Some PyData.None -> Ok None
                | Some(Fields d) -> Ok(Some d)
                | Some other -> fail (join path "defaults") (sprintf "expected a mapping, got %s" (describe other))

            let! cls =
                match factory with
                | Some f -> str (join path "()") (Some f)
                | None -> str (join path "class") (find "class" kv)

            return {
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
                Args =
                    match factory with
                    | Some _ -> kv |> List.filter (fun (k, _) -> k <> "()" && k <> ".")
                    | None -> []
            }
        }

    /// A filter: Python's Filter(name), or a "()" factory with every other key as a keyword argument.
    let private filter (path: string) (kv: (string * PyData) list) : Result<FilterConfig, ConfigError> =
        match find "()" kv with
        | Some _ when (find "." kv).IsSome -> fail (join path ".") "FuncLog sets \".\" properties on handlers only"
        | Some f ->
            str (join path "()") (Some f)
            |> Result.map (fun factory -> {
                Name = null
                Factory = factory
                Args = kv |> List.filter (fun (k, _) -> k <> "()" && k <> ".")
            })
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

    /// The index of the first name not among the known ones, as a place and a message.
    let private unknownName (path: string) (what: string) (known: string list) (given: string list) =
        match given |> List.tryFindIndex (fun x -> not (List.contains x known)) with
        | Some i ->
            fail
                (sprintf "%s[%d]" path i)
                (sprintf "Unable to add %s %s: no %s of that name" what (PyValue.stringRepr given.[i]) what)
        | None -> Ok()

    let private handler schemas levels (path: string) (formatters: string list) (filters: string list) (kv: (string * PyData) list) =
        let reserved = set [ "class"; "()"; "level"; "formatter"; "filters"; "." ]

        result {
            let! cls =
                match find "()" kv, find "class" kv with
                | Some f, _ -> str (join path "()") (Some f)
                | None, Some c -> str (join path "class") (Some c)
                | None, None -> fail path "a handler needs a \"class\" (or a \"()\" factory)"

            do! if isNull cls then fail (join path "class") "a handler needs a class name" else Ok()
            let cls = defaultArg (HandlerClasses.resolve schemas cls) cls
            let! args = handlerArgs schemas levels path cls (kv |> List.filter (fun (k, _) -> not (reserved.Contains k)))
            let! lvl = level levels (join path "level") (find "level" kv)
            let! f = str (join path "formatter") (find "formatter" kv)

            do!
                if not (isNull f) && not (List.contains f formatters) then
                    fail (join path "formatter") (sprintf "Unable to set formatter %s: no formatter of that name" (PyValue.stringRepr f))
                else
                    Ok()

            let! fs = names (join path "filters") (find "filters" kv)
            do! unknownName (join path "filters") "filter" filters fs
            // the key "." itself would read as a separator: handlers.h["."]
            let! props = entries (path + "[\".\"]") (find "." kv)

            return {
                Class = cls
                Args = args
                Level = lvl
                Formatter = Option.ofObj f
                Filters = fs
                Properties = props
            }
        }

    let private logger levels (path: string) (handlers: string list) (filters: string list) (incremental: bool) (v: PyData) =
        result {
            let! kv = entries path (Some v)

            do!
                match kv |> List.tryFind (fun (k, _) -> not (List.contains k [ "level"; "propagate"; "filters"; "handlers" ])) with
                | Some(k, _) -> fail (join path k) "unknown logger key (a logger has level, propagate, filters and handlers)"
                | None -> Ok()

            let! lvl = level levels (join path "level") (find "level" kv)

            let! propagate =
                match find "propagate" kv with
                | None
                | Some PyData.None -> Ok None
                | p -> bool (join path "propagate") true p |> Result.map Some

            let! hs = names (join path "handlers") (find "handlers" kv)
            let! fs = names (join path "filters") (find "filters" kv)

            if not incremental then
                do! unknownName (join path "handlers") "handler" handlers hs
                do! unknownName (join path "filters") "filter" filters fs

            return {
                Level = lvl
                Propagate = propagate
                Filters = fs
                Handlers = hs
            }
        }

    let private section path (kv: (string * PyData) list) key (f: string -> (string * PyData) list -> Result<'a, ConfigError>) =
        entries (join path key) (find key kv)
        |> Result.bind (
            traverse (fun (name, v) ->
                let p = join key name

                match v with
                | Fields x -> f p x |> Result.map (fun r -> name, r)
                | PyData.None -> f p [] |> Result.map (fun r -> name, r)
                | other -> fail p (sprintf "expected a mapping, got %s" (describe other)))
        )

    /// Incremental: only the levels of existing handlers change.
    let private levelsOnly levels (kv: (string * PyData) list) =
        entries "handlers" (find "handlers" kv)
        |> Result.bind (
            traverse (fun (name, v) ->
                entries (join "handlers" name) (Some v)
                |> Result.bind (fun hk -> level levels (join (join "handlers" name) "level") (find "level" hk))
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

    /// Handlers that name other handlers (MemoryHandler's target, QueueHandler's handlers): the names must
    /// exist and form no loop.
    let private checkReferences (handlers: (string * HandlerConfig) list) =
        let hnames = List.map fst handlers

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

        handlers
        |> List.tryPick (fun (n, h) ->
            let key = join (join "handlers" n) (if h.Class = "MemoryHandler" then "target" else "handlers")

            match HandlerClasses.references h.Args |> List.tryFind (fun r -> not (List.contains r hnames)) with
            | Some r -> Some(key, sprintf "Unable to set target handler %s: no handler of that name" (PyValue.stringRepr r))
            | None ->
                loops [] n
                |> Option.map (fun cycle -> key, sprintf "handlers refer to each other in a loop: %s" (String.Join(" -> ", cycle))))
        |> function
            | Some(where, msg) -> fail where msg
            | None -> Ok()

    /// The tree (cfg:// and ext:// resolved) to a validated configuration.
    let private ofResolved schemas (levels: LevelNames) (kv: (string * PyData) list) =
        result {
            let! incremental = bool "incremental" false (find "incremental" kv)
            let! disable = bool "disable_existing_loggers" true (find "disable_existing_loggers" kv)
            let! formatters = section "" kv "formatters" formatter
            let! filters = section "" kv "filters" filter
            let fnames = List.map fst formatters
            let filnames = List.map fst filters

            let! handlers =
                if incremental then
                    levelsOnly levels kv
                else
                    section "" kv "handlers" (fun p x -> handler schemas levels p fnames filnames x)

            do! checkReferences handlers
            let hnames = List.map fst handlers
            let! ls = entries "loggers" (find "loggers" kv)

            let! loggers =
                ls
                |> traverse (fun (name, v) ->
                    logger levels (join "loggers" name) hnames filnames incremental v
                    |> Result.map (fun l -> name, l))

            let! root =
                match find "root" kv with
                | None
                | Some PyData.None -> Ok None
                | Some r -> logger levels "root" hnames filnames incremental r |> Result.map Some

            return {
                Incremental = incremental
                DisableExistingLoggers = disable
                Formatters = formatters
                Filters = filters
                Handlers = handlers
                Loggers = loggers
                Root = root
            }
        }

    /// dictConfig's schema (version 1): the tree to a validated configuration, or the first error with its
    /// key path.
    let parse (schemas: Map<string, HandlerSchema>) (limits: InputLimits) (levels: LevelNames) (tree: PyData) =
        match ConfigRefs.resolveWith limits tree with
        | Error e -> Error e
        | Ok(Fields kv) ->
            match find "version" kv with
            | None -> fail "version" "dictionary doesn't specify a version"
            // other top-level keys are allowed, as in CPython: they hold values for cfg:// references
            | Some(SmallInt 1L) -> ofResolved schemas levels kv
            | Some v -> fail "version" (sprintf "Unsupported version: %s" (string v))
        | Ok other -> fail "" (sprintf "a configuration is a mapping, got %s" (describe other))
