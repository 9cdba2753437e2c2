namespace FuncLog

/// A width or precision in a % conversion: absent, a number, or '*' (taken from the arguments).
type internal PercentWidth =
    | NoWidth
    | Fixed of int
    | Star

/// One % conversion: %(key)flags width .precision conv, with the offset of its '%' in the format string.
type internal PercentSpec = {
    Key: string option
    Left: bool
    Plus: bool
    Space: bool
    Alt: bool
    Zero: bool
    Width: PercentWidth
    Precision: PercentWidth
    Conv: char
    Offset: int
}

/// A piece of a parsed % format string.
type internal PercentPart =

    /// Text copied as is ('%%' already folded to '%').
    | Literal of string

    /// A conversion.
    | Conversion of PercentSpec

    /// A malformed conversion: the error Python raises when formatting reaches it.
    | Malformed of FormatError

/// A % format string parsed once: its parts in order.
type internal PercentTemplate = {
    Source: string
    Parts: PercentPart array

    /// The number of plain positional %s/%d/%i conversions when those are all there is (no keys, flags,
    /// widths or precisions), else -1: such templates are rendered on a fast path.
    SimpleCount: int
} with

    /// True when every part parsed.
    member IsValid: bool

/// The right-hand side of the % operator.
[<NoEquality; NoComparison>]
type internal PercentArgs =

    /// A tuple of values.
    | Positional of obj array

    /// A mapping, for %(key)s: the mapping object (what a bare %s shows) and its lookup.
    | Mapping of obj * (string -> obj voption)

/// Python's % format strings parsed once: the parser never fails (a malformed conversion is kept as a part and
/// reported when rendering reaches it), and a template prints back to an equivalent format string.
[<RequireQualifiedAccess>]
module internal PercentParse =

    /// Parses a format string. Never fails: a malformed conversion becomes a Malformed part,
    /// reported (with its offset) when rendering reaches it, in the order Python reports errors.
    val parse: fmt: string -> PercentTemplate


    /// Prints a template back as a format string that parses to the same parts (malformed parts are dropped).
    val toFormatString: t: PercentTemplate -> string
