namespace FuncLog

open System
open System.Globalization
open System.Text

/// A configuration value as Python's logging.config sees it: what JSON, YAML, an INI literal or code give.
[<RequireQualifiedAccess; CustomEquality; NoComparison>]
type internal ConfigValue =
    | Null
    | Bool of bool
    | Int of int64
    | Float of float
    | Str of string
    | List of ConfigValue list
    /// A tuple from a Python literal (INI args=).
    | Tuple of ConfigValue list
    /// Keys in their order.
    | Map of (string * ConfigValue) list
    /// A named object: sys.stdout, sys.stderr (from ext:// or an INI literal).
    | Ref of string

    override v.Equals(o) =
        match o with
        | :? ConfigValue as w ->
            match v, w with
            | Null, Null -> true
            | Bool a, Bool b -> a = b
            | Int a, Int b -> a = b
            | Float a, Float b -> a = b || (Double.IsNaN a && Double.IsNaN b)
            | Str a, Str b
            | Ref a, Ref b -> a = b
            | List a, List b
            | Tuple a, Tuple b -> a = b
            | Map a, Map b -> a = b
            | _ -> false
        | _ -> false

    override v.GetHashCode() =
        match v with
        | Null -> 0
        | Bool b -> if b then 1 else 2
        | Int i -> i.GetHashCode()
        | Float f -> if Double.IsNaN f then 3 else f.GetHashCode()
        | Str s -> 5 + s.GetHashCode()
        | Ref r -> 7 + r.GetHashCode()
        | List l -> l |> List.fold (fun h x -> h * 31 + x.GetHashCode()) 11
        | Tuple l -> l |> List.fold (fun h x -> h * 31 + x.GetHashCode()) 13
        | Map m -> m |> List.fold (fun h (k, x) -> (h * 31 + k.GetHashCode()) * 31 + x.GetHashCode()) 17

    /// Python's repr of the value (for error messages).
    override v.ToString() =
        match v with
        | Null -> "None"
        | Bool b -> if b then "True" else "False"
        | Int i -> string i
        | Float f -> PyValue.floatRepr f
        | Str s -> PyValue.stringRepr s
        | Ref r -> r
        | List l -> "[" + String.Join(", ", l |> List.map string) + "]"
        | Tuple [ x ] -> "(" + string x + ",)"
        | Tuple l -> "(" + String.Join(", ", l |> List.map string) + ")"
        | Map m ->
            "{"
            + String.Join(", ", m |> List.map (fun (k, x) -> PyValue.stringRepr k + ": " + string x))
            + "}"

/// A configuration error and where it is: a key path ("handlers.file.maxBytes"), an INI section and line,
/// or a line and column of the source text.
type ConfigError = {
    Where: string
    Message: string
} with

    override e.ToString() =
        if String.IsNullOrEmpty e.Where then
            e.Message
        else
            e.Where + ": " + e.Message
