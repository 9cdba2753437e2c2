namespace FuncLog

/// How json.dumps writes: the indent (None: one line with ", " and ": "), ensure_ascii, and how deep a
/// value may nest before it is refused.
type internal PyJsonOptions = {
    Indent: string option
    EnsureAscii: bool
    MaxDepth: int
}

/// Python's json.dumps for .NET values seen as Python values (str, int, float, bool, None, dict, list,
/// tuple), with python-json-logger's JsonEncoder for the rest: dates and times as isoformat(), exceptions
/// and other objects as str(). Byte for byte as CPython writes them.
[<RequireQualifiedAccess>]
module internal PyJson =

    /// Characters escaped as in a JSON string, without the quotes (a long text can be written chunk by chunk).
    val appendChars: sb: System.Text.StringBuilder -> ensureAscii: bool -> s: System.ReadOnlySpan<char> -> unit

    /// A JSON string as json.dumps writes it (ensure_ascii escapes everything outside ' '..'~').
    val appendString: sb: System.Text.StringBuilder -> ensureAscii: bool -> s: string -> unit

    /// float.__repr__, with JSON's names for the specials.
    val floatText: f: float -> string

    /// isoformat() of a date, time or datetime (a DateTime of kind Utc is an aware UTC datetime).
    val isoformat: o: obj -> string option

    /// Writes json.dumps(value, cls=JsonEncoder, indent=…, ensure_ascii=…) at the end of sb: null, or Python's
    /// error (sb then holds part of the text).
    val appendTo: options: PyJsonOptions -> sb: System.Text.StringBuilder -> value: obj -> string

    /// json.dumps(value, cls=JsonEncoder, indent=…, ensure_ascii=…): the text, or Python's error.
    val dumps: options: PyJsonOptions -> value: obj -> Result<string, string>
