namespace FuncLog

/// A compiled format string in one of Python's three styles.
type internal CompiledFormat =
    | PercentFmt of PercentTemplate
    | BraceFmt of BracePart array
    | DollarFmt of DollarPart array

    /// A '{}' format that does not parse (validate=false): the error str.format raises when used.
    | BraceInvalid of string

/// Formatter styles and their validation, as functions.
module internal FormatStyles =

    val percentValidation: System.Text.RegularExpressions.Regex

    val braceField: System.Text.RegularExpressions.Regex

    val braceSpec: System.Text.RegularExpressions.Regex

    val defaultFormat: style: char -> string

    /// Compiles (and, when asked, validates) a format string: the error is Python's ValueError text.
    val compile: fmt: string -> style: char -> validate: bool -> Result<(CompiledFormat * bool), string>

/// A record attribute the fast path appends without boxing.
type internal FastField =
    | Message = 0
    | AscTime = 1
    | Name = 2
    | LevelName = 3
    | LevelNo = 4
    | PathName = 5
    | FileName = 6
    | Module = 7
    | LineNo = 8
    | FuncName = 9
    | Thread = 10
    | ThreadName = 11
    | Process = 12
    | ProcessName = 13

/// A piece of a % format the fast path renders: literal text, or a field with a width.
[<Struct>]
type internal FastPart = {
    Text: string
    Field: FastField
    Width: int
    Left: bool
}

module internal FastFormat =

    /// The fast plan of a % format, when every conversion is %(field)s (or %d of an int field) with at most a
    /// width and '-': the common layouts. None sends formatting down the general path.
    val plan: t: PercentTemplate -> FastPart array option
