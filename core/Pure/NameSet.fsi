namespace FuncLog

open System

/// A persistent set of names, for the loggers that exist. Every value keeps its meaning forever, like an F# Set,
/// but adding to the newest value of a lineage costs one hash insert: the values of a lineage share one
/// append-only store and differ only in how many of its names they see. Adding to an older value copies the
/// names it sees first (a fork), so branching stays correct at the price of that copy. Safe to read from any
/// thread while another adds.
[<Sealed>]
type internal NameSet =
    /// The empty set.
    static member Empty: NameSet

    /// How many names the set has.
    member Count: int

    /// Whether the set has this name.
    member Contains: name: string -> bool

    /// Whether the set has the name spelled by these characters (no string is made).
    member Contains: name: ReadOnlySpan<char> -> bool

    /// The set with one more name (the same set when the name is already in it).
    member Add: name: string -> NameSet
