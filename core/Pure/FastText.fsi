namespace FuncLog

/// Helpers of the fast formatting path.
module internal FastText =

    /// Appends an integer with invariant digits and '-' (StringBuilder.Append(int) uses the current
    /// culture's negative sign: U+2212 in Swedish, where Python always writes '-').
    val appendInt: sb: System.Text.StringBuilder -> n: int64 -> unit

    /// Python's len() of UTF-16 text: a surrogate pair is one code point, and so is a lone surrogate.
    val codePointsOf: s: System.ReadOnlySpan<char> -> int

    /// Python's len() of a string.
    val pyLen: s: string -> int

    /// Python's s[:n]: the first n code points (a surrogate pair is never cut in half).
    val prefix: n: int -> s: string -> string

    /// Code points from `start` to the end of the builder (Python's len() of what was appended since),
    /// chunk by chunk: a pair may straddle two chunks.
    val codePointsFrom: sb: System.Text.StringBuilder -> start: int -> int

    /// Python's len() of the builder's whole text.
    val codePointsOfBuilder: sb: System.Text.StringBuilder -> int
