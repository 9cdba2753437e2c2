namespace FuncLog

open System.Collections.Generic

/// python-json-logger's JsonFormatter (pythonjsonlogger.jsonlogger, version 2.0.1): one JSON object per
/// record with the fields named in the format (`%(asctime)s %(levelname)s %(message)s` gives asctime,
/// levelname and message), then the record's extra values as JSON values of their own type, in Python's
/// json.dumps text. The same configuration gives the same bytes as CPython with that package.
[<AllowNullLiteral>]
type JsonFormatter =
    inherit Formatter
    interface IFormatsInto

    /// fmt, datefmt, style, validate and defaults as Formatter's; prefix (text before each object),
    /// renameFields (record attribute → JSON key), jsonIndent (null, a count or a string), jsonEnsureAscii,
    /// reservedAttrs (attributes left out of the extra fields; null: python-json-logger's list) and
    /// timestamp (true: a "timestamp" field; a string: a field of that name) as python-json-logger's.
    new:
        [<System.Runtime.InteropServices.Optional; System.Runtime.InteropServices.DefaultParameterValue(null: string)>] fmt: string *
        [<System.Runtime.InteropServices.Optional; System.Runtime.InteropServices.DefaultParameterValue(null: string)>] datefmt: string *
        [<System.Runtime.InteropServices.Optional; System.Runtime.InteropServices.DefaultParameterValue('%')>] style: char *
        [<System.Runtime.InteropServices.Optional; System.Runtime.InteropServices.DefaultParameterValue(true)>] validate: bool *
        [<System.Runtime.InteropServices.Optional;
          System.Runtime.InteropServices.DefaultParameterValue(null: IReadOnlyDictionary<string, obj>)>] defaults:
            IReadOnlyDictionary<string, obj> *
        [<System.Runtime.InteropServices.Optional; System.Runtime.InteropServices.DefaultParameterValue("")>] prefix: string *
        [<System.Runtime.InteropServices.Optional;
          System.Runtime.InteropServices.DefaultParameterValue(null: IReadOnlyDictionary<string, obj>)>] renameFields:
            IReadOnlyDictionary<string, obj> *
        [<System.Runtime.InteropServices.Optional; System.Runtime.InteropServices.DefaultParameterValue(null: obj)>] jsonIndent: obj *
        [<System.Runtime.InteropServices.Optional; System.Runtime.InteropServices.DefaultParameterValue(true)>] jsonEnsureAscii: bool *
        [<System.Runtime.InteropServices.Optional; System.Runtime.InteropServices.DefaultParameterValue(null: IEnumerable<obj>)>] reservedAttrs:
            IEnumerable<obj> *
        [<System.Runtime.InteropServices.Optional; System.Runtime.InteropServices.DefaultParameterValue(null: obj)>] timestamp: obj ->
            JsonFormatter

    /// datetime.fromtimestamp(created, tz=timezone.utc): the float's seconds, its fraction rounded half to
    /// even to the microsecond, as CPython rounds it.
    static member internal Timestamp: created: float -> System.DateTimeOffset

    /// The fields of the format, in its order.
    member FormatFields: IReadOnlyList<string>

    /// The text before each JSON object.
    member Prefix: string

    /// The record as python-json-logger's format() builds it: an ordered list of (key, value), where a key
    /// set again keeps its first place.
    member FieldsOf: record: LogRecord -> IReadOnlyList<KeyValuePair<obj, obj>>

    override Format: record: LogRecord -> string
