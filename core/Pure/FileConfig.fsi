namespace FuncLog

/// fileConfig's INI format as a pure function: an INI file to a validated LoggingConfig, or the first error
/// with its section and line. Sections [loggers] [handlers] [formatters], [logger_x], [handler_x],
/// [formatter_x]; args=/kwargs= are safe Python literals (PyLiteral), never evaluated.
[<RequireQualifiedAccess>]
module internal FileConfig =

    /// fileConfig's INI format to a validated configuration; errors name the section and line.
    val parse:
        schemas: Map<string, HandlerSchema> ->
        limits: InputLimits ->
        levels: LevelNames ->
        disableExisting: bool ->
        ini: IniFile ->
            Result<LoggingConfig, ConfigError>
