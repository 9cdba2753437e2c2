namespace FuncLog

/// Python literals as fileConfig reads args= and kwargs=: tuples, lists, dicts, strings, numbers,
/// True/False/None, and the names a resolver knows — never evaluated as code, nested at most MaxDepth deep.
[<RequireQualifiedAccess>]
module internal PyLiteral =

    /// A Python literal (fileConfig's args= and kwargs=): tuples, lists, dicts, strings, numbers,
    /// True/False/None, and the names `resolve` knows (sys.stdout, DEBUG, …). Nothing is evaluated as code.
    val parseWith: limits: InputLimits -> resolve: (string -> PyData option) -> text: string -> Result<PyData, (int * string)>

    /// A Python literal, with the default limits.
    val parse: resolve: (string -> PyData option) -> text: string -> Result<PyData, (int * string)>
