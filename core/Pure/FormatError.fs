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
    override e.ToString() = sprintf "%A: %s" e.Kind e.Message

/// The exception a formatter throws for a FormatError; handlers report it through HandleError.
type LogFormatException(error: FormatError) =
    inherit System.Exception(error.ToString())
    /// The underlying error.
    member _.Error = error

module internal FormatError =
    let typeError msg =
        Error { Kind = TypeError; Message = msg }

    let valueError msg =
        Error { Kind = ValueError; Message = msg }

    let keyError (key: string) =
        Error {
            Kind = KeyError
            Message = PyValue.stringRepr key
        }
