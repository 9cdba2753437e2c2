namespace FuncLog

open System
open System.Text

/// Where the fast formatting path writes a line. Formatting code is generic over the sink and specialised
/// for each struct sink (no boxing, no interface dispatch); StringBuilder is the one sink so far.
type internal ITextSink =
    /// Characters (or bytes) written so far.
    abstract Length: int
    /// Appends a string (null appends nothing).
    abstract Append: string -> unit
    /// Appends one ASCII character.
    abstract AppendAscii: char -> unit
    /// Appends an integer in invariant digits.
    abstract AppendInt: int64 -> unit
    /// Code points from `start` to the end (Python's len() of what was appended since).
    abstract CodePointsFrom: start: int -> int
    /// Inserts `count` spaces at `start`.
    abstract InsertSpaces: start: int * count: int -> unit
    /// Cuts the text back to `length`.
    abstract Truncate: length: int -> unit

/// The StringBuilder sink.
[<Struct>]
type internal BuilderSink(sb: StringBuilder) =
    member _.Builder = sb

    interface ITextSink with
        member _.Length = sb.Length
        member _.Append(s: string) = sb.Append s |> ignore
        member _.AppendAscii(c: char) = sb.Append c |> ignore

        member _.AppendInt(n: int64) =
            // invariant digits and '-', whatever the current culture's negative sign
            if n >= 0L then
                sb.Append n |> ignore
            else
                sb.Append('-').Append(uint64 (-(n + 1L)) + 1UL) |> ignore

        member _.CodePointsFrom(start: int) =
            let mutable n = sb.Length - start

            for i in start .. sb.Length - 1 do
                if Char.IsLowSurrogate sb.[i] then
                    n <- n - 1

            n

        member _.InsertSpaces(start: int, count: int) = sb.Insert(start, " ", count) |> ignore
        member _.Truncate(length: int) = sb.Length <- length
