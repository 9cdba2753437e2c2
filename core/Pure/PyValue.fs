namespace FuncLog

open System
open System.Collections
open System.Collections.Generic
open System.Globalization
open System.Numerics
open System.Text

/// A Python tuple of values: what str() shows as (a, b) or (a,).
[<Sealed>]
type PyTuple(items: obj[]) =
    /// The items.
    member _.Items = items

/// How Python's str(), repr() and type names render .NET values.
module internal PyValue =
    let private inv = CultureInfo.InvariantCulture

    /// Python's repr of a float's shortest round-trip digits (1.0, 1e+16, 1e-05, nan, inf).
    let private shortFloat (r: string) (isZero: bool) (negZero: bool) =
        if isZero then
            (if negZero then "-0.0" else "0.0")
        else
            let neg = r.StartsWith "-"
            let r = if neg then r.Substring 1 else r

            let mant, exp =
                match r.IndexOfAny [| 'E'; 'e' |] with
                | -1 -> r, 0
                | i -> r.Substring(0, i), int (r.Substring(i + 1))

            let ip, fp =
                match mant.IndexOf '.' with
                | -1 -> mant, ""
                | i -> mant.Substring(0, i), mant.Substring(i + 1)

            let all = ip + fp
            let trimmed = all.TrimStart '0'
            let lead = all.Length - trimmed.Length
            let digits = trimmed.TrimEnd '0'
            let decpt = ip.Length + exp - lead

            let body =
                if decpt > -4 && decpt <= 16 then
                    if decpt <= 0 then
                        "0." + String('0', -decpt) + digits
                    elif decpt >= digits.Length then
                        digits + String('0', decpt - digits.Length) + ".0"
                    else
                        digits.Substring(0, decpt) + "." + digits.Substring decpt
                else
                    let e = decpt - 1

                    let m =
                        if digits.Length > 1 then
                            digits.Substring(0, 1) + "." + digits.Substring 1
                        else
                            digits

                    m + "e" + (if e < 0 then "-" else "+") + (abs e).ToString("00", inv)

            (if neg then "-" else "") + body

    let private special (nan: bool) (posInf: bool) (negInf: bool) (digits: unit -> string) =
        if nan then "nan"
        elif posInf then "inf"
        elif negInf then "-inf"
        else digits ()

    /// Python's repr(float) for a double.
    let floatRepr (d: float) =
        special (Double.IsNaN d) (Double.IsPositiveInfinity d) (Double.IsNegativeInfinity d) (fun () ->
            shortFloat (d.ToString("R", inv)) (d = 0.0) (d = 0.0 && Double.IsNegative d))

    /// The shortest repr of a single-precision float (its own digits, not the widened double's).
    let singleRepr (f: float32) =
        special (Single.IsNaN f) (Single.IsPositiveInfinity f) (Single.IsNegativeInfinity f) (fun () ->
            shortFloat (f.ToString("R", inv)) (f = 0.0f) (f = 0.0f && Single.IsNegative f))

    let private isPrintable (cp: int) =
        if cp < 0x20 || cp = 0x7f then
            false
        elif cp < 0x7f then
            true
        else
            match CharUnicodeInfo.GetUnicodeCategory cp with
            | UnicodeCategory.Control
            | UnicodeCategory.Format
            | UnicodeCategory.Surrogate
            | UnicodeCategory.PrivateUse
            | UnicodeCategory.OtherNotAssigned
            | UnicodeCategory.LineSeparator
            | UnicodeCategory.ParagraphSeparator
            | UnicodeCategory.SpaceSeparator -> false
            | _ -> true

    /// The code point at i and how many chars it takes (a lone surrogate stands for itself).
    let private codePointAt (s: string) (i: int) =
        if Char.IsHighSurrogate s.[i] && i + 1 < s.Length && Char.IsLowSurrogate s.[i + 1] then
            Char.ConvertToUtf32(s.[i], s.[i + 1]), 2
        else
            int s.[i], 1

    /// Python's escape of a code point: \xNN, \uNNNN or \UNNNNNNNN.
    let private escape (sb: StringBuilder) (cp: int) =
        if cp < 0x100 then
            sb.Append("\\x").Append(cp.ToString("x2")) |> ignore
        elif cp < 0x10000 then
            sb.Append("\\u").Append(cp.ToString("x4")) |> ignore
        else
            sb.Append("\\U").Append(cp.ToString("x8")) |> ignore

    /// Python's repr of a str: quotes chosen as Python chooses them, escapes for what is not printable.
    let stringRepr (s: string) =
        let quote =
            if s.Contains '\'' && not (s.Contains '"') then
                '"'
            else
                '\''

        let sb = StringBuilder(s.Length + 2)
        sb.Append quote |> ignore
        let mutable i = 0

        while i < s.Length do
            let c = s.[i]

            let cp, width = codePointAt s i

            if c = quote || c = '\\' then
                sb.Append('\\').Append(c) |> ignore
            elif c = '\t' then
                sb.Append "\\t" |> ignore
            elif c = '\n' then
                sb.Append "\\n" |> ignore
            elif c = '\r' then
                sb.Append "\\r" |> ignore
            elif isPrintable cp then
                sb.Append(s, i, width) |> ignore
            else
                escape sb cp

            i <- i + width

        sb.Append(quote).ToString()

    /// True for the .NET types Python would treat as int.
    let isInteger (o: obj) =
        match o with
        | :? int
        | :? int64
        | :? int16
        | :? sbyte
        | :? byte
        | :? uint16
        | :? uint32
        | :? uint64
        | :? BigInteger
        | :? Int128
        | :? UInt128
        | :? nativeint
        | :? unativeint -> true
        | _ -> false

    /// The value as a BigInteger, for the integer types and bool.
    let toBigInteger (o: obj) : BigInteger =
        match o with
        | :? bool as b -> if b then BigInteger.One else BigInteger.Zero
        | :? int as v -> BigInteger v
        | :? int64 as v -> BigInteger v
        | :? int16 as v -> BigInteger(int v)
        | :? sbyte as v -> BigInteger(int v)
        | :? byte as v -> BigInteger(int v)
        | :? uint16 as v -> BigInteger(int v)
        | :? uint32 as v -> BigInteger v
        | :? uint64 as v -> BigInteger v
        | :? BigInteger as v -> v
        | :? Int128 as v -> BigInteger.Parse(v.ToString(null, inv), inv)
        | :? UInt128 as v -> BigInteger.Parse(v.ToString(null, inv), inv)
        | :? nativeint as v -> BigInteger(int64 v)
        | :? unativeint as v -> BigInteger(uint64 v)
        | _ -> invalidArg "o" "not an integer"

    /// True for the .NET types Python would treat as float.
    let isFloat (o: obj) =
        match o with
        | :? float
        | :? float32
        | :? decimal
        | :? Half -> true
        | _ -> false

    /// The value as a double, for numbers and bool.
    let toDouble (o: obj) : float =
        match o with
        | :? float as d -> d
        | :? float32 as f -> float f
        | :? decimal as m -> float m
        | :? Half as h -> float h
        | :? bool as b -> if b then 1.0 else 0.0
        | :? int as v -> float v
        | :? int64 as v -> float v
        | o when isInteger o ->
            let b = toBigInteger o

            if b >= BigInteger Int64.MinValue && b <= BigInteger Int64.MaxValue then
                float (int64 b)
            elif b.GetBitLength() > 1025L then
                if b.Sign < 0 then
                    Double.NegativeInfinity
                else
                    Double.PositiveInfinity
            else
                // correctly rounded, as Python's float(int) (BigInteger's conversion truncates); infinity when
                // too large, which callers report as Python's OverflowError
                Double.Parse(b.ToString(inv), NumberStyles.Float, inv)
        | _ -> invalidArg "o" "not a number"

    let private isMapping (o: obj) =
        match o with
        | :? IDictionary -> true
        | _ ->
            o.GetType().GetInterfaces()
            |> Array.exists (fun i ->
                i.IsGenericType
                && (i.GetGenericTypeDefinition() = typedefof<IReadOnlyDictionary<_, _>>
                    || i.GetGenericTypeDefinition() = typedefof<IDictionary<_, _>>))

    /// Python's type name for a value, as error messages show it (str, int, float, NoneType, ...).
    let typeName (o: obj) =
        match o with
        | null -> "NoneType"
        | :? string
        | :? char -> "str"
        | :? bool -> "bool"
        | o when isInteger o -> "int"
        | o when isFloat o -> "float"
        | :? PyTuple -> "tuple"
        | o when isMapping o -> "dict"
        | :? IEnumerable -> "list"
        | o -> o.GetType().Name

    let rec private pairs (o: obj) : (obj * obj) seq option =
        match o with
        | :? IDictionary as d ->
            Some(
                seq {
                    let e = d.GetEnumerator()

                    while e.MoveNext() do
                        yield e.Key, e.Value
                }
            )
        | _ ->
            if isMapping o then
                Some(
                    seq {
                        for item in (o :?> IEnumerable) do
                            let t = item.GetType()
                            yield t.GetProperty("Key").GetValue item, t.GetProperty("Value").GetValue item
                    }
                )
            else
                None

    /// Python's repr() of a value.
    let rec repr (o: obj) : string =
        match o with
        | null -> "None"
        | :? string as s -> stringRepr s
        | :? char as c -> stringRepr (string c)
        | :? PyTuple as t ->
            match t.Items.Length with
            | 1 -> "(" + repr t.Items.[0] + ",)"
            | _ -> "(" + String.Join(", ", t.Items |> Array.map repr) + ")"
        | :? Exception as e -> e.GetType().Name + "(" + stringRepr e.Message + ")"
        | o ->
            match pairs o with
            | Some ps ->
                "{"
                + String.Join(", ", ps |> Seq.map (fun (k, v) -> repr k + ": " + repr v))
                + "}"
            | None ->
                match o with
                | :? IEnumerable as e when not (o :? IFormattable) -> "[" + String.Join(", ", e |> Seq.cast<obj> |> Seq.map repr) + "]"
                | _ -> str o

    /// Python's str() of a value: None, True/False, 1.0, the string itself, ToString() for others.
    and str (o: obj) : string =
        match o with
        | null -> "None"
        | :? string as s -> s
        | :? bool as b -> if b then "True" else "False"
        | :? char as c -> string c
        | :? float as d -> floatRepr d
        | :? float32 as f -> singleRepr f
        | :? Half as h -> singleRepr (float32 h)
        | :? Exception as e -> e.Message
        | :? PyTuple -> repr o
        | :? IFormattable as f -> f.ToString(null, inv)
        | o ->
            match pairs o with
            | Some _ -> repr o
            | None ->
                match o with
                | :? IEnumerable -> repr o
                | _ ->
                    match o.ToString() with
                    | null -> ""
                    | s -> s

    /// Python's ascii(): repr with every non-ASCII character escaped.
    let ascii (o: obj) =
        let r = repr o
        let sb = StringBuilder()
        let mutable i = 0

        while i < r.Length do
            let c = r.[i]

            if int c < 128 then
                sb.Append c |> ignore
                i <- i + 1
            else
                let cp, w = codePointAt r i
                escape sb cp
                i <- i + w

        sb.ToString()

    /// Looks a key up in a mapping value (IDictionary, IReadOnlyDictionary, IDictionary of string keys).
    let tryLookup (mapping: obj) (key: string) : obj voption =
        match mapping with
        | :? IReadOnlyDictionary<string, obj> as d ->
            match d.TryGetValue key with
            | true, v -> ValueSome v
            | _ -> ValueNone
        | :? IDictionary<string, obj> as d ->
            match d.TryGetValue key with
            | true, v -> ValueSome v
            | _ -> ValueNone
        | :? IDictionary as d -> if d.Contains key then ValueSome d.[key] else ValueNone
        | _ ->
            match pairs mapping with
            | Some ps ->
                match ps |> Seq.tryFind (fun (k, _) -> (k :? string) && (k :?> string) = key) with
                | Some(_, v) -> ValueSome v
                | None -> ValueNone
            | None -> ValueNone

    /// The (key, value) pairs of a mapping value (IDictionary, IReadOnlyDictionary, a sequence of
    /// KeyValuePair), in its order; None for a value that is not a mapping.
    let mappingPairs (o: obj) : (obj * obj) seq option =
        if isNull o || o :? string then None else pairs o

    /// True when the value is a mapping with at least one entry (Python's rule for a lone dict argument).
    let isNonEmptyMapping (o: obj) =
        not (isNull o)
        && not (o :? string)
        && (match pairs o with
            | Some ps -> not (Seq.isEmpty ps)
            | None -> false)
