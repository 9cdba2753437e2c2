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

    /// Code points from `start` to the end (Python's len() of what was appended since).
    let codePointsFrom (sb: StringBuilder) (start: int) =
        let mutable n = sb.Length - start

        for i in start .. sb.Length - 1 do
            if Char.IsLowSurrogate sb.[i] then
                n <- n - 1

        n
