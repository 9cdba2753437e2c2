namespace FuncLog

open System
open System.Runtime.InteropServices

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

    /// The default limits.
    static member Default = {
        MaxDepth = 100
        ExpansionFactor = 16
        MaxValues = 1_000_000
        MaxIntDigits = 4300
    }

    /// Limits with some values changed from the defaults (for C#: <c>InputLimits.Create(maxDepth: 200)</c>).
    static member Create
        (
            [<Optional; DefaultParameterValue(100)>] maxDepth: int,
            [<Optional; DefaultParameterValue(16)>] expansionFactor: int,
            [<Optional; DefaultParameterValue(1_000_000)>] maxValues: int,
            [<Optional; DefaultParameterValue(4300)>] maxIntDigits: int
        ) =
        {
            MaxDepth = maxDepth
            ExpansionFactor = expansionFactor
            MaxValues = maxValues
            MaxIntDigits = maxIntDigits
        }

/// A running count of the values an input comes to: its own (each value its text spells out) and those it
/// repeats (YAML aliases, cfg:// references). The total may reach 10,000 + (1 + ExpansionFactor) x the own
/// values read so far, and never MaxValues.
[<Sealed>]
type internal ValueBudget(limits: InputLimits) =
    let mutable own = 0L
    let mutable total = 0L

    /// The values counted so far.
    member _.Used = total

    /// The most values the input may come to now.
    member _.Limit =
        min (int64 limits.MaxValues) (10_000L + own * (1L + int64 limits.ExpansionFactor))

    /// Counts a value of the input's own; false once over the budget.
    member this.Own() =
        own <- own + 1L
        total <- total + 1L
        total <= this.Limit

    /// Counts n repeated values; false once over the budget.
    member this.Expand(n: int64) =
        total <- total + n
        total <= this.Limit

/// Messages shared by the readers that enforce InputLimits.
[<RequireQualifiedAccess>]
module internal LimitText =
    let tooDeep (limits: InputLimits) =
        sprintf "nested deeper than %d levels (InputLimits.MaxDepth)" limits.MaxDepth

    let tooLarge (limit: int64) =
        sprintf "expands to more than %d values (InputLimits.ExpansionFactor, InputLimits.MaxValues)" limit

    let intTooLong (limits: InputLimits) =
        sprintf
            "Exceeds the limit (%d digits) for integer string conversion (InputLimits.MaxIntDigits, as CPython's sys.set_int_max_str_digits)"
            limits.MaxIntDigits
