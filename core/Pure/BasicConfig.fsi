namespace FuncLog

/// Where basicConfig sends records ('S is the stream type, 'H the handler type; the core never looks inside).
[<NoComparison; NoEquality>]
type internal BasicConfigDestination<'S, 'H> =

    /// The handlers given.
    | UseHandlers of 'H list

    /// A file: name, mode, encoding (null for UTF-8), and the error handler for characters the encoding
    /// cannot represent ('backslashreplace' unless given, as in Python's basicConfig).
    | ToFile of filename: string * mode: string * encoding: string * errors: string

    /// A stream (null: the manager's stderr).
    | ToStream of 'S

/// What basicConfig will do, decided from its arguments and whether the root has handlers.
[<NoComparison; NoEquality>]
type internal BasicConfigPlan<'S, 'H> = {

    /// Remove and close the root's handlers first (force).
    RemoveExisting: bool

    /// The destination and its format (fmt, datefmt, style), or None when the root keeps its handlers.
    Install: (BasicConfigDestination<'S, 'H> * string * string * char) option

    /// The root level to set (only when installing, as Python does).
    Level: int option
}

/// Python's basicConfig as a decision.
[<RequireQualifiedAccess>]
module internal BasicConfig =

    /// Python's default format for a style (BASIC_FORMAT and its {}/$ equivalents).
    val defaultFormat: style: char -> string

    /// Decides what basicConfig does, or returns Python's ValueError message. Nothing happens when the root
    /// has handlers (unless force); arguments are checked only when something will be installed.
    val plan:
        rootHandlerCount: int ->
        force: bool ->
        filename: string ->
        filemode: string ->
        format: string ->
        datefmt: string ->
        style: char ->
        level: int option ->
        stream: 'S ->
        handlers: 'H list option ->
        encoding: string ->
        errors: string ->
            Result<BasicConfigPlan<'S, 'H>, string>
