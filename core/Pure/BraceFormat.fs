namespace FuncLog

open System
open System.Text

/// A replacement field of str.format: {name[index]!conv:spec}.
type BraceField = {
    Name: string
    Indexes: string list
    Conversion: char option
    /// The format spec as written.
    RawSpec: string
    /// The format spec, itself a template when it nests fields ({x:{width}}).
    Spec: BracePart[]
}

/// A piece of a parsed str.format template.
and BracePart =
    | Text of string
    | Field of BraceField

/// A parsed format spec: [[fill]align][sign][z][#][0][width][grouping][.precision][type].
type FormatSpec = {
    Fill: char
    Align: char option
    Sign: char option
    NoNegZero: bool
    Alt: bool
    Width: int
    Grouping: char option
    Precision: int option
    Type: char option
}

/// Python's str.format (the '{}' formatter style) and format() of values.
[<RequireQualifiedAccess>]
module BraceFormat =

    /// Parses a str.format template, or returns Python's ValueError message.
    let rec parse (s: string) : Result<BracePart[], string> =
        let parts = ResizeArray<BracePart>()
        let lit = StringBuilder()
        let mutable i = 0
        let mutable err = None

        while err.IsNone && i < s.Length do
            let c = s.[i]

            if c = '{' && i + 1 < s.Length && s.[i + 1] = '{' then
                lit.Append '{' |> ignore
                i <- i + 2
            elif c = '}' && i + 1 < s.Length && s.[i + 1] = '}' then
                lit.Append '}' |> ignore
                i <- i + 2
            elif c = '}' then
                err <- Some "Single '}' encountered in format string"
            elif c = '{' then
                if i + 1 >= s.Length then
                    err <- Some "Single '{' encountered in format string"
                else
                    // find the matching close brace, counting nested braces in the spec
                    let mutable depth = 1
                    let mutable j = i + 1

                    while j < s.Length && depth > 0 do
                        if s.[j] = '{' then
                            depth <- depth + 1
                        elif s.[j] = '}' then
                            depth <- depth - 1

                        if depth > 0 then
                            j <- j + 1

                    if depth > 0 then
                        err <- Some "expected '}' before end of string"
                    else
                        let body = s.Substring(i + 1, j - i - 1)
                        // split name / conversion / spec (the name ends at the first '!' or ':' outside brackets)
                        let mutable k = 0
                        let mutable inBracket = false

                        while k < body.Length && (inBracket || (body.[k] <> '!' && body.[k] <> ':')) do
                            if body.[k] = '[' then
                                inBracket <- true
                            elif body.[k] = ']' then
                                inBracket <- false

                            k <- k + 1

                        let fieldName = body.Substring(0, k)
                        let mutable conv = None
                        let mutable spec = ""

                        if k < body.Length && body.[k] = '!' then
                            if k + 1 >= body.Length then
                                err <- Some "end of string while looking for conversion specifier"
                            else
                                conv <- Some body.[k + 1]

                                if k + 2 < body.Length then
                                    if body.[k + 2] <> ':' then
                                        err <- Some "expected ':' after conversion specifier"
                                    else
                                        spec <- body.Substring(k + 3)
                        elif k < body.Length then
                            spec <- body.Substring(k + 1)

                        if err.IsNone then
                            // name and [index] / .attr parts
                            let b = fieldName.IndexOfAny [| '['; '.' |]

                            let name, rest =
                                if b < 0 then
                                    fieldName, ""
                                else
                                    fieldName.Substring(0, b), fieldName.Substring b

                            let idx = ResizeArray<string>()
                            let mutable r = 0

                            while err.IsNone && r < rest.Length do
                                if rest.[r] = '[' then
                                    let e = rest.IndexOf(']', r)

                                    if e < 0 then
                                        err <- Some "Missing ']' in format string"
                                    else
                                        idx.Add(rest.Substring(r + 1, e - r - 1))
                                        r <- e + 1
                                elif rest.[r] = '.' then
                                    let e = rest.IndexOfAny([| '['; '.' |], r + 1)
                                    let e = if e < 0 then rest.Length else e
                                    idx.Add("." + rest.Substring(r + 1, e - r - 1))
                                    r <- e
                                else
                                    err <- Some "Only '.' or '[' may follow ']' in format field specifier"

                            match err with
                            | Some _ -> ()
                            | None ->
                                let specParts =
                                    if spec.Contains '{' then
                                        parse spec
                                    else
                                        Ok(if spec = "" then [||] else [| Text spec |])

                                match specParts with
                                | Error e -> err <- Some e
                                | Ok sp ->
                                    if lit.Length > 0 then
                                        parts.Add(Text(lit.ToString()))
                                        lit.Clear() |> ignore

                                    parts.Add(
                                        Field {
                                            Name = name
                                            Indexes = List.ofSeq idx
                                            Conversion = conv
                                            RawSpec = spec
                                            Spec = sp
                                        }
                                    )

                        i <- j + 1
            else
                lit.Append c |> ignore
                i <- i + 1

        match err with
        | Some e -> Error e
        | None ->
            if lit.Length > 0 then
                parts.Add(Text(lit.ToString()))

            Ok(parts.ToArray())

    /// Parses a format spec, or returns Python's ValueError message.
    let parseSpec (spec: string) (typeName: string) : Result<FormatSpec, string> =
        let n = spec.Length
        let mutable i = 0
        let mutable fill = ' '
        let mutable align = None

        let isAlign c =
            c = '<' || c = '>' || c = '=' || c = '^'

        if n >= 2 && isAlign spec.[1] then
            fill <- spec.[0]
            align <- Some spec.[1]
            i <- 2
        elif n >= 1 && isAlign spec.[0] then
            align <- Some spec.[0]
            i <- 1

        let mutable sign = None

        if i < n && (spec.[i] = '+' || spec.[i] = '-' || spec.[i] = ' ') then
            sign <- Some spec.[i]
            i <- i + 1

        let mutable z = false

        if i < n && spec.[i] = 'z' then
            z <- true
            i <- i + 1

        let mutable alt = false

        if i < n && spec.[i] = '#' then
            alt <- true
            i <- i + 1

        if i < n && spec.[i] = '0' then
            if align.IsNone then
                fill <- '0'
                align <- Some '='

            i <- i + 1

        let ws = i

        while i < n && Char.IsAsciiDigit spec.[i] do
            i <- i + 1

        let width = if i > ws then int (spec.Substring(ws, i - ws)) else 0
        let mutable grouping = None

        if i < n && (spec.[i] = ',' || spec.[i] = '_') then
            grouping <- Some spec.[i]
            i <- i + 1

        let mutable precision = None
        let mutable err = None

        if i < n && spec.[i] = '.' then
            i <- i + 1
            let ps = i

            while i < n && Char.IsAsciiDigit spec.[i] do
                i <- i + 1

            if i = ps then
                err <- Some "Format specifier missing precision"
            else
                precision <- Some(int (spec.Substring(ps, i - ps)))

        match err with
        | Some e -> Error e
        | None ->
            if n - i > 1 then
                Error(sprintf "Invalid format specifier '%s' for object of type '%s'" spec typeName)
            else
                Ok {
                    Fill = fill
                    Align = align
                    Sign = sign
                    NoNegZero = z
                    Alt = alt
                    Width = width
                    Grouping = grouping
                    Precision = precision
                    Type = if i < n then Some spec.[i] else None
                }

    let private align (s: FormatSpec) (defaultAlign: char) (sign: string) (prefix: string) (body: string) =
        let len = sign.Length + prefix.Length + body.Length
        let padN = max 0 (s.Width - len)
        let fill = String(s.Fill, padN)

        match defaultArg s.Align defaultAlign with
        | '<' -> sign + prefix + body + fill
        | '^' ->
            let l = padN / 2
            String(s.Fill, l) + sign + prefix + body + String(s.Fill, padN - l)
        | '=' -> sign + prefix + fill + body
        | _ -> fill + sign + prefix + body

    let private groupBody (g: char option) (body: string) (size: int) =
        match g with
        | None -> body
        | Some sep ->
            let dot = body.IndexOfAny [| '.'; 'e'; 'E'; '%' |]

            let ip, rest =
                if dot < 0 then
                    body, ""
                else
                    body.Substring(0, dot), body.Substring dot

            if ip |> Seq.forall Char.IsAsciiDigit then
                NumberFormat.group ip sep size + rest
            else
                body

    let private formatFloat (s: FormatSpec) (d: float) : Result<string, FormatError> =
        let t = s.Type
        let negative = Double.IsNegative d && not (Double.IsNaN d)

        let body =
            match t with
            | None ->
                match s.Precision with
                | None -> Ok(PyValue.floatRepr (abs d))
                | Some p ->
                    let b = NumberFormat.floatBody d 'g' p s.Alt

                    Ok(
                        if b.Contains '.' || b.Contains 'e' || b = "inf" || b = "nan" then
                            b
                        else
                            b + ".0"
                    )
            | Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' as c) ->
                let b =
                    NumberFormat.floatBody d (Char.ToLowerInvariant c) (defaultArg s.Precision 6) s.Alt

                Ok(if Char.IsUpper c then b.ToUpperInvariant() else b)
            | Some 'n' -> Ok(NumberFormat.floatBody d 'g' (defaultArg s.Precision 6) s.Alt)
            | Some '%' -> Ok(NumberFormat.floatBody (d * 100.0) 'f' (defaultArg s.Precision 6) s.Alt + "%")
            | Some c -> FormatError.valueError (sprintf "Unknown format code '%c' for object of type 'float'" c)

        body
        |> Result.map (fun b ->
            let negative = negative && not (s.NoNegZero && b.Trim('0', '.', '%') = "")

            let sign =
                match s.Sign with
                | Some '+' -> if negative then "-" else "+"
                | Some ' ' -> if negative then "-" else " "
                | _ -> if negative then "-" else ""

            align s '>' sign "" (groupBody s.Grouping b 3))

    /// Python's format(value, spec) for the values a log record holds.
    let formatValue (v: obj) (spec: string) : Result<string, FormatError> =
        let typeName = PyValue.typeName v

        let isStr =
            match v with
            | :? string
            | :? char -> true
            | _ -> false

        if spec = "" then
            Ok(PyValue.str v)
        elif isStr then
            match parseSpec spec typeName with
            | Error e -> FormatError.valueError e
            | Ok s ->
                match s.Type with
                | Some c when c <> 's' -> FormatError.valueError (sprintf "Unknown format code '%c' for object of type 'str'" c)
                | _ when s.Sign.IsSome -> FormatError.valueError "Sign not allowed in string format specifier"
                | _ when s.Alt -> FormatError.valueError "Alternate form (#) not allowed in string format specifier"
                | _ when s.Align = Some '=' -> FormatError.valueError "'=' alignment not allowed in string format specifier"
                | _ ->
                    let str = PyValue.str v

                    let str =
                        match s.Precision with
                        | Some p when p < str.Length -> str.Substring(0, p)
                        | _ -> str

                    Ok(align s '<' "" "" str)
        elif PyValue.isInteger v || (v :? bool) then
            match parseSpec spec typeName with
            | Error e -> FormatError.valueError e
            | Ok s ->
                match s.Type with
                | Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%') -> formatFloat s (PyValue.toDouble v)
                | Some('s' | 'r' | 'a' as c) -> FormatError.valueError (sprintf "Unknown format code '%c' for object of type 'int'" c)
                | _ when s.Precision.IsSome -> FormatError.valueError "Precision not allowed in integer format specifier"
                | Some 'c' ->
                    let n = PyValue.toBigInteger v
                    Ok(align s '<' "" "" (Char.ConvertFromUtf32(int n)))
                | t ->
                    let n = PyValue.toBigInteger v

                    let b, prefix, upper =
                        match t with
                        | Some 'b' -> 2, "0b", false
                        | Some 'o' -> 8, "0o", false
                        | Some 'x' -> 16, "0x", false
                        | Some 'X' -> 16, "0X", true
                        | _ -> 10, "", false

                    match t with
                    | Some c when not ("bdoxXn".Contains c) ->
                        FormatError.valueError (sprintf "Unknown format code '%c' for object of type '%s'" c typeName)
                    | _ ->
                        let digits = NumberFormat.intDigits n b upper

                        let digits =
                            match s.Grouping with
                            | Some sep -> NumberFormat.group digits sep (if b = 10 then 3 else 4)
                            | None -> digits

                        let sign =
                            match s.Sign with
                            | Some '+' -> if n.Sign < 0 then "-" else "+"
                            | Some ' ' -> if n.Sign < 0 then "-" else " "
                            | _ -> if n.Sign < 0 then "-" else ""

                        Ok(align s '>' sign (if s.Alt then prefix else "") digits)
        elif PyValue.isFloat v then
            match parseSpec spec typeName with
            | Error e -> FormatError.valueError e
            | Ok s -> formatFloat s (PyValue.toDouble v)
        else
            FormatError.typeError (sprintf "unsupported format string passed to %s.__format__" typeName)

    let private index (v: obj) (ix: string) : Result<obj, FormatError> =
        if ix.StartsWith "." then
            let p =
                if isNull v then
                    null
                else
                    v.GetType().GetProperty(ix.Substring 1)

            if isNull p then
                Error {
                    Kind = ValueError
                    Message = sprintf "'%s' object has no attribute %s" (PyValue.typeName v) (PyValue.stringRepr (ix.Substring 1))
                }
            else
                Ok(p.GetValue v)
        else
            match v, Int32.TryParse ix with
            | (:? Collections.IList as l), (true, n) when n >= 0 && n < l.Count -> Ok l.[n]
            | (:? PyTuple as t), (true, n) when n >= 0 && n < t.Items.Length -> Ok t.Items.[n]
            | _ ->
                match PyValue.tryLookup v ix with
                | ValueSome x -> Ok x
                | ValueNone -> FormatError.keyError ix

    /// Renders parsed parts with keyword values (Python's fmt.format(**values)).
    let rec render (parts: BracePart[]) (lookup: string -> obj voption) : Result<string, FormatError> =
        let sb = StringBuilder()
        let mutable err = None
        let mutable i = 0

        while err.IsNone && i < parts.Length do
            match parts.[i] with
            | Text t -> sb.Append t |> ignore
            | Field f ->
                let value =
                    if f.Name = "" || Char.IsAsciiDigit f.Name.[0] then
                        FormatError.valueError (
                            sprintf "Replacement index %s out of range for positional args tuple" (if f.Name = "" then "0" else f.Name)
                        )
                    else
                        match lookup f.Name with
                        | ValueSome v -> Ok v
                        | ValueNone -> FormatError.keyError f.Name

                let value =
                    f.Indexes
                    |> List.fold (fun acc ix -> acc |> Result.bind (fun v -> index v ix)) value

                let value =
                    value
                    |> Result.bind (fun v ->
                        match f.Conversion with
                        | None -> Ok v
                        | Some 'r' -> Ok(box (PyValue.repr v))
                        | Some 's' -> Ok(box (PyValue.str v))
                        | Some 'a' -> Ok(box (PyValue.ascii v))
                        | Some c -> FormatError.valueError (sprintf "Unknown conversion specifier %c" c))

                let spec = render f.Spec lookup

                match value, spec with
                | Ok v, Ok sp ->
                    match formatValue v sp with
                    | Ok s -> sb.Append s |> ignore
                    | Error e -> err <- Some e
                | Error e, _
                | _, Error e -> err <- Some e

            i <- i + 1

        match err with
        | Some e -> Error e
        | None -> Ok(sb.ToString())

/// A piece of a parsed string.Template ('$' formatter style).
type DollarPart =
    | DollarText of string
    | DollarField of string
    /// A '$' that starts no valid placeholder, with Python's line and column.
    | DollarInvalid of line: int * col: int

/// Python's string.Template: $name, ${name}, $$.
[<RequireQualifiedAccess>]
module DollarFormat =
    let private isIdStart c =
        c = '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')

    let private isId c = isIdStart c || (c >= '0' && c <= '9')

    /// Parses a template (never fails; an invalid '$' becomes DollarInvalid).
    let parse (s: string) : DollarPart[] =
        let parts = ResizeArray<DollarPart>()
        let lit = StringBuilder()

        let flush () =
            if lit.Length > 0 then
                parts.Add(DollarText(lit.ToString()))
                lit.Clear() |> ignore

        let mutable i = 0

        // a '$' that starts no placeholder: Python reports its line and column
        let invalid () =
            flush ()
            let before = s.Substring(0, i)
            let line = (before |> Seq.filter ((=) '\n') |> Seq.length) + 1
            parts.Add(DollarInvalid(line, i - before.LastIndexOf '\n'))
            i <- i + 1

        while i < s.Length do
            if s.[i] <> '$' then
                lit.Append s.[i] |> ignore
                i <- i + 1
            elif i + 1 < s.Length && s.[i + 1] = '$' then
                lit.Append '$' |> ignore
                i <- i + 2
            elif i + 1 < s.Length && isIdStart s.[i + 1] then
                flush ()
                let st = i + 1
                i <- i + 1

                while i < s.Length && isId s.[i] do
                    i <- i + 1

                parts.Add(DollarField(s.Substring(st, i - st)))
            elif i + 2 < s.Length && s.[i + 1] = '{' && isIdStart s.[i + 2] then
                let st = i + 2
                let mutable j = st

                while j < s.Length && isId s.[j] do
                    j <- j + 1

                if j < s.Length && s.[j] = '}' then
                    flush ()
                    parts.Add(DollarField(s.Substring(st, j - st)))
                    i <- j + 1
                else
                    invalid ()
            else
                invalid ()

        flush ()
        parts.ToArray()

    /// Template.substitute(**values): str() of each value, KeyError for a missing one.
    let render (parts: DollarPart[]) (lookup: string -> obj voption) : Result<string, FormatError> =
        let sb = StringBuilder()
        let mutable err = None

        for p in parts do
            if err.IsNone then
                match p with
                | DollarText t -> sb.Append t |> ignore
                | DollarField f ->
                    match lookup f with
                    | ValueSome v -> sb.Append(PyValue.str v) |> ignore
                    | ValueNone ->
                        err <-
                            Some {
                                Kind = KeyError
                                Message = PyValue.stringRepr f
                            }
                | DollarInvalid(l, c) ->
                    err <-
                        Some {
                            Kind = ValueError
                            Message = sprintf "Invalid placeholder in string: line %d, col %d" l c
                        }

        match err with
        | Some e -> Error e
        | None -> Ok(sb.ToString())
