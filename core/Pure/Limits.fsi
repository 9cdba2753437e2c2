namespace FuncLog

/// The budgets that input from outside is held to — configuration text (JSON, YAML, INI), `cfg://`
/// references, and record frames from the network — checked while the input is read, before the work it
/// asks for is done. .NET cannot catch a stack overflow, so nesting is bounded before any code recurses on
/// it; expansion (YAML aliases, `cfg://`, pickle's memo) is counted as it happens.
type InputLimits = {

    /// How deeply lists, mappings and tuples may nest (100 by default; CPython's own recursion limit stops
    /// near 1,000, and no real configuration or record nests past 10).
    MaxDepth: int

    /// The values a configuration may expand to (through YAML aliases or `cfg://` references) besides its own,
    /// per value it has: 16 by default, on top of a floor of 10,000.
    ExpansionFactor: int

    /// The values any one input may come to, however large its text: 1,000,000 by default.
    MaxValues: int

    /// The most decimal digits an integer read from text may have: 4,300, CPython's
    /// `sys.get_int_max_str_digits()` default (converting longer text is quadratic).
    MaxIntDigits: int
} with

    /// Limits with some values changed from the defaults (for C#: <c>InputLimits.Create(maxDepth: 200)</c>).
    static member Create:
        [<System.Runtime.InteropServices.Optional; System.Runtime.InteropServices.DefaultParameterValue(100)>] maxDepth: int *
        [<System.Runtime.InteropServices.Optional; System.Runtime.InteropServices.DefaultParameterValue(16)>] expansionFactor: int *
        [<System.Runtime.InteropServices.Optional; System.Runtime.InteropServices.DefaultParameterValue(1000000)>] maxValues: int *
        [<System.Runtime.InteropServices.Optional; System.Runtime.InteropServices.DefaultParameterValue(4300)>] maxIntDigits: int ->
            InputLimits

    /// The default limits.
    static member Default: InputLimits

/// A running count of the values an input comes to: its own (each value its text spells out) and those it
/// repeats (YAML aliases, cfg:// references). The total may reach 10,000 + (1 + ExpansionFactor) x the own
/// values read so far, and never MaxValues.
[<Sealed>]
type internal ValueBudget =

    new: limits: InputLimits -> ValueBudget

    /// Counts n repeated values; false once over the budget.
    member Expand: n: int64 -> bool

    /// Counts a value of the input's own; false once over the budget.
    member Own: unit -> bool

    /// The most values the input may come to now.
    member Limit: int64

    /// The values counted so far.
    member Used: int64

/// Messages shared by the readers that enforce InputLimits.
[<RequireQualifiedAccess>]
module internal LimitText =

    val tooDeep: limits: InputLimits -> string

    val tooLarge: limit: int64 -> string

    val intTooLong: limits: InputLimits -> string
