namespace FuncLog

open System
open System.Numerics
open System.Text

/// A parsed format spec: [[fill]align][sign][z][#][0][width][grouping][.precision][type], as CPython's
/// parse_internal_render_format_spec reads it. Widths and the fill count code points; the fill is one code
/// point (a surrogate pair is one).
type internal FormatSpec = {
    Fill: string
    Align: char
    Sign: char
    NoNegZero: bool
    Alt: bool
    /// -1 when not given.
    Width: int
    /// '\000' none, ',' or '_' every three digits, '4' '_' every four (b, o, x, X).
    Grouping: char
    /// -1 when not given.
    Precision: int
    /// '\000' when not given.
    Type: char
}

/// Python's format(value, spec) for the values a log record holds: a port of CPython 3.13's
/// Python/formatter_unicode.c (strings, integers, bool, floats), checks and messages in CPython's order.
[<RequireQualifiedAccess>]
module internal PyFormat =
    let private isAlign (c: char) =
        c = '<' || c = '>' || c = '=' || c = '^'

    let private cpLen (s: string) = FastText.pyLen s

    /// parse_internal_render_format_spec: the spec, or the ValueError message.
    let parse (spec: string) (typeName: string) (defaultType: char) (defaultAlign: char) : Result<FormatSpec, string> =
        // Long by design: a port of formatter_unicode.c's parse_internal_render_format_spec, which reads the
        // spec's fields in one fixed order and checks their combinations at the end, as CPython does.
        let n = spec.Length
        // the first code point, when the spec starts with one (a pair takes two chars)
        let first = if n >= 2 && Char.IsSurrogatePair(spec, 0) then 2 else 1
        let mutable i = 0
        let mutable fill = " "
        let mutable align = defaultAlign
        let mutable fillGiven = false
        let mutable alignGiven = false

        if n > first && isAlign spec.[first] then
            fill <- spec.Substring(0, first)
            align <- spec.[first]
            fillGiven <- true
            alignGiven <- true
            i <- first + 1
        elif n >= 1 && isAlign spec.[0] then
            align <- spec.[0]
            alignGiven <- true
            i <- 1

        let mutable sign = '\000'

        if i < n && (spec.[i] = '+' || spec.[i] = '-' || spec.[i] = ' ') then
            sign <- spec.[i]
            i <- i + 1

        let mutable z = false

        if i < n && spec.[i] = 'z' then
            z <- true
            i <- i + 1

        let mutable alt = false

        if i < n && spec.[i] = '#' then
            alt <- true
            i <- i + 1

        if not fillGiven && i < n && spec.[i] = '0' then
            fill <- "0"

            if not alignGiven && defaultAlign = '>' then
                align <- '='

            i <- i + 1

        let number () =
            let s = i

            while i < n && Char.IsAsciiDigit spec.[i] do
                i <- i + 1

            if i = s then
                Ok -1
            else
                match Int32.TryParse(spec.AsSpan(s, i - s)) with
                | true, v -> Ok v
                | _ -> Error "Too many decimal digits in format string"

        match number () with
        | Error e -> Error e
        | Ok width ->
            let mutable grouping = '\000'
            let mutable err = None

            if i < n && spec.[i] = ',' then
                grouping <- ','
                i <- i + 1

            if i < n && spec.[i] = '_' then
                if grouping <> '\000' then
                    err <- Some "Cannot specify both ',' and '_'."
                else
                    grouping <- '_'
                    i <- i + 1

            if err.IsNone && i < n && spec.[i] = ',' && grouping = '_' then
                err <- Some "Cannot specify both ',' and '_'."

            let mutable precision = -1

            if err.IsNone && i < n && spec.[i] = '.' then
                i <- i + 1

                match number () with
                | Error e -> err <- Some e
                | Ok -1 -> err <- Some "Format specifier missing precision"
                | Ok p -> precision <- p

            match err with
            | Some e -> Error e
            | None when n - i > 1 -> Error(sprintf "Invalid format specifier '%s' for object of type '%s'" spec typeName)
            | None ->
                let t = if i < n then spec.[i] else defaultType

                let bad (t: char) =
                    if t > ' ' && t < '\128' then
                        Error(sprintf "Cannot specify '%c' with '%c'." grouping t)
                    else
                        Error(sprintf "Cannot specify '%c' with '\\x%x'." grouping (int t))

                let grouping =
                    match grouping, t with
                    | '\000', _ -> Ok '\000'
                    | _, ('d' | 'e' | 'f' | 'g' | 'E' | 'G' | '%' | 'F' | '\000') -> Ok grouping
                    | '_', ('b' | 'o' | 'x' | 'X') -> Ok '4'
                    | _, t -> bad t

                grouping
                |> Result.map (fun g -> {
                    Fill = fill
                    Align = align
                    Sign = sign
                    NoNegZero = z
                    Alt = alt
                    Width = width
                    Grouping = g
                    Precision = precision
                    Type = t
                })

    let private unknownType (t: char) (typeName: string) =
        if t > ' ' && t < '\128' then
            FormatError.valueError (sprintf "Unknown format code '%c' for object of type '%s'" t typeName)
        else
            FormatError.valueError (sprintf "Unknown format code '\\x%x' for object of type '%s'" (int t) typeName)

    let private repeat (s: string) (count: int) =
        if count <= 0 then "" else String.replicate count s

    /// _PyUnicode_InsertThousandsGrouping: the digits grouped (size 0: none), padded on the left with zero
    /// digits (grouped too) up to minWidth.
    let private groupDigits (digits: string) (size: int) (sep: string) (minWidth: int) =
        let parts = Collections.Generic.List<string>()
        let mutable remaining = digits.Length
        let mutable minWidth = max 0 minWidth
        let mutable pos = digits.Length
        let mutable broken = false

        let take (len: int) =
            let zeros = max 0 (len - remaining)
            let chars = max 0 (min remaining len)
            pos <- pos - chars
            parts.Add(String('0', zeros) + digits.Substring(pos, chars))
            remaining <- remaining - chars

        if size > 0 then
            while not broken do
                let len = min size (max (max remaining minWidth) 1)
                take len
                minWidth <- minWidth - len

                if remaining <= 0 && minWidth <= 0 then
                    broken <- true
                else
                    minWidth <- minWidth - sep.Length

        if not broken then
            take (max (max remaining minWidth) 1)

        parts.Reverse()
        String.Join(sep, parts)

    /// calc_number_widths + fill_number: sign, prefix, the digits (grouped), the rest ('.' and after, or a
    /// character), aligned and filled to the width.
    let private number (s: FormatSpec) (negative: bool) (prefix: string) (digits: string) (remainder: string) =
        let sign =
            match s.Sign with
            | '+' -> if negative then "-" else "+"
            | ' ' -> if negative then "-" else " "
            | _ -> if negative then "-" else ""

        let fixedLen = sign.Length + prefix.Length + cpLen remainder
        let minWidth = if s.Fill = "0" && s.Align = '=' then s.Width - fixedLen else 0

        let grouped =
            if digits.Length = 0 then
                ""
            else
                match s.Grouping with
                | ',' -> groupDigits digits 3 "," minWidth
                | '_' -> groupDigits digits 3 "_" minWidth
                | '4' -> groupDigits digits 4 "_" minWidth
                | _ -> groupDigits digits 0 "" minWidth

        let padding = s.Width - (fixedLen + grouped.Length)

        if padding <= 0 then
            sign + prefix + grouped + remainder
        else
            match s.Align with
            | '<' -> sign + prefix + grouped + remainder + repeat s.Fill padding
            | '^' ->
                let l = padding / 2
                repeat s.Fill l + sign + prefix + grouped + remainder + repeat s.Fill (padding - l)
            | '=' -> sign + prefix + repeat s.Fill padding + grouped + remainder
            | _ -> repeat s.Fill padding + sign + prefix + grouped + remainder

    /// format_string_internal.
    let private formatString (s: FormatSpec) (str: string) : Result<string, FormatError> =
        if s.Sign = ' ' then
            FormatError.valueError "Space not allowed in string format specifier"
        elif s.Sign <> '\000' then
            FormatError.valueError "Sign not allowed in string format specifier"
        elif s.NoNegZero then
            FormatError.valueError "Negative zero coercion (z) not allowed in string format specifier"
        elif s.Alt then
            FormatError.valueError "Alternate form (#) not allowed in string format specifier"
        elif s.Align = '=' then
            FormatError.valueError "'=' alignment not allowed in string format specifier"
        else
            let str = if s.Precision >= 0 then FastText.prefix s.Precision str else str
            let padding = s.Width - cpLen str

            if padding <= 0 then
                Ok str
            else
                match s.Align with
                | '>' -> Ok(repeat s.Fill padding + str)
                | '^' ->
                    let l = padding / 2
                    Ok(repeat s.Fill l + str + repeat s.Fill (padding - l))
                | _ -> Ok(str + repeat s.Fill padding)

    /// PyOS_double_to_string for types e, f, g, r (and their capitals) with Python's flags: the text of the
    /// number with its '-' (none for a negative zero when z asks, after rounding).
    let private floatText (d: float) (t: char) (precision: int) (alt: bool) (addDot0: bool) (noNegZero: bool) =
        let lower = Char.ToLowerInvariant t

        // 'g' drops trailing zeros of the mantissa unless '#' keeps them
        let stripMantissa (text: string) =
            if alt then
                text
            else
                let e = text.IndexOf 'e'
                let mant = if e < 0 then text else text.Substring(0, e)
                let mant = if mant.Contains '.' then mant.TrimEnd('0').TrimEnd('.') else mant
                mant + (if e < 0 then "" else text.Substring e)

        let body =
            match lower with
            | 'r' ->
                let r = PyValue.floatRepr (abs d)
                // '#' always shows a decimal point
                if alt && not (r.Contains '.') && r.Contains 'e' then r.Replace("e", ".e") else r
            | 'g' when addDot0 && not (Double.IsNaN d || Double.IsInfinity d) ->
                // no type but a precision: 'g', but fixed only while the exponent is below precision - 1,
                // and then with a ".0" when there is no point
                let p = if precision = 0 then 1 else precision
                let e = NumberFormat.floatBody d 'e' (p - 1) false
                let exp = int (e.Substring(e.IndexOf 'e' + 1))

                if exp < -4 || exp >= p - 1 then
                    stripMantissa (NumberFormat.floatBody d 'e' (p - 1) alt)
                else
                    let f = NumberFormat.floatBody d 'g' p alt
                    if f.Contains '.' then f else f + ".0"
            | c -> NumberFormat.floatBody d c precision alt

        let body = if Char.IsUpper t then body.ToUpperInvariant() else body
        let negative = Double.IsNegative d && not (Double.IsNaN d)
        // z: a negative number that rounds to zero is written without its sign
        let zeroDigits = body.Split('e', 'E').[0] |> Seq.forall (fun c -> c = '0' || c = '.' || c = '%')
        (negative && not (noNegZero && zeroDigits)), body

    /// format_float_internal.
    let private formatFloat (s: FormatSpec) (d: float) : Result<string, FormatError> =
        let t, precision, addDot0 =
            match s.Type with
            | '\000' when s.Precision < 0 -> 'r', 0, true
            | '\000' -> 'g', s.Precision, true
            | 'n' -> 'g', (if s.Precision < 0 then 6 else s.Precision), false
            | '%' -> 'f', (if s.Precision < 0 then 6 else s.Precision), false
            | t -> t, (if s.Precision < 0 then 6 else s.Precision), false

        let d = if s.Type = '%' then d * 100.0 else d
        let negative, body = floatText d t precision s.Alt addDot0 s.NoNegZero
        let body = if s.Type = '%' then body + "%" else body
        // digits, then the remainder: the decimal point and what follows, or an exponent, or "nan"/"inf"
        let k = body |> Seq.takeWhile Char.IsAsciiDigit |> Seq.length
        Ok(number s negative "" (body.Substring(0, k)) (body.Substring k))

    /// format_long_internal.
    let private formatInt (s: FormatSpec) (n: BigInteger) : Result<string, FormatError> =
        if s.Precision >= 0 then
            FormatError.valueError "Precision not allowed in integer format specifier"
        elif s.NoNegZero then
            FormatError.valueError "Negative zero coercion (z) not allowed in integer format specifier"
        elif s.Type = 'c' then
            if s.Sign <> '\000' then
                FormatError.valueError "Sign not allowed with integer format specifier 'c'"
            elif s.Alt then
                FormatError.valueError "Alternate form (#) not allowed with integer format specifier 'c'"
            elif n < BigInteger.Zero || n > BigInteger 0x10FFFF then
                Error {
                    Kind = OverflowError
                    Message = "%c arg not in range(0x110000)"
                }
            else
                let cp = int n
                let c = if cp >= 0xD800 && cp <= 0xDFFF then string (char cp) else Char.ConvertFromUtf32 cp
                Ok(number s false "" "" c)
        else
            let b, prefix =
                match s.Type with
                | 'b' -> 2, "0b"
                | 'o' -> 8, "0o"
                | 'x' -> 16, "0x"
                | 'X' -> 16, "0X"
                | _ -> 10, ""

            let digits = NumberFormat.intDigits n b (s.Type = 'X')
            Ok(number s (n.Sign < 0) (if s.Alt then prefix else "") digits "")

    /// Python's format(value, spec).
    let format (v: obj) (spec: string) : Result<string, FormatError> =
        let typeName = PyValue.typeName v

        match v with
        | _ when spec = "" -> Ok(PyValue.str v)
        | :? string
        | :? char ->
            parse spec typeName 's' '<'
            |> Result.mapError (fun e -> { Kind = ValueError; Message = e })
            |> Result.bind (fun s ->
                if s.Type = 's' then
                    formatString s (PyValue.str v)
                else
                    unknownType s.Type typeName)
        | _ when PyValue.isInteger v || (v :? bool) ->
            parse spec typeName 'd' '>'
            |> Result.mapError (fun e -> { Kind = ValueError; Message = e })
            |> Result.bind (fun s ->
                match s.Type with
                | 'b'
                | 'c'
                | 'd'
                | 'o'
                | 'x'
                | 'X'
                | 'n' -> formatInt s (PyValue.toBigInteger v)
                | 'e'
                | 'E'
                | 'f'
                | 'F'
                | 'g'
                | 'G'
                | '%' ->
                    let d = PyValue.toDouble v

                    if Double.IsInfinity d then
                        Error {
                            Kind = OverflowError
                            Message = "int too large to convert to float"
                        }
                    else
                        formatFloat s d
                | t -> unknownType t typeName)
        | _ when PyValue.isFloat v ->
            parse spec typeName '\000' '>'
            |> Result.mapError (fun e -> { Kind = ValueError; Message = e })
            |> Result.bind (fun s ->
                match s.Type with
                | '\000'
                | 'e'
                | 'E'
                | 'f'
                | 'F'
                | 'g'
                | 'G'
                | 'n'
                | '%' -> formatFloat s (PyValue.toDouble v)
                | t -> unknownType t typeName)
        | _ -> FormatError.typeError (sprintf "unsupported format string passed to %s.__format__" typeName)
