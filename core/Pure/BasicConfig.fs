namespace FuncLog

open System

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
    let defaultFormat (style: char) =
        match style with
        | '{' -> "{levelname}:{name}:{message}"
        | '$' -> "${levelname}:${name}:${message}"
        | _ -> "%(levelname)s:%(name)s:%(message)s"

    /// Decides what basicConfig does, or returns Python's ValueError message. Nothing happens when the root
    /// has handlers (unless force); arguments are checked only when something will be installed.
    let plan
        (rootHandlerCount: int)
        (force: bool)
        (filename: string)
        (filemode: string)
        (format: string)
        (datefmt: string)
        (style: char)
        (level: int option)
        (stream: 'S)
        (handlers: 'H list option)
        (encoding: string)
        (errors: string)
        : Result<BasicConfigPlan<'S, 'H>, string> =
        let hasStream = not (isNull (box stream))

        if rootHandlerCount > 0 && not force then
            Ok {
                RemoveExisting = false
                Install = None
                Level = None
            }
        elif handlers.IsSome && (hasStream || not (isNull filename)) then
            Error "'stream' or 'filename' should not be specified together with 'handlers'"
        elif handlers.IsNone && hasStream && not (isNull filename) then
            Error "'stream' and 'filename' should not be specified together"
        elif not ("%{$".Contains style) then
            Error "Style must be one of: %,{,$"
        else
            let destination =
                match handlers with
                | Some hs -> UseHandlers hs
                | None when not (String.IsNullOrEmpty filename) ->
                    ToFile(
                        filename,
                        (if String.IsNullOrEmpty filemode then "a" else filemode),
                        encoding,
                        (if isNull errors then "backslashreplace" else errors)
                    )
                | None -> ToStream stream

            let fmt = if isNull format then defaultFormat style else format

            Ok {
                RemoveExisting = force
                Install = Some(destination, fmt, datefmt, style)
                Level = level
            }
