namespace FuncLog

/// Python's printf-style `%` operator: templates (PercentParse) rendered with arguments; errors as values.
[<RequireQualifiedAccess>]
module internal PercentFormat =

    /// Renders one conversion of value v with the resolved width and precision.
    val renderValue: spec: PercentSpec -> width: int -> prec: int option -> v: obj -> Result<string, FormatError>

    /// The largest width or precision FuncLog renders. CPython would try to build a string of any size
    /// (and fail with MemoryError near 2^31); a logging call must not exhaust memory, so larger ones are
    /// reported as "width too big" / "precision too big".
    [<Literal>]
    val MaxWidth: int = 1000000

    /// Renders a template with arguments: Python's `fmt % args`, or the error Python raises.
    val render: t: PercentTemplate -> args: PercentArgs -> Result<string, FormatError>

    /// Appends `fmt % args` to sb on the fast path; false (sb unchanged) when the general renderer is needed.
    val tryAppend: fmt: string -> a: obj array -> sb: System.Text.StringBuilder -> bool

    /// Appends `fmt % args` to sb from a typed pack on the fast path; false (sb unchanged) when the general
    /// renderer is needed.
    val tryAppendPack: fmt: string -> pack: ArgPack -> sb: System.Text.StringBuilder -> bool

    /// `fmt % args` in one call (parsing through the memo).
    val format: fmt: string -> args: PercentArgs -> Result<string, FormatError>
