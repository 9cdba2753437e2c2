namespace FuncLog

/// A replacement field of str.format: {name[index]!conv:spec}.
type internal BraceField = {
    Name: string
    Indexes: string list
    Conversion: char option

    /// The format spec as written.
    RawSpec: string

    /// The format spec, itself a template when it nests fields ({x:{width}}).
    Spec: BracePart array
}

/// A piece of a parsed str.format template.
and internal BracePart =
    | Text of string
    | Field of BraceField

/// Python's str.format (the '{}' formatter style) and format() of values.
[<RequireQualifiedAccess>]
module internal BraceFormat =

    /// Parses a str.format template, or returns Python's ValueError message.
    val parse: s: string -> Result<BracePart array, string>

    /// Python's format(value, spec) for the values a log record holds (see PyFormat).
    val formatValue: v: obj -> spec: string -> Result<string, FormatError>

    /// Renders parsed parts with keyword values (Python's fmt.format(**values)).
    val render: parts: BracePart array -> lookup: (string -> obj voption) -> Result<string, FormatError>

/// A piece of a parsed string.Template ('$' formatter style).
type internal DollarPart =
    | DollarText of string
    | DollarField of string

    /// A '$' that starts no valid placeholder, with Python's line and column.
    | DollarInvalid of line: int * col: int

/// Python's string.Template: $name, ${name}, $$.
[<RequireQualifiedAccess>]
module internal DollarFormat =

    /// Parses a template (never fails; an invalid '$' becomes DollarInvalid).
    val parse: s: string -> DollarPart array

    /// Template.substitute(**values): str() of each value, KeyError for a missing one.
    val render: parts: DollarPart array -> lookup: (string -> obj voption) -> Result<string, FormatError>
