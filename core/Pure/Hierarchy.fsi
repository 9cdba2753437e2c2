namespace FuncLog

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

/// The logger tree as a value: the root, the loggers that exist, the settings of those that have any, and the
/// manager-wide disable level. A logger that exists without a node in Loggers has the default settings (no
/// level, propagating, enabled, no handlers or filters): most loggers, made by getLogger and never changed,
/// cost one hash insert in Known instead of a path copy in a tree map.
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
    Filters: Filter array

    /// Every handler a record reaches, in order, following propagate.
    Handlers: 'H array
}

/// Effective level, the handler chain and disable, as functions of the tree.
[<RequireQualifiedAccess>]
module internal Hierarchy =

    /// The root logger's name.
    [<Literal>]
    val RootName: string = "root"

    /// A tree with only the root, at the given level (WARNING in Python).
    val create: rootLevel: int -> Hierarchy<'H> when 'H: not struct

    /// Python's candidate parents of a dotted name, nearest first ("a.b.c" -> ["a.b"; "a"]); the root is implied.
    val ancestors: name: string -> string list

    /// True when `anc` is one of Python's candidate parents of `name` (as `ancestors`, without a list).
    val isAncestor: anc: string -> name: string -> bool

    /// Looks a logger up (the root for "" or "root").
    val tryFind: name: string -> h: Hierarchy<'H> -> LoggerNode<'H> option when 'H: not struct

    /// A logger's settings without an option (none allocated): the node of the root or of a changed logger, the
    /// default settings otherwise.
    val settings: name: string -> h: Hierarchy<'H> -> LoggerNode<'H> when 'H: not struct

    /// The node of a logger, creating it as Python's getLogger does if needed.
    val ensure: name: string -> h: Hierarchy<'H> -> Hierarchy<'H> when 'H: not struct

    /// The nearest existing ancestor of a logger: Python's logger.parent after placeholder fix-ups.
    val parent: name: string -> h: Hierarchy<'H> -> LoggerNode<'H> option when 'H: not struct

    /// Changes one logger's node (created first when needed).
    val update: name: string -> f: (LoggerNode<'H> -> LoggerNode<'H>) -> h: Hierarchy<'H> -> Hierarchy<'H> when 'H: not struct

    /// Sets a logger's level.
    val setLevel: name: string -> level: int -> h: Hierarchy<'a> -> Hierarchy<'a> when 'a: not struct

    /// Sets a logger's propagate flag.
    val setPropagate: name: string -> value: bool -> h: Hierarchy<'a> -> Hierarchy<'a> when 'a: not struct

    /// Sets a logger's disabled flag.
    val setDisabled: name: string -> value: bool -> h: Hierarchy<'a> -> Hierarchy<'a> when 'a: not struct

    /// Python's logging.disable(level).
    val disable: level: int -> h: Hierarchy<'H> -> Hierarchy<'H> when 'H: not struct

    /// Adds a handler unless the logger already has it (by reference).
    val addHandler: name: string -> handler: 'H -> h: Hierarchy<'H> -> Hierarchy<'H> when 'H: not struct

    /// Removes a handler (by reference).
    val removeHandler: name: string -> handler: 'H -> h: Hierarchy<'H> -> Hierarchy<'H> when 'H: not struct

    /// Adds a filter unless the logger already has it.
    val addFilter: name: string -> filter: Filter -> h: Hierarchy<'a> -> Hierarchy<'a> when 'a: not struct

    /// Removes a filter.
    val removeFilter: name: string -> filter: Filter -> h: Hierarchy<'a> -> Hierarchy<'a> when 'a: not struct

    /// The chain from a logger up to the root through existing ancestors.
    val chain: name: string -> h: Hierarchy<'H> -> LoggerNode<'H> list when 'H: not struct

    /// Python's getEffectiveLevel: the first level that is not NOTSET going up; NOTSET if none.
    val effectiveLevel: name: string -> h: Hierarchy<'H> -> int when 'H: not struct

    /// Every handler a record from this logger reaches, in Python's callHandlers order.
    val handlerChain: name: string -> h: Hierarchy<'H> -> 'H list when 'H: not struct

    /// Python's isEnabledFor: not disabled, above the manager's disable level, at or above the effective level.
    val isEnabledFor: name: string -> level: int -> h: Hierarchy<'H> -> bool when 'H: not struct

    /// Python's hasHandlers: any handler on the way up while propagate allows.
    val hasHandlers: name: string -> h: Hierarchy<'H> -> bool when 'H: not struct

    /// The precomputed view of one logger.
    val view: name: string -> h: Hierarchy<'H> -> LoggerView<'H> when 'H: not struct

    /// The view of a logger just added with no settings of its own, from its parent's view (the nearest
    /// existing ancestor's): equal to `view name h`, without walking the chain (the parent's view object itself
    /// when that is enabled and has no filters).
    val viewUnder: parentView: LoggerView<'H> -> h: Hierarchy<'H> -> LoggerView<'H> when 'H: not struct

/// The views of all loggers, indexed by slot (slot 0 is the root): what logging reads without locks.
[<RequireQualifiedAccess>]
module internal Snapshot =

    /// Views for every name, in slot order.
    val build: names: string array -> h: Hierarchy<'H> -> LoggerView<'H> array when 'H: not struct

    /// True when a change at `changed` can alter the view of `name` (itself or a descendant; the root touches all).
    val affects: changed: string -> name: string -> bool

    /// The views after a change at one logger: only that logger and its descendants are recomputed.
    val refresh:
        names: string array -> changed: string -> previous: LoggerView<'H> array -> h: Hierarchy<'H> -> LoggerView<'H> array
            when 'H: not struct
