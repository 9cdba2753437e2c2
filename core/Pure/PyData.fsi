namespace FuncLog

/// A Python value as data: what a pickle, a JSON or YAML document, an INI literal, a record's wire dict or a
/// configuration built in code holds. One type for all of them, so a value read from one can be written to
/// another.
[<RequireQualifiedAccess; CustomEquality; NoComparison>]
type internal PyData =
    | None
    | Bool of bool
    | Int of System.Numerics.BigInteger
    | Float of float
    | Str of string
    | Bytes of byte array
    | List of PyData list
    | Tuple of PyData list

    /// Entries in their order (a Python dict).
    | Dict of (PyData * PyData) list

    /// A named object, not evaluated: sys.stdout from ext:// or an INI literal. Never on the wire.
    | Ref of string

    /// Python's repr of bytes: b'...' with \t \n \r \\ and \xNN escapes.
    static member BytesRepr: b: byte array -> string

    override Equals: o: obj -> bool

    /// A structural hash (HashCode's per-process seed: colliding keys cannot be crafted in advance). Its cost is
    /// the value's size, which every reader bounds (InputLimits, the pickle budget).
    override GetHashCode: unit -> int

    /// Python's repr of the value (for error messages); a Ref shows its name.
    override ToString: unit -> string

/// Building and reading PyData where a configuration wants text keys and int64 numbers.
[<RequireQualifiedAccess>]
module internal PyData =

    /// An int.
    val ofInt64: i: int64 -> PyData

    /// A dict with text keys, in their order.
    val fields: kv: (string * PyData) list -> PyData

    /// A key's text: a string as itself, any other key as its repr.
    val keyText: k: PyData -> string

/// Patterns over PyData for readers that think in text keys and int64 numbers.
[<AutoOpen>]
module internal PyDataPatterns =

    /// A dict's entries under their keys' text.
    val (|Fields|_|): v: PyData -> (string * PyData) list option

    /// An int that fits in an int64.
    val (|SmallInt|_|): v: PyData -> int64 option
