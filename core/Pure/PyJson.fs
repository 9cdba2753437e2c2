namespace FuncLog

open System
open System.Collections
open System.Collections.Generic
open System.Globalization
open System.Text

/// How json.dumps writes: the indent (None: one line with ", " and ": "), ensure_ascii, and how deep a
/// value may nest before it is refused.
type internal PyJsonOptions = {
    Indent: string option
    EnsureAscii: bool
    MaxDepth: int
}

/// Python's json.dumps for .NET values seen as Python values (str, int, float, bool, None, dict, list,
/// tuple), with python-json-logger's JsonEncoder for the rest: dates and times as isoformat(), exceptions
/// and other objects as str(). Byte for byte as CPython writes them.
[<RequireQualifiedAccess>]
module internal PyJson =
    let private inv = CultureInfo.InvariantCulture

    // the characters written as they are: printable ASCII but '"' and '\\' (ensure_ascii), and also everything
    // from U+007F up (without it)
    let private plainAscii =
        Buffers.SearchValues.Create(
            [|
                for c in ' ' .. '~' do
                    if c <> '"' && c <> '\\' then
                        yield c
            |]
        )

    let private needsEscape =
        Buffers.SearchValues.Create([| for c in '\000' .. '\031' -> c |] |> Array.append [| '"'; '\\' |])

    /// Characters escaped as in a JSON string, without the quotes.
    let appendChars (sb: StringBuilder) (ensureAscii: bool) (s: ReadOnlySpan<char>) =
        let mutable i = 0

        while i < s.Length do
            // the run up to the next character to escape goes in one append (a vectorized search)
            let rest = s.Slice(i)

            let run =
                match
                    (if ensureAscii then
                         rest.IndexOfAnyExcept plainAscii
                     else
                         rest.IndexOfAny needsEscape)
                with
                | -1 -> rest.Length
                | n -> n

            if run > 0 then
                sb.Append(rest.Slice(0, run)) |> ignore
                i <- i + run

            if i < s.Length then
                let c = s.[i]
                i <- i + 1

                match c with
                | '"' -> sb.Append "\\\"" |> ignore
                | '\\' -> sb.Append "\\\\" |> ignore
                | '\n' -> sb.Append "\\n" |> ignore
                | '\r' -> sb.Append "\\r" |> ignore
                | '\t' -> sb.Append "\\t" |> ignore
                | '\b' -> sb.Append "\\b" |> ignore
                | '\012' -> sb.Append "\\f" |> ignore
                | c -> sb.Append("\\u").Append((int c).ToString("x4", inv)) |> ignore

    /// A JSON string as json.dumps writes it (ensure_ascii escapes everything outside ' '..'~').
    let appendString (sb: StringBuilder) (ensureAscii: bool) (s: string) =
        sb.Append '"' |> ignore
        appendChars sb ensureAscii (s.AsSpan())
        sb.Append '"' |> ignore

    /// float.__repr__, with JSON's names for the specials.
    let floatText (f: float) =
        if Double.IsNaN f then "NaN"
        elif Double.IsPositiveInfinity f then "Infinity"
        elif Double.IsNegativeInfinity f then "-Infinity"
        else PyValue.floatRepr f

    let private fraction (ticks: int64) =
        let micro = ticks % TimeSpan.TicksPerSecond / 10L

        if micro = 0L then
            ""
        else
            "." + micro.ToString("000000", inv)

    let private offset (o: TimeSpan) =
        let sign = if o < TimeSpan.Zero then "-" else "+"
        let o = o.Duration()
        let s = sign + o.Hours.ToString("00", inv) + ":" + o.Minutes.ToString("00", inv)

        if o.Seconds <> 0 then
            s + ":" + o.Seconds.ToString("00", inv)
        else
            s

    /// isoformat() of a date, time or datetime (a DateTime of kind Utc is an aware UTC datetime).
    let isoformat (o: obj) : string option =
        match o with
        | :? DateTimeOffset as d -> Some(d.ToString("yyyy-MM-dd'T'HH:mm:ss", inv) + fraction d.Ticks + offset d.Offset)
        | :? DateTime as d ->
            let text = d.ToString("yyyy-MM-dd'T'HH:mm:ss", inv) + fraction d.Ticks
            Some(if d.Kind = DateTimeKind.Utc then text + "+00:00" else text)
        | :? DateOnly as d -> Some(d.ToString("yyyy-MM-dd", inv))
        | :? TimeOnly as t -> Some(t.ToString("HH:mm:ss", inv) + fraction t.Ticks)
        | _ -> None

    /// A dict key as json.dumps writes it: str, int, float, bool and None only.
    let private keyText (k: obj) : Result<string, string> =
        match k with
        | null -> Ok "null"
        | :? string as s -> Ok s
        | :? char as c -> Ok(string c)
        | :? bool as b -> Ok(if b then "true" else "false")
        | k when PyValue.isInteger k -> Ok((PyValue.toBigInteger k).ToString(inv))
        | k when PyValue.isFloat k -> Ok(floatText (PyValue.toDouble k))
        | k -> Error(sprintf "keys must be str, int, float, bool or None, not %s" (PyValue.typeName k))

    /// Writes json.dumps(value, cls=JsonEncoder, indent=…, ensure_ascii=…) at the end of sb: null, or Python's
    /// error (sb then holds part of the text).
    let appendTo (options: PyJsonOptions) (sb: StringBuilder) (value: obj) : string =
        let mutable visiting: HashSet<obj> = null
        let mutable error: string = null

        let newline (depth: int) =
            match options.Indent with
            | Some ind ->
                sb.Append '\n' |> ignore

                for _ in 1..depth do
                    sb.Append ind |> ignore
            | None -> ()

        let itemSep = if options.Indent.IsSome then "," else ", "

        // One arm per kind of value; the recursion is bounded by MaxDepth (checked before it goes deeper).
        let rec write (depth: int) (v: obj) =
            if not (isNull error) then
                ()
            elif depth > options.MaxDepth then
                error <- sprintf "the value nests deeper than %d levels" options.MaxDepth
            else
                match v with
                | null -> sb.Append "null" |> ignore
                | :? string as s -> appendString sb options.EnsureAscii s
                | :? char as c -> appendString sb options.EnsureAscii (string c)
                | :? bool as b -> sb.Append(if b then "true" else "false") |> ignore
                | :? int as n -> FastText.appendInt sb (int64 n)
                | :? int64 as n -> FastText.appendInt sb n
                | v when PyValue.isInteger v -> sb.Append((PyValue.toBigInteger v).ToString(inv)) |> ignore
                | v when PyValue.isFloat v -> sb.Append(floatText (PyValue.toDouble v)) |> ignore
                | :? (byte[]) as b -> appendString sb options.EnsureAscii (PyData.BytesRepr b)
                | v ->
                    match isoformat v with
                    | Some text -> appendString sb options.EnsureAscii text
                    | None ->
                        match v with
                        | :? Exception as e -> appendString sb options.EnsureAscii e.Message
                        | :? Type as t -> appendString sb options.EnsureAscii (sprintf "<class '%s'>" t.Name)
                        | v ->
                            match PyValue.mappingPairs v with
                            | Some pairs -> container depth v '{' '}' (fun () -> writePairs depth pairs)
                            | None ->
                                match v with
                                | :? PyTuple as t -> container depth v '[' ']' (fun () -> writeItems depth t.Items)
                                | :? IEnumerable as e -> container depth v '[' ']' (fun () -> writeItems depth e)
                                | v -> appendString sb options.EnsureAscii (PyValue.str v)

        and container (depth: int) (v: obj) (opening: char) (closing: char) (body: unit -> bool) =
            if isNull visiting then
                visiting <- HashSet<obj>(HashIdentity.Reference)

            if not (visiting.Add v) then
                error <- "Circular reference detected"
            else
                sb.Append opening |> ignore

                if body () then
                    newline depth

                sb.Append closing |> ignore
                visiting.Remove v |> ignore

        and writeItems (depth: int) (items: IEnumerable) : bool =
            let mutable any = false

            for x in items do
                if any then
                    sb.Append itemSep |> ignore

                newline (depth + 1)
                write (depth + 1) x
                any <- true

            any

        and writePairs (depth: int) (pairs: (obj * obj) seq) : bool =
            let mutable any = false

            for k, x in pairs do
                if isNull error then
                    match keyText k with
                    | Error e -> error <- e
                    | Ok key ->
                        if any then
                            sb.Append itemSep |> ignore

                        newline (depth + 1)
                        appendString sb options.EnsureAscii key
                        sb.Append ": " |> ignore
                        write (depth + 1) x
                        any <- true

            any

        write 0 value
        error

    /// json.dumps(value, cls=JsonEncoder, indent=…, ensure_ascii=…): the text, or Python's error.
    let dumps (options: PyJsonOptions) (value: obj) : Result<string, string> =
        let sb = StringBuilder()

        match appendTo options sb value with
        | null -> Ok(sb.ToString())
        | e -> Error e
