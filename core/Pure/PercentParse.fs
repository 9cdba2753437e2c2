namespace FuncLog

open System
open System.Collections.Concurrent
open System.Numerics
open System.Text

/// A width or precision in a % conversion: absent, a number, or '*' (taken from the arguments).

type internal PercentWidth =
    | NoWidth
    | Fixed of int
    | Star

/// One % conversion: %(key)flags width .precision conv, with the offset of its '%' in the format string.
type internal PercentSpec = {
    Key: string option
    Left: bool
    Plus: bool
    Space: bool
    Alt: bool
    Zero: bool
    Width: PercentWidth
    Precision: PercentWidth
    Conv: char
    Offset: int
}

/// A piece of a parsed % format string.
type internal PercentPart =
    /// Text copied as is ('%%' already folded to '%').
    | Literal of string
    /// A conversion.
    | Conversion of PercentSpec
    /// A malformed conversion: the error Python raises when formatting reaches it.
    | Malformed of FormatError

/// A % format string parsed once: its parts in order.
type internal PercentTemplate = {
    Source: string
    Parts: PercentPart[]
    /// The number of plain positional %s/%d/%i conversions when those are all there is (no keys, flags,
    /// widths or precisions), else -1: such templates are rendered on a fast path.
    SimpleCount: int
} with

    /// True when every part parsed.
    member t.IsValid =
        t.Parts
        |> Array.forall (function
            | Malformed _ -> false
            | _ -> true)

/// The right-hand side of the % operator.
[<NoEquality; NoComparison>]
type internal PercentArgs =
    /// A tuple of values.
    | Positional of obj[]
    /// A mapping, for %(key)s: the mapping object (what a bare %s shows) and its lookup.
    | Mapping of obj * (string -> obj voption)

/// Python's % format strings parsed once: the parser never fails (a malformed conversion is kept as a part and
/// reported when rendering reaches it), and a template prints back to an equivalent format string.
[<RequireQualifiedAccess>]
module internal PercentParse =
    /// Parses a format string. Never fails: a malformed conversion becomes a Malformed part,
    /// reported (with its offset) when rendering reaches it, in the order Python reports errors.
    let parse (fmt: string) : PercentTemplate =
        // Long by design: one pass over the template, following CPython's PyUnicode_Format state by state
        // (key, flags, width, precision, length modifier, conversion); each state reads the same cursor.
        let parts = ResizeArray<PercentPart>()
        let lit = StringBuilder()

        let flushLit () =
            if lit.Length > 0 then
                parts.Add(Literal(lit.ToString()))
                lit.Clear() |> ignore

        let n = fmt.Length
        let mutable i = 0
        let mutable stop = false

        while i < n && not stop do
            let c = fmt.[i]

            if c <> '%' then
                lit.Append c |> ignore
                i <- i + 1
            elif i + 1 < n && fmt.[i + 1] = '%' then
                lit.Append '%' |> ignore
                i <- i + 2
            else
                flushLit ()
                let start = i
                i <- i + 1

                let fail kind msg =
                    parts.Add(Malformed { Kind = kind; Message = msg })
                    stop <- true

                let mutable key = None

                if i < n && fmt.[i] = '(' then
                    let mutable depth = 1
                    let ks = i + 1
                    i <- i + 1

                    while i < n && depth > 0 do
                        if fmt.[i] = '(' then
                            depth <- depth + 1
                        elif fmt.[i] = ')' then
                            depth <- depth - 1

                        i <- i + 1

                    if depth > 0 then
                        fail ValueError "incomplete format key"
                    else
                        key <- Some(fmt.Substring(ks, i - 1 - ks))

                if not stop then
                    let mutable left, plus, space, alt, zero = false, false, false, false, false
                    let mutable flags = true

                    while flags && i < n do
                        match fmt.[i] with
                        | '-' ->
                            left <- true
                            i <- i + 1
                        | '+' ->
                            plus <- true
                            i <- i + 1
                        | ' ' ->
                            space <- true
                            i <- i + 1
                        | '#' ->
                            alt <- true
                            i <- i + 1
                        | '0' ->
                            zero <- true
                            i <- i + 1
                        | _ -> flags <- false

                    let readNum () =
                        if i < n && fmt.[i] = '*' then
                            i <- i + 1
                            Star
                        elif i < n && Char.IsAsciiDigit fmt.[i] then
                            let s = i

                            while i < n && Char.IsAsciiDigit fmt.[i] do
                                i <- i + 1

                            match Int32.TryParse(fmt.AsSpan(s, i - s)) with
                            | true, v -> Fixed v
                            | _ -> Fixed Int32.MaxValue
                        else
                            NoWidth

                    let width = readNum ()

                    let precision =
                        if i < n && fmt.[i] = '.' then
                            i <- i + 1

                            match readNum () with
                            | NoWidth -> Fixed 0
                            | p -> p
                        else
                            NoWidth

                    while i < n && (fmt.[i] = 'h' || fmt.[i] = 'l' || fmt.[i] = 'L') do
                        i <- i + 1

                    if i >= n then
                        fail ValueError "incomplete format"
                    else
                        let conv = fmt.[i]

                        parts.Add(
                            Conversion {
                                Key = key
                                Left = left
                                Plus = plus
                                Space = space
                                Alt = alt
                                Zero = zero
                                Width = width
                                Precision = precision
                                Conv = conv
                                Offset = start
                            }
                        )

                        match conv with
                        | 's'
                        | 'r'
                        | 'a'
                        | 'c'
                        | 'd'
                        | 'i'
                        | 'u'
                        | 'o'
                        | 'x'
                        | 'X'
                        | 'e'
                        | 'E'
                        | 'f'
                        | 'F'
                        | 'g'
                        | 'G'
                        | '%' -> ()
                        | _ ->
                            parts.[parts.Count - 1] <-
                                Malformed {
                                    Kind = ValueError
                                    Message =
                                        sprintf
                                            "unsupported format character %s (0x%x) at index %d"
                                            (PyValue.stringRepr (string conv))
                                            (int conv)
                                            i
                                }

                            stop <- true

                        i <- i + 1

        flushLit ()

        {
            Source = fmt
            Parts = parts.ToArray()
            SimpleCount =
                let ps = parts.ToArray()

                let simple =
                    ps
                    |> Array.forall (function
                        | Literal _ -> true
                        | Conversion c ->
                            c.Key.IsNone
                            && not (c.Left || c.Plus || c.Space || c.Alt || c.Zero)
                            && c.Width = NoWidth
                            && c.Precision = NoWidth
                            && (c.Conv = 's' || c.Conv = 'd' || c.Conv = 'i')
                        | Malformed _ -> false)

                if simple then
                    ps
                    |> Array.sumBy (function
                        | Conversion _ -> 1
                        | _ -> 0)
                else
                    -1
        }

    /// Prints a template back as a format string that parses to the same parts (malformed parts are dropped).
    let toFormatString (t: PercentTemplate) : string =
        let sb = StringBuilder()

        let num w =
            match w with
            | NoWidth -> ""
            | Fixed n -> string n
            | Star -> "*"

        for p in t.Parts do
            match p with
            | Literal s -> sb.Append(s.Replace("%", "%%")) |> ignore
            | Malformed _ -> ()
            | Conversion c ->
                sb.Append '%' |> ignore
                c.Key |> Option.iter (fun k -> sb.Append('(').Append(k).Append(')') |> ignore)

                if c.Left then
                    sb.Append '-' |> ignore

                if c.Plus then
                    sb.Append '+' |> ignore

                if c.Space then
                    sb.Append ' ' |> ignore

                if c.Alt then
                    sb.Append '#' |> ignore

                if c.Zero then
                    sb.Append '0' |> ignore

                sb.Append(num c.Width) |> ignore

                if c.Precision <> NoWidth then
                    sb.Append('.').Append(num c.Precision) |> ignore

                sb.Append c.Conv |> ignore

        sb.ToString()
