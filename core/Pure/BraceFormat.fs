namespace FuncLog

open System
open System.Text

/// A replacement field of str.format: {name[index]!conv:spec}.
type internal BraceField = {
    Name: string
    Indexes: string list
    Conversion: char option
    /// The format spec as written.
    RawSpec: string
    /// The format spec, itself a template when it nests fields ({x:{width}}).
    Spec: BracePart[]
}

/// A piece of a parsed str.format template.
and internal BracePart =
    | Text of string
    | Field of BraceField

/// Python's str.format (the '{}' formatter style) and format() of values.
[<RequireQualifiedAccess>]
module internal BraceFormat =

    /// Parses a str.format template, or returns Python's ValueError message.
    let rec parse (s: string) : Result<BracePart[], string> =
        // Long by design: one pass over the template as CPython's MarkupIterator walks it (literal, field name,
        // conversion, spec with nested fields), the states sharing one cursor.
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

    /// Python's format(value, spec) for the values a log record holds (see PyFormat).
    let formatValue (v: obj) (spec: string) : Result<string, FormatError> = PyFormat.format v spec

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
type internal DollarPart =
    | DollarText of string
    | DollarField of string
    /// A '$' that starts no valid placeholder, with Python's line and column.
    | DollarInvalid of line: int * col: int

/// Python's string.Template: $name, ${name}, $$.
[<RequireQualifiedAccess>]
module internal DollarFormat =
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
