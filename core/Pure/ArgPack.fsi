namespace FuncLog

/// A logging call's arguments kept typed (no array, no boxes) while the call runs: the % fast path appends
/// strings and machine integers straight from it, and anything else asks for the boxed array (ToArray). The
/// facade's generic level methods make them (one spare per argument types per thread); a pack is released
/// when the call that took it returns, so only a record lent for that call (RecordLease) refers to one.
[<AbstractClass; AllowNullLiteral>]
type internal ArgPack =
    new: unit -> ArgPack

    /// How many arguments.
    abstract Count: int

    /// Argument `index`, boxed.
    abstract Get: index: int -> obj

    /// Appends argument `index` for a plain %s, %d or %i conversion (`conv`) when it is a string (%s only) or a
    /// machine integer, and returns true; returns false with sb unchanged otherwise.
    abstract TryAppendSimple: index: int * conv: char * sb: System.Text.StringBuilder -> bool

    /// Drops the arguments and makes the pack this thread's spare again.
    abstract Release: unit -> unit

    /// The arguments boxed into a new array (what a record that is kept holds).
    member ToArray: unit -> obj array
