namespace FuncLog

/// The answer to "what happens to a record logged here?": Hierarchy.explain.
type LoggerExplanation = {
    Name: string
    EffectiveLevel: int

    /// The logger whose level is the effective level (None: no level set anywhere, NOTSET).
    LevelFrom: string option
    Disabled: bool

    /// The manager-wide disable level (Python's logging.disable).
    ManagerDisable: int

    /// The loggers a record passes, in order, and where propagation stops.
    Path: string list

    /// The logger's own filters (count; the handlers' filters run later).
    FilterCount: int

    /// For each standard level: None if the logger drops it, else the handlers (by description) it reaches.
    ByLevel: (int * string list option) list

    /// Whether any handler is on the propagation path (if none, the last resort handles WARNING and above).
    HasHandlers: bool
} with

    override ToString: unit -> string

[<RequireQualifiedAccess>]
module internal Explain =

    /// Explains a logger: its effective level and where it comes from, disabled, the propagation path, and,
    /// for each standard level, the handlers a record reaches (`levelOf` and `describe` read a handler).
    val logger:
        levelOf: ('H -> int) -> describe: ('H -> string) -> name: string -> h: Hierarchy<'H> -> LoggerExplanation when 'H: not struct
