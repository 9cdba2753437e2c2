namespace FuncLog

/// How a configuration changes the logger tree: the decisions of CPython's DictConfigurator.configure, as
/// functions of the tree (the Shell builds the objects and swaps the result in).
[<RequireQualifiedAccess>]
module internal ConfigTree =

    /// An incremental configuration: the levels and propagate flags of the loggers it names.
    val incremental: config: LoggingConfig -> tree: Hierarchy<'H> -> Hierarchy<'H> when 'H: not struct

    /// Of the loggers that exist, those a configuration does not name but that sit below one it names: CPython
    /// resets them (no level, no handlers, propagating) instead of disabling them.
    val children: existing: string list -> configured: Set<string> -> Set<string>

    /// A full configuration applied to the tree: each configured logger gets its level, handlers (replacing
    /// its own), filters (added) and propagate flag and is enabled; every other existing logger is reset when
    /// it sits below a configured one, and disabled or enabled as disable_existing_loggers says otherwise —
    /// except FuncLog's own "funclog" loggers, left as they are so that its reports are never silenced.
    /// `handler` and `filter` give the objects built for the configuration's names.
    val apply:
        config: LoggingConfig ->
        handler: (string -> 'H) ->
        filter: (string -> Filter) ->
        existing: string list ->
        tree: Hierarchy<'H> ->
            Hierarchy<'H>
            when 'H: not struct
