namespace FuncLog

open System
open System.Collections.Concurrent
open System.Numerics
open System.Text

/// Python's printf-style `%` operator: templates (PercentParse) rendered with arguments; errors as values.
[<RequireQualifiedAccess>]
module internal PercentFormat =
    // the parsed templates, remembered here so that formatting a message is one step from the record
    let private templates = Scratch.Memo<PercentTemplate>(PercentParse.parse)
    let private parseCached (fmt: string) = templates.Get fmt

    let private intOf (conv: char) (v: obj) : Result<BigInteger, FormatError> =
        match v with
        | :? bool as b -> Ok(if b then BigInteger.One else BigInteger.Zero)
        | v when PyValue.isInteger v -> Ok(PyValue.toBigInteger v)
        | v when (conv = 'd' || conv = 'i' || conv = 'u') && PyValue.isFloat v ->
            let d = PyValue.toDouble v

            if Double.IsNaN d then
                FormatError.valueError "cannot convert float NaN to integer"
            elif Double.IsInfinity d then
                Error {
                    Kind = OverflowError
                    Message = "cannot convert float infinity to integer"
                }
            else
                match v with
                | :? decimal as m -> Ok(BigInteger(Decimal.Truncate m))
                | _ -> Ok(BigInteger(Math.Truncate d))
        | v when conv = 'd' || conv = 'i' || conv = 'u' ->
            FormatError.typeError (sprintf "%%%c format: a real number is required, not %s" conv (PyValue.typeName v))
        | v -> FormatError.typeError (sprintf "%%%c format: an integer is required, not %s" conv (PyValue.typeName v))

    /// The first p code points (Python's precision on %s, %r, %a).
    let private truncate (p: int option) (s: string) =
        match p with
        | Some p -> FastText.prefix p s
        | _ -> s

    /// Renders one conversion of value v with the resolved width and precision.
    let renderValue (spec: PercentSpec) (width: int) (prec: int option) (v: obj) : Result<string, FormatError> =
        // Long by design: one arm per conversion (CPython's formatlong/formatfloat/formatchar), each short.
        let text s =
            Ok(NumberFormat.pad "" "" (truncate prec s) width spec.Left false)

        match spec.Conv with
        | 's' -> text (PyValue.str v)
        | 'r' -> text (PyValue.repr v)
        | 'a' -> text (PyValue.ascii v)
        | '%' -> Ok "%"
        | 'c' ->
            // the precision means nothing to %c
            let text s =
                Ok(NumberFormat.pad "" "" s width spec.Left false)

            match v with
            | :? string as s when s.Length = 1 || (s.Length = 2 && Char.IsSurrogatePair(s, 0)) -> text s
            | :? char as c -> text (string c)
            | v when PyValue.isInteger v || (v :? bool) ->
                let n = PyValue.toBigInteger v

                if n < BigInteger.Zero || n >= BigInteger 0x110000 then
                    Error {
                        Kind = OverflowError
                        Message = "%c arg not in range(0x110000)"
                    }
                else
                    text (
                        if n >= BigInteger 0xD800 && n <= BigInteger 0xDFFF then
                            string (char (int n))
                        else
                            Char.ConvertFromUtf32(int n)
                    )
            | _ -> FormatError.typeError "%c requires int or char"
        | 'd'
        | 'i'
        | 'u'
        | 'o'
        | 'x'
        | 'X' as conv ->
            intOf conv v
            |> Result.map (fun n ->
                let b, prefix =
                    match conv with
                    | 'o' -> 8, (if spec.Alt then "0o" else "")
                    | 'x' -> 16, (if spec.Alt then "0x" else "")
                    | 'X' -> 16, (if spec.Alt then "0X" else "")
                    | _ -> 10, ""

                let digits = NumberFormat.intDigits n b (conv = 'X')

                let digits =
                    match prec with
                    | Some p when p > digits.Length -> String('0', p - digits.Length) + digits
                    | _ -> digits

                let sign = NumberFormat.sign (n.Sign < 0) spec.Plus spec.Space
                NumberFormat.pad sign prefix digits width spec.Left spec.Zero)
        | 'e'
        | 'E'
        | 'f'
        | 'F'
        | 'g'
        | 'G' as conv ->
            match v with
            | _ when PyValue.isInteger v && Double.IsInfinity(PyValue.toDouble v) ->
                Error {
                    Kind = OverflowError
                    Message = "int too large to convert to float"
                }
            | _ when PyValue.isInteger v || PyValue.isFloat v || (v :? bool) ->
                let d = PyValue.toDouble v

                let body =
                    NumberFormat.floatBody d (Char.ToLowerInvariant conv) (defaultArg prec 6) spec.Alt

                let body = if Char.IsUpper conv then body.ToUpperInvariant() else body

                let sign =
                    NumberFormat.sign (Double.IsNegative d && not (Double.IsNaN d)) spec.Plus spec.Space

                Ok(NumberFormat.pad sign "" body width spec.Left spec.Zero)
            | _ -> FormatError.typeError (sprintf "must be real number, not %s" (PyValue.typeName v))
        | c -> FormatError.valueError (sprintf "unsupported format character '%c'" c)

    /// The largest width or precision FuncLog renders. CPython would try to build a string of any size
    /// (and fail with MemoryError near 2^31); a logging call must not exhaust memory, so larger ones are
    /// reported as "width too big" / "precision too big".
    [<Literal>]
    let MaxWidth = 1_000_000

    /// Renders a template with arguments: Python's `fmt % args`, or the error Python raises.
    let render (t: PercentTemplate) (args: PercentArgs) : Result<string, FormatError> =
        // Long by design: the hot path of %-formatting; one loop without closures or allocations per part,
        // so that the JIT keeps it tight (see bench/).
        let sb = StringBuilder()
        let mutable argi = 0
        let mutable mappingUsed = false
        let mutable err = None

        let nextArg () : Result<obj, FormatError> =
            match args with
            | Positional a ->
                if argi < a.Length then
                    argi <- argi + 1
                    Ok a.[argi - 1]
                else
                    FormatError.typeError "not enough arguments for format string"
            | Mapping(m, _) ->
                if mappingUsed then
                    FormatError.typeError "not enough arguments for format string"
                else
                    mappingUsed <- true
                    Ok m

        let star (what: string) =
            nextArg ()
            |> Result.bind (fun v ->
                if PyValue.isInteger v then
                    let n = PyValue.toBigInteger v

                    if n > BigInteger Int32.MaxValue || n < BigInteger -Int32.MaxValue then
                        Error {
                            Kind = OverflowError
                            Message = "Python int too large to convert to C " + what
                        }
                    else
                        Ok(int n)
                else
                    FormatError.typeError "* wants int")

        let bounded (what: string) (n: int) =
            if n > MaxWidth then
                FormatError.valueError (what + " too big")
            else
                Ok n

        let mutable i = 0

        while err.IsNone && i < t.Parts.Length do
            match t.Parts.[i] with
            | Literal s -> sb.Append s |> ignore
            | Malformed e -> err <- Some e
            | Conversion spec ->
                let result =
                    let width =
                        match spec.Width with
                        | NoWidth -> Ok(0, spec.Left)
                        | Fixed w -> bounded "width" w |> Result.map (fun w -> w, spec.Left)
                        | Star ->
                            star "ssize_t"
                            |> Result.bind (fun w -> bounded "width" (abs w) |> Result.map (fun a -> a, (w < 0 || spec.Left)))

                    width
                    |> Result.bind (fun (w, left) ->
                        let prec =
                            match spec.Precision with
                            | NoWidth -> Ok None
                            | Fixed p -> bounded "precision" p |> Result.map Some
                            | Star ->
                                star "int"
                                |> Result.bind (fun p -> bounded "precision" (max p 0) |> Result.map Some)

                        prec
                        |> Result.bind (fun p ->
                            let value =
                                match spec.Key with
                                | Some k ->
                                    match args with
                                    | Mapping(_, lookup) ->
                                        // CPython: after a keyed conversion, a bare one finds no argument left
                                        mappingUsed <- true

                                        match lookup k with
                                        | ValueSome v -> Ok v
                                        | ValueNone -> FormatError.keyError k
                                    | Positional _ -> FormatError.typeError "format requires a mapping"
                                | None -> nextArg ()

                            value |> Result.bind (renderValue { spec with Left = left } w p)))

                match result with
                | Ok s -> sb.Append s |> ignore
                | Error e -> err <- Some e

            i <- i + 1

        match err with
        | Some e -> Error e
        | None ->
            match args with
            | Positional a when argi < a.Length -> FormatError.typeError "not all arguments converted during string formatting"
            | _ -> Ok(sb.ToString())

    /// The fast path's walk: the template's literals and, for its i-th plain conversion, `append i conv`;
    /// false (sb cut back) when the template has another count of conversions or `append` declines one.
    let inline private appendParts
        (t: PercentTemplate)
        (count: int)
        ([<InlineIfLambda>] append: int -> char -> bool)
        (sb: StringBuilder)
        : bool =
        if t.SimpleCount <> count then
            false
        else
            let start = sb.Length
            let mutable ok = true
            let mutable i = 0
            let parts = t.Parts
            let mutable j = 0

            while ok && j < parts.Length do
                match parts.[j] with
                | Literal s -> sb.Append s |> ignore
                | Conversion c ->
                    ok <- append i c.Conv
                    i <- i + 1
                | Malformed _ -> ok <- false

                j <- j + 1

            if not ok then
                sb.Length <- start

            ok

    /// The fast path: appends a template's plain %s/%d of strings and machine integers to sb without boxing
    /// or BigInteger; false (sb cut back) when the template or an argument needs the general renderer.
    let private appendSimple (t: PercentTemplate) (a: obj[]) (sb: StringBuilder) : bool =
        appendParts
            t
            a.Length
            (fun i conv ->
                match a.[i] with
                | :? string as s when conv = 's' ->
                    sb.Append s |> ignore
                    true
                | :? int as n ->
                    FastText.appendInt sb (int64 n)
                    true
                | :? int64 as n ->
                    FastText.appendInt sb n
                    true
                | _ -> false)
            sb

    /// Appends `fmt % args` to sb from a typed pack on the fast path; false (sb unchanged) when the general
    /// renderer is needed.
    let tryAppendPack (fmt: string) (pack: ArgPack) (sb: StringBuilder) : bool =
        appendParts (parseCached fmt) pack.Count (fun i conv -> pack.TryAppendSimple(i, conv, sb)) sb

    /// Appends `fmt % args` to sb on the fast path; false (sb unchanged) when the general renderer is needed.
    let tryAppend (fmt: string) (a: obj[]) (sb: StringBuilder) : bool = appendSimple (parseCached fmt) a sb

    /// `fmt % args` in one call (parsing through the memo).
    let format (fmt: string) (args: PercentArgs) =
        let t = parseCached fmt

        match args with
        | Positional a when t.SimpleCount >= 0 ->
            let sb = Scratch.rentBuilder ()

            let result =
                if appendSimple t a sb then
                    Ok(sb.ToString())
                else
                    render t args

            Scratch.returnBuilder sb
            result
        | _ -> render t args
