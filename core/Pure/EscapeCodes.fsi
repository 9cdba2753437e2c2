namespace FuncLog

/// colorlog's escape codes (colorlog/escape_codes.py, 6.7.0): color names to ANSI sequences, and the
/// parsing of a comma-separated color list ("bold_red,bg_white").
[<RequireQualifiedAccess>]
module internal EscapeCodes =

    /// Every name colorlog knows, with its sequence.
    val table: System.Collections.Generic.IReadOnlyDictionary<string, string>

    /// parse_colors: the sequences of a comma-separated list of names (empty names skipped); an unknown
    /// name is Python's KeyError.
    val parse: colors: string -> Result<string, FormatError>
