namespace FuncLog

/// A configuration error and where it is: a key path ("handlers.file.maxBytes"), an INI section and line,
/// or a line and column of the source text.
type ConfigError = {
    Where: string
    Message: string
} with

    override ToString: unit -> string
