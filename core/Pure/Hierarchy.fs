namespace FuncLog

open System

/// One logger's own settings in the tree ('H is the handler type; the pure core never looks inside it).
[<NoComparison; NoEquality>]
type internal LoggerNode<'H when 'H: not struct> = {
    Name: string
    Level: int
    Propagate: bool
    Disabled: bool
    Handlers: 'H list
    Filters: Filter list
}

/// The logger tree as a value: the root, the created loggers by name, and the manager-wide disable level.
[<NoComparison; NoEquality>]
type internal Hierarchy<'H when 'H: not struct> = {
    Root: LoggerNode<'H>
    /// The names of the loggers that exist, root excluded.
    Known: NameSet
    /// The nodes of the loggers whose settings were ever changed (each one is in Known).
    Loggers: Map<string, LoggerNode<'H>>
    Disable: int
}

/// What the hot path needs about one logger, precomputed for a snapshot.
[<NoComparison; NoEquality>]
type internal LoggerView<'H when 'H: not struct> = {
    /// The lowest level that is enabled (Int32.MaxValue when disabled).
    Threshold: int
    EffectiveLevel: int
    Disabled: bool
    /// The logger's own filters.
    Filters: Filter[]
    /// Every handler a record reaches, in order, following propagate.
    Handlers: 'H[]
}

/// Effective level, the handler chain and disable, as functions of the tree.
[<RequireQualifiedAccess>]
module internal Hierarchy =
    /// The root logger's name.
    [<Literal>]
    let RootName = "root"

    let private node name = {
        Name = name
        Level = Levels.NotSet
        Propagate = true
        Disabled = false
        Handlers = []
        Filters = []
    }

    /// A tree with only the root, at the given level (WARNING in Python).
    let create (rootLevel: int) : Hierarchy<'H> = {
        Root = { node RootName with Level = rootLevel }
        Known = NameSet.Empty
        Loggers = Map.empty
        Disable = Levels.NotSet
    }

    /// Python's candidate parents of a dotted name, nearest first ("a.b.c" -> ["a.b"; "a"]); the root is implied.
    let ancestors (name: string) : string list =
        let rec go (i: int) acc =
            if i <= 0 then
                List.rev acc
            else
                let sub = name.Substring(0, i)
                let next = if i - 1 <= 0 then -1 else name.LastIndexOf('.', i - 2)
                go next (sub :: acc)

        if String.IsNullOrEmpty name then
            []
        else
            go (name.LastIndexOf '.') []

    /// True when `anc` is one of Python's candidate parents of `name` (as `ancestors`, without a list).
    let isAncestor (anc: string) (name: string) =
        let mutable i = name.LastIndexOf '.'
        let mutable found = false

        while not found && i > 0 && i >= anc.Length do
            if i = anc.Length && String.CompareOrdinal(name, 0, anc, 0, i) = 0 then
                found <- true
            else
                i <- if i - 1 <= 0 then -1 else name.LastIndexOf('.', i - 2)

        found

    let private isRoot (name: string) =
        String.IsNullOrEmpty name || name = RootName

    /// Looks a logger up (the root for "" or "root").
    let tryFind (name: string) (h: Hierarchy<'H>) =
        if isRoot name then
            Some h.Root
        elif h.Known.Contains name then
            match Map.tryFind name h.Loggers with
            | Some n -> Some n
            | None -> Some(node name)
        else
            None

    /// A logger's settings without an option (none allocated): the node of the root or of a changed logger, the
    /// default settings otherwise.
    let settings (name: string) (h: Hierarchy<'H>) =
        if isRoot name then
            h.Root
        else
            match h.Loggers.TryGetValue name with
            | true, n -> n
            | _ -> node name

    /// The node of a logger, creating it as Python's getLogger does if needed.
    let ensure (name: string) (h: Hierarchy<'H>) =
        if isRoot name || h.Known.Contains name then
            h
        else
            { h with Known = h.Known.Add name }

    /// The nearest existing ancestor of a logger: Python's logger.parent after placeholder fix-ups.
    let parent (name: string) (h: Hierarchy<'H>) : LoggerNode<'H> option =
        if isRoot name then
            None
        else
            // the candidates of `ancestors`, nearest first, looked up by span (no string for those that do not exist)
            let mutable i = name.LastIndexOf '.'
            let mutable found = -1

            while found < 0 && i > 0 do
                if h.Known.Contains(name.AsSpan(0, i)) then
                    found <- i
                else
                    i <- if i - 1 <= 0 then -1 else name.LastIndexOf('.', i - 2)

            if found < 0 then
                Some h.Root
            else
                tryFind (name.Substring(0, found)) h

    /// Changes one logger's node (created first when needed).
    let update (name: string) (f: LoggerNode<'H> -> LoggerNode<'H>) (h: Hierarchy<'H>) =
        if isRoot name then
            { h with Root = f h.Root }
        else
            let h = ensure name h
            let current = (tryFind name h).Value

            {
                h with
                    Loggers = Map.add name (f current) h.Loggers
            }

    /// Sets a logger's level.
    let setLevel name level h =
        update name (fun n -> { n with Level = level }) h

    /// Sets a logger's propagate flag.
    let setPropagate name value h =
        update name (fun n -> { n with Propagate = value }) h

    /// Sets a logger's disabled flag.
    let setDisabled name value h =
        update name (fun n -> { n with Disabled = value }) h

    /// Python's logging.disable(level).
    let disable level (h: Hierarchy<'H>) = { h with Disable = level }

    /// Adds a handler unless the logger already has it (by reference).
    let addHandler name (handler: 'H) h =
        update
            name
            (fun n -> {
                n with
                    Handlers = Refs.addOnce handler n.Handlers
            })
            h

    /// Removes a handler (by reference).
    let removeHandler name (handler: 'H) h =
        update
            name
            (fun n -> {
                n with
                    Handlers = Refs.remove handler n.Handlers
            })
            h

    /// Adds a filter unless the logger already has it.
    let addFilter name (filter: Filter) h =
        update
            name
            (fun n -> {
                n with
                    Filters = Refs.addOnce filter n.Filters
            })
            h

    /// Removes a filter.
    let removeFilter name (filter: Filter) h =
        update
            name
            (fun n -> {
                n with
                    Filters = Refs.remove filter n.Filters
            })
            h

    /// The chain from a logger up to the root through existing ancestors.
    let chain (name: string) (h: Hierarchy<'H>) : LoggerNode<'H> list =
        let rec go (n: LoggerNode<'H>) acc =
            match parent n.Name h with
            | None -> List.rev (n :: acc)
            | Some p -> go p (n :: acc)

        match tryFind name h with
        | Some n -> go n []
        | None -> go (node name) []

    /// Python's getEffectiveLevel: the first level that is not NOTSET going up; NOTSET if none.
    let effectiveLevel (name: string) (h: Hierarchy<'H>) =
        chain name h
        |> List.tryFind (fun n -> n.Level <> Levels.NotSet)
        |> Option.map (fun n -> n.Level)
        |> Option.defaultValue Levels.NotSet

    /// Every handler a record from this logger reaches, in Python's callHandlers order.
    let handlerChain (name: string) (h: Hierarchy<'H>) : 'H list =
        let rec go (nodes: LoggerNode<'H> list) =
            match nodes with
            | [] -> []
            | n :: rest -> n.Handlers @ (if n.Propagate then go rest else [])

        go (chain name h)

    /// Python's isEnabledFor: not disabled, above the manager's disable level, at or above the effective level.
    let isEnabledFor (name: string) (level: int) (h: Hierarchy<'H>) =
        let disabled =
            (tryFind name h)
            |> Option.map (fun n -> n.Disabled)
            |> Option.defaultValue false

        not disabled && not (h.Disable >= level) && level >= effectiveLevel name h

    /// Python's hasHandlers: any handler on the way up while propagate allows.
    let hasHandlers (name: string) (h: Hierarchy<'H>) =
        not (List.isEmpty (handlerChain name h))

    /// The lowest enabled level of an enabled logger: its effective level, above the manager's disable level.
    let private enabledFrom (eff: int) (h: Hierarchy<'H>) =
        max
            eff
            (if h.Disable = Int32.MaxValue then
                 Int32.MaxValue
             else
                 h.Disable + 1)

    /// The precomputed view of one logger.
    let view (name: string) (h: Hierarchy<'H>) : LoggerView<'H> =
        let n = tryFind name h |> Option.defaultWith (fun () -> node name)
        let eff = effectiveLevel name h
        let threshold = if n.Disabled then Int32.MaxValue else enabledFrom eff h

        {
            Threshold = threshold
            EffectiveLevel = eff
            Disabled = n.Disabled
            Filters = Array.ofList n.Filters
            Handlers = Array.ofList (handlerChain name h)
        }

    /// The view of a logger just added with no settings of its own (no level, handlers or filters, propagating,
    /// enabled), from the view of its parent, the nearest existing ancestor: what `view` gives, without walking
    /// the chain again (its effective level and handlers are the parent's).
    let viewUnder (parentView: LoggerView<'H>) (h: Hierarchy<'H>) : LoggerView<'H> =
        let eff = parentView.EffectiveLevel
        let threshold = enabledFrom eff h

        // a parent that is enabled and has no filters has the very view its new child needs: shared
        if
            not parentView.Disabled
            && parentView.Filters.Length = 0
            && parentView.Threshold = threshold
        then
            parentView
        else
            {
                Threshold = threshold
                EffectiveLevel = eff
                Disabled = false
                Filters = Array.empty
                Handlers = parentView.Handlers
            }

/// The views of all loggers, indexed by slot (slot 0 is the root): what logging reads without locks.
[<RequireQualifiedAccess>]
module internal Snapshot =
    /// Views for every name, in slot order.
    let build (names: string[]) (h: Hierarchy<'H>) : LoggerView<'H>[] =
        names |> Array.map (fun n -> Hierarchy.view n h)

    /// True when a change at `changed` can alter the view of `name` (itself or a descendant; the root touches all).
    let affects (changed: string) (name: string) =
        changed = Hierarchy.RootName
        || changed = ""
        || changed = name
        || Hierarchy.isAncestor changed name

    /// The views after a change at one logger: only that logger and its descendants are recomputed.
    let refresh (names: string[]) (changed: string) (previous: LoggerView<'H>[]) (h: Hierarchy<'H>) : LoggerView<'H>[] =
        names
        |> Array.mapi (fun i n ->
            if i < previous.Length && not (affects changed n) then
                previous.[i]
            else
                Hierarchy.view n h)
