namespace FuncLog

open System

/// How a configuration changes the logger tree: the decisions of CPython's DictConfigurator.configure, as
/// functions of the tree (the Shell builds the objects and swaps the result in).
[<RequireQualifiedAccess>]
module internal ConfigTree =
    /// An incremental configuration: the levels and propagate flags of the loggers it names.
    let incremental (config: LoggingConfig) (tree: Hierarchy<'H>) : Hierarchy<'H> =
        let named =
            config.Loggers
            @ (config.Root |> Option.map (fun r -> Hierarchy.RootName, r) |> Option.toList)

        (tree, named)
        ||> List.fold (fun h (name, c) ->
            let h =
                match c.Level with
                | Some l -> Hierarchy.setLevel name l h
                | None -> h

            match c.Propagate with
            | Some p when name <> Hierarchy.RootName -> Hierarchy.setPropagate name p h
            | _ -> h)

    /// Of the loggers that exist, those a configuration does not name but that sit below one it names: CPython
    /// resets them (no level, no handlers, propagating) instead of disabling them.
    let children (existing: string list) (configured: Set<string>) : Set<string> =
        existing
        |> List.filter (fun e ->
            not (configured.Contains e)
            && configured
               |> Seq.exists (fun c -> e.StartsWith(c + ".", StringComparison.Ordinal)))
        |> set

    /// A full configuration applied to the tree: each configured logger gets its level, handlers (replacing
    /// its own), filters (added) and propagate flag and is enabled; every other existing logger is reset when
    /// it sits below a configured one, and disabled or enabled as disable_existing_loggers says otherwise.
    /// `handler` and `filter` give the objects built for the configuration's names.
    let apply
        (config: LoggingConfig)
        (handler: string -> 'H)
        (filter: string -> Filter)
        (existing: string list)
        (tree: Hierarchy<'H>)
        : Hierarchy<'H> =
        let configured = config.Loggers |> List.map fst |> set
        let below = children existing configured

        let configure (h: Hierarchy<'H>) (name: string, c: LoggerConfig) =
            h
            |> Hierarchy.update name (fun n -> {
                n with
                    Level = defaultArg c.Level n.Level
                    Handlers = c.Handlers |> List.map handler
                    Filters = n.Filters @ (c.Filters |> List.map filter)
                    Disabled = (if name = Hierarchy.RootName then n.Disabled else false)
                    Propagate = defaultArg c.Propagate n.Propagate
            })

        let others (h: Hierarchy<'H>) (e: string) =
            if configured.Contains e then
                h
            elif e = "funclog" || e.StartsWith "funclog." then
                // FuncLog's own reports (a refused reload, a failed handler) are never silenced by a reload
                h
            elif below.Contains e then
                h
                |> Hierarchy.update e (fun n -> {
                    n with
                        Level = Levels.NotSet
                        Handlers = []
                        Propagate = true
                })
            else
                Hierarchy.setDisabled e config.DisableExistingLoggers h

        let tree = List.fold configure tree config.Loggers
        let tree = List.fold others tree existing

        match config.Root with
        | Some r -> configure tree (Hierarchy.RootName, r)
        | None -> tree
