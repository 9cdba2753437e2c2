namespace FuncLog

/// Python's converters of dictConfig values: cfg:// (a path into the configuration) and ext:// (the few
/// objects FuncLog names), within the expansion budget.
[<RequireQualifiedAccess>]
module internal ConfigRefs =

    /// Resolves every "cfg://" and "ext://" string in the tree (Python's converters): cfg:// by path
    /// (dots and [index]) with loops reported, ext:// only for sys.stdout and sys.stderr. What the references
    /// bring in is counted against the expansion budget (and each step of a key search with it), and the
    /// result nests at most limits.MaxDepth deep, so a few hundred bytes of references that fan out to 2^30
    /// values are refused in microseconds.
    val resolveWith: limits: InputLimits -> root: PyData -> Result<PyData, ConfigError>

    /// resolveReferencesWith the default limits.
    val resolve: root: PyData -> Result<PyData, ConfigError>
