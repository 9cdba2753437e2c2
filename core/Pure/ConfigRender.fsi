namespace FuncLog

/// A LoggingConfig back as a dictConfig tree (Python's class names for the catalogue's handlers).
[<RequireQualifiedAccess>]
module internal ConfigRender =

    /// The configuration back as a dictConfig tree (Python's class names for FuncLog's handlers): what
    /// `DictConfig.parse` reads back to the same value.
    val toDict: schemas: Map<string, HandlerSchema> -> c: LoggingConfig -> PyData
