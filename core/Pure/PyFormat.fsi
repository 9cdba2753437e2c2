namespace FuncLog

/// A parsed format spec: [[fill]align][sign][z][#][0][width][grouping][.precision][type], as CPython's
/// parse_internal_render_format_spec reads it. Widths and the fill count code points; the fill is one code
/// point (a surrogate pair is one).
type internal FormatSpec = {
    Fill: string
    Align: char
    Sign: char
    NoNegZero: bool
    Alt: bool

    /// -1 when not given.
    Width: int

    /// '\000' none, ',' or '_' every three digits, '4' '_' every four (b, o, x, X).
    Grouping: char

    /// -1 when not given.
    Precision: int

    /// '\000' when not given.
    Type: char
}

/// Python's format(value, spec) for the values a log record holds: a port of CPython 3.13's
/// Python/formatter_unicode.c (strings, integers, bool, floats), checks and messages in CPython's order.
[<RequireQualifiedAccess>]
module internal PyFormat =

    /// parse_internal_render_format_spec: the spec, or the ValueError message.
    val parse: spec: string -> typeName: string -> defaultType: char -> defaultAlign: char -> Result<FormatSpec, string>

    /// Python's format(value, spec).
    val format: v: obj -> spec: string -> Result<string, FormatError>
