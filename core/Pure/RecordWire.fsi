namespace FuncLog

/// A log record as it crosses a process boundary: the attribute dict CPython's SocketHandler pickles, and
/// the record a receiver makes from such a dict (Python's makeLogRecord).
[<RequireQualifiedAccess>]
module internal RecordWire =

    /// The attribute dict CPython's SocketHandler.makePickle sends: msg merged with its args, args and
    /// exc_info None, exc_text the formatted exception (`excText`), extras after the standard attributes.
    val toDict: r: LogRecord -> message: string -> excText: string -> PyData

    /// Python's makeLogRecord: a record whose attributes come from the dict (unknown keys become extra).
    val ofDict: d: PyData -> Result<LogRecord, string>

    /// The JSON frame body (FuncLog's option for non-Python receivers): the same dict as a JSON object.
    val toJson: d: PyData -> string

    /// Reads a JSON frame body back to the dict (ConfigText's JSON reader, within the limits).
    val ofJsonWith: limits: InputLimits -> text: string -> Result<PyData, string>
