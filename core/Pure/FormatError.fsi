namespace FuncLog

/// The kind of a formatting failure, named after the Python exception it mirrors.
type FormatErrorKind =

    /// Wrong argument type or count (Python's TypeError).
    | TypeError

    /// A malformed format string or value (Python's ValueError).
    | ValueError

    /// A missing mapping key (Python's KeyError).
    | KeyError

    /// A value out of range (Python's OverflowError).
    | OverflowError

/// A formatting failure: its kind and Python's message for it.
type FormatError = {
    Kind: FormatErrorKind
    Message: string
} with

    /// "TypeError: not all arguments converted during string formatting", as Python prints it.
    override ToString: unit -> string

/// The exception a formatter throws for a FormatError; handlers report it through HandleError.
type LogFormatException =
    inherit System.Exception

    new: error: FormatError -> LogFormatException

    /// The underlying error.
    member Error: FormatError

module internal FormatError =

    val typeError: msg: string -> Result<'a, FormatError>

    val valueError: msg: string -> Result<'a, FormatError>

    val keyError: key: string -> Result<'a, FormatError>
