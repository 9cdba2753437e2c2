namespace FuncLog

/// How a Formatter turns record.created into a broken-down time (Python's converter attribute).
type TimeConverter =

    /// time.localtime: the record's local time zone (from the clock that created it).
    | LocalTime

    /// time.gmtime: UTC.
    | Utc

/// A formatter of this assembly that can render some records straight into a buffer (the JSON formatter):
/// Formatter.TryFormatInto asks it when its own % layouts do not apply.
[<AllowNullLiteral>]
type internal IFormatsInto =
    /// Appends the record's text and returns true, or returns false with sb untouched.
    abstract TryFormatInto: record: LogRecord * sb: System.Text.StringBuilder -> bool

/// Turns a record into text: Python's logging.Formatter with the %, {} and $ styles, datefmt in
/// time.strftime codes and the default asctime "2010-12-12 11:41:42,612". Never changes the record.
[<AllowNullLiteral>]
type Formatter =

    new:
        [<System.Runtime.InteropServices.Optional; System.Runtime.InteropServices.DefaultParameterValue(null: string)>] fmt: string *
        [<System.Runtime.InteropServices.Optional; System.Runtime.InteropServices.DefaultParameterValue(null: string)>] datefmt: string *
        [<System.Runtime.InteropServices.Optional; System.Runtime.InteropServices.DefaultParameterValue('%')>] style: char *
        [<System.Runtime.InteropServices.Optional; System.Runtime.InteropServices.DefaultParameterValue(true)>] validate: bool *
        [<System.Runtime.InteropServices.Optional;
          System.Runtime.InteropServices.DefaultParameterValue(null: System.Collections.Generic.IReadOnlyDictionary<string, obj>)>] defaults:
            System.Collections.Generic.IReadOnlyDictionary<string, obj> *
        [<System.Runtime.InteropServices.Optional; System.Runtime.InteropServices.DefaultParameterValue(false)>] utc: bool ->
            Formatter


    override Format: record: LogRecord -> string

    /// Formats a record (Python's Formatter.format); throws LogFormatException where Python raises.
    abstract Format: LogRecord -> string

    override FormatException: e: exn -> string

    /// The text of an exception (Python prints a traceback; .NET prints Exception.ToString()).
    abstract FormatException: exn -> string


    /// Appends the formatted record to sb: the same text as Format, but for the common % layouts it is
    /// rendered straight into sb without making a string (a handler that writes to a buffer of its own,
    /// a socket or an encoder can reuse one builder for every record). Throws as Format does.
    member FormatInto: record: LogRecord * sb: System.Text.StringBuilder -> unit

    override FormatStack: s: string -> string

    /// The text of stack information (as captured).
    abstract FormatStack: string -> string

    override FormatTime: record: LogRecord * datefmt: string -> string

    /// Formats record.created with a strftime format (the default with ",mmm" when datefmt is null or empty).
    abstract FormatTime: record: LogRecord * datefmt: string -> string

    /// Formats a record, or returns the error Python would raise; nothing is written onto the record.
    member TryFormat: record: LogRecord -> Result<string, FormatError>

    /// Formats the record into sb when the fast path applies (this exact type, a common % layout, no
    /// exception or stack text); false, sb untouched, otherwise. A handler can then encode the text
    /// without making a string of it.
    member internal TryFormatInto: record: LogRecord * sb: System.Text.StringBuilder -> bool

    /// asctime as the fast layouts write it, for this exact type: FormatTime(record, datefmt) of this
    /// formatter's datefmt.
    member internal AppendAscTime: record: LogRecord * sb: System.Text.StringBuilder -> unit

    /// The record's message (GetMessage) appended to sb, without a string when the format is a plain one.
    member internal AppendMessage: record: LogRecord * sb: System.Text.StringBuilder -> unit

    override TryFormatMessage: record: LogRecord * message: string * asctime: string -> Result<string, FormatError>

    /// Renders the style's format with the record's values (Python's formatMessage): Ok text or Python's
    /// error. Override it to add values of your own (with TryRender) or to change the text.
    abstract TryFormatMessage: record: LogRecord * message: string * asctime: string -> Result<string, FormatError>

    /// Renders the style's format with the record's values, looking names up in `overlay` first (when given;
    /// null means not there), then the record, then the defaults.
    member TryRender:
        record: LogRecord * message: string * asctime: string * overlay: System.Func<string, obj> -> Result<string, FormatError>

    /// True when the format refers to asctime.
    member UsesTime: unit -> bool

    /// LocalTime or Utc.
    member Converter: TimeConverter

    /// The date format, or null for the default.
    member DateFmt: string

    /// Python's default_msec_format: "%s,%03d" % (time text, msecs), or null for no milliseconds.
    /// Override it ("%s.%03d") for ISO-style times.
    abstract DefaultMsecFormat: string

    override DefaultMsecFormat: string

    /// Python's default_time_format: the strftime format of asctime when there is no datefmt.
    abstract DefaultTimeFormat: string

    override DefaultTimeFormat: string

    /// Values used for fields the record lacks.
    member Defaults: System.Collections.Generic.IReadOnlyDictionary<string, obj>

    /// Values used for fields that neither the record nor Defaults have: set by a host (the
    /// Microsoft.Extensions.Logging provider supplies EventId, EventName, Category and Scopes) before the
    /// formatter is used.
    member internal FallbackDefaults: System.Collections.Generic.IReadOnlyDictionary<string, obj> with get, set

    /// Called by a FuncLog formatter type's constructor: a formatter of exactly that type keeps nothing of a
    /// record it formats.
    member internal DeclarePlain: t: System.Type -> unit

    /// True for a formatter of a FuncLog type (no user subclass) that keeps nothing of a record it formats.
    member internal IsPlain: bool

    /// The format string (the style's default when none was given).
    member Fmt: string

    /// The style character: '%', '{' or '$'.
    member Style: char

/// Formats a batch of records: header, each record with the line formatter, footer.
[<AllowNullLiteral>]
type BufferingFormatter =

    new:
        [<System.Runtime.InteropServices.Optional; System.Runtime.InteropServices.DefaultParameterValue(null: Formatter)>] linefmt:
            Formatter ->
            BufferingFormatter

    /// Header, the records, footer; empty for no records.
    member Format: records: System.Collections.Generic.IReadOnlyList<LogRecord> -> string

    override FormatFooter: System.Collections.Generic.IReadOnlyList<LogRecord> -> string

    /// Text after the records (empty by default).
    abstract FormatFooter: System.Collections.Generic.IReadOnlyList<LogRecord> -> string

    override FormatHeader: System.Collections.Generic.IReadOnlyList<LogRecord> -> string

    /// Text before the records (empty by default).
    abstract FormatHeader: System.Collections.Generic.IReadOnlyList<LogRecord> -> string

    /// The formatter used for each record.
    member LineFormatter: Formatter
