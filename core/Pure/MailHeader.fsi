namespace FuncLog

/// An unstructured e-mail header (Subject) folded as CPython 3.13's email package writes it (policy
/// max_line_length 78): ASCII words as they are, folded at whitespace; non-ASCII text as RFC 2047 encoded words
/// in UTF-8 (q, unless b is more than 4 characters shorter), neighbouring ones merged, split to fit the line.
/// A port of the unstructured-header path of email._header_value_parser._refold_parse_tree and _fold_as_ew,
/// so the bytes match.
[<RequireQualifiedAccess>]
module internal MailHeader =

    /// "Name: value" folded into lines of at most 78 characters where possible, joined by "\n" (the SMTP
    /// client sends CRLF). A value with a line break is refused, as Python's header factory refuses it.
    val fold: name: string -> value: string -> Result<string, string>
