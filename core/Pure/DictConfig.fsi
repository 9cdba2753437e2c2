namespace FuncLog

/// dictConfig's schema (version 1) as a pure function: a tree to a validated LoggingConfig, or the first error
/// with its key path. Handler classes are checked against the schemas given (the shell's catalogue).
[<RequireQualifiedAccess>]
module internal DictConfig =

    /// dictConfig's schema (version 1): the tree to a validated configuration, or the first error with its
    /// key path.
    val parse:
        schemas: Map<string, HandlerSchema> ->
        limits: InputLimits ->
        levels: LevelNames ->
        tree: PyData ->
            Result<LoggingConfig, ConfigError>
