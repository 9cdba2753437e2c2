namespace FuncLog

open System
open System.Collections.Generic
open System.IO
open System.IO.Abstractions

/// Applies a LoggingConfig to a Manager: every object is built first; if any fails, those built are closed
/// and nothing changes. Then the whole tree changes in one snapshot swap, and the old handlers are closed.
[<RequireQualifiedAccess>]
module internal Configurator =
    let private err where msg =
        LogConfigException { Where = where; Message = msg }

    /// Whether handler `name` is configured identically (its class, arguments, level, formatter and
    /// filters, and the formatter's and filters' own configuration) in both configurations.
    let sameHandler (a: LoggingConfig) (b: LoggingConfig) (name: string) =
        let find n xs =
            xs |> List.tryFind (fst >> (=) n) |> Option.map snd

        match find name a.Handlers, find name b.Handlers with
        | Some x, Some y when x = y ->
            (match x.Formatter with
             | Some f -> find f a.Formatters = find f b.Formatters
             | None -> true)
            && x.Filters |> List.forall (fun f -> find f a.Filters = find f b.Filters)
        | _ -> false

    /// An incremental configuration: the levels of the handlers it names (which must exist), then the levels
    /// and propagate flags of its loggers.
    let private applyIncremental (manager: Manager) (config: LoggingConfig) =
        let byName =
            manager.AllHandlers
            |> Seq.filter (fun h -> not (isNull h.Name))
            |> Seq.map (fun h -> h.Name, h)
            |> dict

        for name, _ in config.Handlers do
            if not (byName.ContainsKey name) then
                raise (err ("handlers." + name) (sprintf "No handler found with name %s" (PyValue.stringRepr name)))

        for name, c in config.Handlers do
            c.Level |> Option.iter byName.[name].SetLevel

        for name, _ in config.Loggers do
            manager.GetLogger name |> ignore

        manager.Update(Hierarchy.RootName, ConfigTree.incremental config)

    /// Handlers that others refer to (MemoryHandler targets, QueueHandler handlers) before those that refer
    /// to them; a loop keeps its order (validation has reported it).
    let private dependencyOrder (handlers: (string * HandlerConfig) list) =
        let rec go (ready: Set<string>) (left: (string * HandlerConfig) list) acc =
            match left with
            | [] -> List.rev acc
            | _ ->
                let now, later =
                    left
                    |> List.partition (fun (_, c) -> HandlerClasses.references c.Args |> List.forall ready.Contains)

                match now with
                | [] -> List.rev acc @ later
                | _ -> go (now |> List.fold (fun r (n, _) -> r.Add n) ready) later (List.rev now @ acc)

        go Set.empty (handlers |> List.sortBy fst) []

    /// Builds every formatter, filter and handler of a configuration; a handler of `previous` configured
    /// identically is kept instead. Each handler made is added to `built` as soon as it exists, so that a
    /// failure can close it.
    let private buildAll
        (manager: Manager)
        (options: ConfigOptions)
        (previous: (LoggingConfig * IReadOnlyDictionary<string, Handler>) option)
        (config: LoggingConfig)
        (built: List<Handler>)
        =
        let formatters =
            config.Formatters
            |> List.map (fun (n, c) -> n, ConfigObjects.buildFormatter manager options ("formatters." + n) c)
            |> dict

        let filters =
            config.Filters
            |> List.map (fun (n, c) -> n, ConfigObjects.buildFilter manager options ("filters." + n) c)
            |> dict

        let handlers = Dictionary<string, Handler>()

        for name, c in dependencyOrder config.Handlers do
            match previous with
            | Some(prevConfig, prevHandlers) when prevHandlers.ContainsKey name && sameHandler prevConfig config name ->
                handlers.[name] <- prevHandlers.[name]
            | _ ->
                let where = "handlers." + name
                let h = ConfigObjects.buildHandler manager options handlers where c
                built.Add h
                h.Name <- name
                c.Level |> Option.iter h.SetLevel
                c.Formatter |> Option.iter (fun f -> h.SetFormatter formatters.[f])

                for f in c.Filters do
                    h.AddFilter filters.[f]

                ConfigObjects.setProperties where h c.Properties manager
                handlers.[name] <- h

        handlers, filters

    /// Flushes and closes the handlers a configuration replaced (CPython's _clearExistingHandlers); a failure
    /// is reported through the handler and the others are still closed.
    let private closeReplaced (manager: Manager) (old: Handler list) (now: Dictionary<string, Handler>) =
        for h in old do
            if not (now.Values |> Seq.exists (fun x -> obj.ReferenceEquals(x, h))) then
                manager.Untrack h
                h.FlushAndClose("config", "closing a replaced handler")

    /// Applies a configuration, keeping open the handlers of `previous` (the last configuration applied
    /// and its handlers by name) that are configured identically; returns the handlers now in use by name.
    let applyKeeping
        (manager: Manager)
        (options: ConfigOptions)
        (previous: (LoggingConfig * IReadOnlyDictionary<string, Handler>) option)
        (config: LoggingConfig)
        : IReadOnlyDictionary<string, Handler> =
        let options = if isNull options then ConfigOptions() else options

        if config.Incremental then
            applyIncremental manager config

            match previous with
            | Some(_, hs) -> hs
            | None -> Dictionary<string, Handler>() :> IReadOnlyDictionary<_, _>
        else
            // 1. build everything; on failure close what was built and change nothing
            let built = List<Handler>()

            try
                let handlers, filters = buildAll manager options previous config built

                // 2. the tree, in one swap
                let existing = manager.LoggerNames |> Seq.filter ((<>) Hierarchy.RootName) |> Seq.sort |> List.ofSeq

                for name, _ in config.Loggers do
                    manager.GetLogger name |> ignore

                // CPython closes every existing handler: those on loggers and those a previous configuration
                // made (targets of memory and queue handlers)
                let old =
                    manager.AllHandlers @ manager.TrackedHandlers
                    |> List.distinctBy (fun h -> LanguagePrimitives.PhysicalHash h, h)

                manager.Update(Hierarchy.RootName, ConfigTree.apply config (fun n -> handlers.[n]) (fun f -> filters.[f]) existing)

                for h in handlers.Values do
                    manager.Track h

                // 3. close the handlers of the previous configuration
                closeReplaced manager old handlers
                handlers :> IReadOnlyDictionary<_, _>
            with e ->
                for h in built do
                    try
                        h.Close()
                    with _ ->
                        ()

                match e with
                | :? LogConfigException -> reraise ()
                | e -> raise (err "" e.Message)

    /// Applies a configuration to the manager, atomically (see the module's description).
    let apply (manager: Manager) (options: ConfigOptions) (config: LoggingConfig) : unit =
        applyKeeping manager options None config |> ignore

    let private levelsNow () = LevelTable.get ()

    let private orThrow (r: Result<'a, ConfigError>) =
        match r with
        | Ok v -> v
        | Error e -> raise (LogConfigException e)

    /// Python's dictConfig for a tree.
    let dictConfig (manager: Manager) (options: ConfigOptions) (tree: PyData) =
        DictConfig.parse HandlerCatalogue.schemas (ConfigOptions.LimitsOf options) (levelsNow ()) tree
        |> orThrow
        |> apply manager options

    /// Python's fileConfig for INI text.
    let fileConfigText (manager: Manager) (options: ConfigOptions) (defaults: Map<string, string>) (disableExisting: bool) (text: string) =
        Ini.parse defaults text
        |> Result.bind (FileConfig.parse HandlerCatalogue.schemas (ConfigOptions.LimitsOf options) (levelsNow ()) disableExisting)
        |> orThrow
        |> apply manager options

    let private fileSystem (options: ConfigOptions) =
        if isNull options || isNull options.FileSystem then
            FileSystem() :> IFileSystem
        else
            options.FileSystem

    /// dictConfig from a JSON or YAML file (by extension: .yaml/.yml are YAML, anything else JSON).
    let dictConfigFile (manager: Manager) (options: ConfigOptions) (path: string) =
        let fs = fileSystem options

        if not (fs.File.Exists path) then
            raise (FileNotFoundException(sprintf "%s doesn't exist" path, path))

        let text = fs.File.ReadAllText path
        let ext = fs.Path.GetExtension(path).ToLowerInvariant()

        let tree =
            if ext = ".yaml" || ext = ".yml" then
                ConfigText.yamlWith (ConfigOptions.LimitsOf options) text
            else
                ConfigText.jsonWith (ConfigOptions.LimitsOf options) text

        match tree with
        | Error e -> raise (LogConfigException { e with Where = path + ", " + e.Where })
        | Ok t -> dictConfig manager options t

    /// Python's fileConfig(fname, defaults, disable_existing_loggers, encoding).
    let fileConfig
        (manager: Manager)
        (options: ConfigOptions)
        (path: string)
        (defaults: IReadOnlyDictionary<string, string>)
        (disableExisting: bool)
        (encoding: string)
        =
        let fs = fileSystem options

        if not (fs.File.Exists path) then
            raise (FileNotFoundException(sprintf "%s doesn't exist" path, path))

        let text = fs.File.ReadAllText(path, Encodings.byName encoding)

        if text.Length = 0 then
            raise (InvalidOperationException(sprintf "%s is an empty file" path))

        let d =
            if isNull defaults then
                Map.empty
            else
                defaults
                |> Seq.map (fun (KeyValue(k, v)) -> k.ToLowerInvariant(), v)
                |> Map.ofSeq

        try
            fileConfigText manager options d disableExisting text
        with :? LogConfigException as e ->
            raise (
                LogConfigException(
                    {
                        e.Error with
                            Where = path + " " + e.Error.Where
                    },
                    e.InnerException
                )
            )
