namespace FuncLog

open System
open System.Text

/// Helpers of the fast formatting path.
module internal FastText =
    /// Appends an integer with invariant digits and '-' (StringBuilder.Append(int) uses the current
    /// culture's negative sign: U+2212 in Swedish, where Python always writes '-').
    let appendInt (sb: StringBuilder) (n: int64) =
        if n >= 0L then
            sb.Append n |> ignore
        else
            sb.Append('-').Append(uint64 (-(n + 1L)) + 1UL) |> ignore

    /// Python's len() of UTF-16 text: a surrogate pair is one code point, and so is a lone surrogate.
    let codePointsOf (s: ReadOnlySpan<char>) =
        // most text has no surrogates: one vectorized scan, then the length
        let first = s.IndexOfAnyInRange('\uD800', '\uDFFF')

        if first < 0 then
            s.Length
        else
            let mutable n = s.Length
            let mutable i = first

            while i < s.Length - 1 do
                if Char.IsHighSurrogate s.[i] && Char.IsLowSurrogate s.[i + 1] then
                    n <- n - 1
                    i <- i + 2
                else
                    i <- i + 1

            n

    /// Python's len() of a string.
    let pyLen (s: string) = codePointsOf (s.AsSpan())

    /// Python's s[:n]: the first n code points (a surrogate pair is never cut in half).
    let prefix (n: int) (s: string) =
        if n >= s.Length then
            s
        elif n <= 0 then
            ""
        elif s.AsSpan(0, min s.Length (n + 1)).IndexOfAnyInRange('\uD800', '\uDFFF') < 0 then
            s.Substring(0, n)
        else
            let mutable i = 0
            let mutable k = 0

            while k < n && i < s.Length do
                i <- i + (if Char.IsHighSurrogate s.[i] && i + 1 < s.Length && Char.IsLowSurrogate s.[i + 1] then 2 else 1)
                k <- k + 1

            s.Substring(0, i)

    /// Code points from `start` to the end of the builder (Python's len() of what was appended since),
    /// chunk by chunk: a pair may straddle two chunks.
    let codePointsFrom (sb: StringBuilder) (start: int) =
        let mutable n = sb.Length - start
        // the last char counted so far was a high surrogate (unpaired within its chunk)
        let mutable high = false
        // where the current chunk starts in the builder
        let mutable offset = 0

        for chunk in sb.GetChunks() do
            let whole = chunk.Span
            let skip = min whole.Length (max 0 (start - offset))
            let s = whole.Slice skip
            offset <- offset + whole.Length

            if s.Length > 0 then
                if high && Char.IsLowSurrogate s.[0] then
                    // the pair that straddles the chunks, then the rest of this chunk
                    let rest = s.Slice 1
                    n <- n - 1 - (rest.Length - codePointsOf rest)
                else
                    n <- n - (s.Length - codePointsOf s)

                high <- Char.IsHighSurrogate s.[s.Length - 1]

        n

    /// Python's len() of the builder's whole text.
    let codePointsOfBuilder (sb: StringBuilder) = codePointsFrom sb 0
