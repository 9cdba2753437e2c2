namespace FuncLog

/// The pure core's only per-thread and cached state, kept in this one module: two StringBuilders per thread for
/// formatting (a record's text, and a piece of it that is escaped on its way in), a per-thread memo of the date-and-time text of the last seconds formatted, and a bounded memo
/// of parsed % templates. None of them changes a result: they remember what pure functions returned.
module internal Scratch =

    /// One of this thread's two builders, taken out of its slot until Return: a record formatted on the same
    /// thread in the meantime (an argument's ToString that logs) gets another one instead of overwriting it.
    val rentBuilder: unit -> System.Text.StringBuilder

    /// Gives a builder back to this thread (builders grown past 64K chars are let go).
    val returnBuilder: sb: System.Text.StringBuilder -> unit

    /// The text of a whole second remembered on this thread for (format, zone, utc, second), or null: strftime
    /// has nothing below a second, and records come many a second. No closure is made for a hit.
    val trySecondText: format: string -> zone: System.TimeZoneInfo -> utc: bool -> secs: int64 -> string

    /// Remembers the text of a second for the last four (format, zone, utc, second) of this thread: the
    /// oldest entry goes.
    val rememberSecondText: format: string -> zone: System.TimeZoneInfo -> utc: bool -> secs: int64 -> text: string -> unit

    /// A memo of a pure function of strings: at most 4,096 entries, each for a key of at most 1,024 chars
    /// (longer keys are computed each time); cleared when full.
    type Memo<'T> =

        new: compute: (string -> 'T) -> Memo<'T>

        member Get: key: string -> 'T
