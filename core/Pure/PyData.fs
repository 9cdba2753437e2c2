namespace FuncLog

open System
open System.Numerics
open System.Text

/// A Python value as data: what a pickle, a JSON or YAML document, an INI literal, a record's wire dict or a
/// configuration built in code holds. One type for all of them, so a value read from one can be written to
/// another.
[<RequireQualifiedAccess; CustomEquality; NoComparison>]
type internal PyData =
    | None
    | Bool of bool
    | Int of BigInteger
    | Float of float
    | Str of string
    | Bytes of byte[]
    | List of PyData list
    | Tuple of PyData list
    /// Entries in their order (a Python dict).
    | Dict of (PyData * PyData) list
    /// A named object, not evaluated: sys.stdout from ext:// or an INI literal. Never on the wire.
    | Ref of string

    override v.Equals(o) =
        match o with
        | :? PyData as w when obj.ReferenceEquals(v, w) -> true
        | :? PyData as w ->
            match v, w with
            | None, None -> true
            | Bool a, Bool b -> a = b
            | Int a, Int b -> a = b
            | Float a, Float b -> a = b || (Double.IsNaN a && Double.IsNaN b)
            | Str a, Str b
            | Ref a, Ref b -> a = b
            | Bytes a, Bytes b -> a.AsSpan().SequenceEqual(ReadOnlySpan b)
            | List a, List b
            | Tuple a, Tuple b -> a = b
            | Dict a, Dict b -> a = b
            | _ -> false
        | _ -> false

    /// A structural hash (HashCode's per-process seed: colliding keys cannot be crafted in advance). Its cost is
    /// the value's size, which every reader bounds (InputLimits, the pickle budget).
    override v.GetHashCode() =
        match v with
        | None -> 0
        | Bool b -> HashCode.Combine(1, b)
        | Int i -> HashCode.Combine(2, i)
        | Float f -> HashCode.Combine(3, (if Double.IsNaN f then 0.0 else f))
        | Str s -> HashCode.Combine(4, s)
        | Bytes b ->
            let mutable h = HashCode()
            h.AddBytes(ReadOnlySpan b)
            HashCode.Combine(5, h.ToHashCode())
        | List xs -> xs |> List.fold (fun h x -> HashCode.Combine(h, x.GetHashCode())) 6
        | Tuple xs -> xs |> List.fold (fun h x -> HashCode.Combine(h, x.GetHashCode())) 7
        | Dict kv -> kv |> List.fold (fun h (k, x) -> HashCode.Combine(h, k.GetHashCode(), x.GetHashCode())) 8
        | Ref r -> HashCode.Combine(9, r)

    /// Python's repr of the value (for error messages); a Ref shows its name.
    override v.ToString() =
        let join (xs: PyData list) = String.Join(", ", xs |> List.map string)

        match v with
        | None -> "None"
        | Bool b -> if b then "True" else "False"
        | Int i -> i.ToString(Globalization.CultureInfo.InvariantCulture)
        | Float f -> PyValue.floatRepr f
        | Str s -> PyValue.stringRepr s
        | Bytes b -> PyData.BytesRepr b
        | Ref r -> r
        | List l -> "[" + join l + "]"
        | Tuple [ x ] -> "(" + string x + ",)"
        | Tuple l -> "(" + join l + ")"
        | Dict kv -> "{" + String.Join(", ", kv |> List.map (fun (k, x) -> string k + ": " + string x)) + "}"

    /// Python's repr of bytes: b'...' with \t \n \r \\ and \xNN escapes.
    static member internal BytesRepr(b: byte[]) =
        let hasSingle = b |> Array.contains (byte '\'')
        let quote = if hasSingle && not (b |> Array.contains (byte '"')) then '"' else '\''
        let sb = StringBuilder(b.Length + 3).Append('b').Append(quote)

        for x in b do
            match char x with
            | '\t' -> sb.Append "\\t" |> ignore
            | '\n' -> sb.Append "\\n" |> ignore
            | '\r' -> sb.Append "\\r" |> ignore
            | '\\' -> sb.Append "\\\\" |> ignore
            | c when c = quote -> sb.Append('\\').Append(c) |> ignore
            | c when x >= 32uy && x < 127uy -> sb.Append c |> ignore
            | _ -> sb.Append("\\x").Append(x.ToString "x2") |> ignore

        sb.Append(quote).ToString()

/// Building and reading PyData where a configuration wants text keys and int64 numbers.
[<RequireQualifiedAccess>]
module internal PyData =
    /// An int.
    let ofInt64 (i: int64) = PyData.Int(BigInteger i)

    /// A dict with text keys, in their order.
    let fields (kv: (string * PyData) list) =
        PyData.Dict [ for k, v in kv -> PyData.Str k, v ]

    /// A key's text: a string as itself, any other key as its repr.
    let keyText (k: PyData) =
        match k with
        | PyData.Str s -> s
        | k -> string k

/// Patterns over PyData for readers that think in text keys and int64 numbers.
[<AutoOpen>]
module internal PyDataPatterns =
    /// A dict's entries under their keys' text.
    let (|Fields|_|) (v: PyData) =
        match v with
        | PyData.Dict kv -> Some(kv |> List.map (fun (k, x) -> PyData.keyText k, x))
        | _ -> Option.None

    /// An int that fits in an int64.
    let (|SmallInt|_|) (v: PyData) =
        match v with
        | PyData.Int i when i >= BigInteger Int64.MinValue && i <= BigInteger Int64.MaxValue -> Some(int64 i)
        | _ -> Option.None
