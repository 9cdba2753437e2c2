namespace FuncLog

/// A formatter in a configuration.
type internal FormatterConfig = {
    Format: string
    DateFmt: string
    Style: string
    Validate: bool
    Defaults: (string * PyData) list option

    /// A .NET formatter type ("class" or "()"), or null for FuncLog's Formatter.
    Class: string

    /// A "()" factory's keyword arguments (every key but "()" and "."), as CPython passes them.
    Args: (string * PyData) list
}

/// A filter in a configuration: Python's Filter(name), or a user type ("()") with keyword arguments.
type internal FilterConfig = {
    Name: string
    Factory: string
    Args: (string * PyData) list
}

/// A handler in a configuration: its class (FuncLog's name for a known Python class, or a .NET type name),
/// keyword arguments checked against the class, level, formatter, filters and "." properties.
type internal HandlerConfig = {
    Class: string
    Args: (string * PyData) list
    Level: int option
    Formatter: string option
    Filters: string list
    Properties: (string * PyData) list
}

/// A logger (or the root) in a configuration.
type internal LoggerConfig = {
    Level: int option
    Propagate: bool option
    Filters: string list
    Handlers: string list
}

/// A whole logging configuration, validated: what dictConfig and fileConfig mean, as one value.
type internal LoggingConfig = {
    Incremental: bool
    DisableExistingLoggers: bool
    Formatters: (string * FormatterConfig) list
    Filters: (string * FilterConfig) list
    Handlers: (string * HandlerConfig) list
    Loggers: (string * LoggerConfig) list
    Root: LoggerConfig option
}

/// The type a handler's keyword argument must have.
[<RequireQualifiedAccess>]
type internal ParamKind =
    | Str
    | Int
    | Bool
    | Stream
    | Time
    | Level
    | Handler
    | Handlers
    | Queue

    /// host and port ([host, port]), or a Unix socket path
    | Address

    /// [user, password]
    | Credentials

    /// a string or a list of strings
    | Strings
    | Number

    /// a syslog facility: a number or CPython's name ("local0")
    | Facility

    /// socket.SOCK_STREAM (1) or socket.SOCK_DGRAM (2)
    | SockType

    /// SMTPHandler's secure: () or (keyfile, certfile)
    | Secure

    /// QueueHandler's listener (3.12): a class name, or a mapping with "()"
    | Listener

/// A handler class a configuration may name: its name, the Python module it lives in ("logging" or
/// "logging.handlers"), and its parameters in Python's order with the required ones. The shell's handler
/// catalogue declares one per handler; the pure readers check a configuration against the schemas they are
/// given.
type internal HandlerSchema = {
    Name: string
    Module: string
    Required: string list
    Params: (string * ParamKind) list
}

/// Handler classes as configurations name them, given the catalogue's schemas.
[<RequireQualifiedAccess>]
module internal HandlerClasses =

    /// The other handlers a handler's arguments name (MemoryHandler's target, QueueHandler's handlers).
    val references: args: (string * PyData) list -> string list

    /// The catalogue's name for a class name as Python configurations write it ("logging.StreamHandler",
    /// "logging.handlers.RotatingFileHandler", fileConfig's "StreamHandler" and "handlers.X"), or for
    /// "FuncLog.X"; None for other names (user types).
    val resolve: schemas: Map<string, HandlerSchema> -> name: string -> string option

/// The checks dictConfig and fileConfig share: values of the expected kind, level names, handler arguments
/// against their schema; every error names its place.
module internal ConfigCheck =

    val fail: where: string -> msg: string -> Result<'a, ConfigError>

    val join: path: string -> key: string -> string

    val describe: v: PyData -> string

    val entries: path: string -> v: PyData option -> Result<(string * PyData) list, ConfigError>

    val find: key: string -> kv: (string * PyData) list -> PyData option

    val str: path: string -> v: PyData option -> Result<string, ConfigError>

    val bool: path: string -> dflt: bool -> v: PyData option -> Result<bool, ConfigError>

    val names: path: string -> v: PyData option -> Result<string list, ConfigError>

    /// Python's _checkLevel: an int, or a registered name.
    val level: levels: LevelNames -> path: string -> v: PyData option -> Result<int option, ConfigError>

    /// Checks one keyword argument of a known handler class.
    val checkArg: levels: LevelNames -> path: string -> kind: ParamKind -> v: PyData -> Result<PyData, ConfigError>

    val isIdentifier: s: string -> bool

    /// Keyword arguments (all keys but the reserved ones) for a class: checked when FuncLog knows the class.
    val handlerArgs:
        schemas: Map<string, HandlerSchema> ->
        levels: LevelNames ->
        path: string ->
        cls: string ->
        args: (string * PyData) list ->
            Result<(string * PyData) list, ConfigError>
