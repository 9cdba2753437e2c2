namespace FuncLog

open System

/// Python's converters of dictConfig values: cfg:// (a path into the configuration) and ext:// (the few
/// objects FuncLog names), within the expansion budget.
[<RequireQualifiedAccess>]
module internal ConfigRefs =
    open ConfigCheck

    /// A cfg:// reference's path: a word, then .word or [index] parts (None when it is not one).
    let private pathOf (reference: string) : string list option =
        let m =
            Text.RegularExpressions.Regex.Match(reference, @"^\s*(\w+)\s*((?:\.\s*\w+\s*|\[[^\[\]]*\]\s*)*)$")

        if not m.Success then
            None
        else
            Some [
                yield m.Groups.[1].Value
                for p in Text.RegularExpressions.Regex.Matches(m.Groups.[2].Value, @"\.\s*(\w+)|\[([^\[\]]*)\]") do
                    yield (if p.Groups.[1].Success then p.Groups.[1].Value else p.Groups.[2].Value)
            ]

    /// The objects ext:// may name.
    let private ext (path: string) (name: string) : Result<PyData, ConfigError> =
        match name with
        | "sys.stdout"
        | "sys.stderr" -> Ok(PyData.Ref name)
        | "socket.SOCK_STREAM" -> Ok(PyData.ofInt64 1L)
        | "socket.SOCK_DGRAM" -> Ok(PyData.ofInt64 2L)
        | other ->
            fail
                path
                (sprintf
                    "Cannot resolve %s: FuncLog resolves ext://sys.stdout and ext://sys.stderr (and socket.SOCK_STREAM/SOCK_DGRAM) only"
                    (PyValue.stringRepr other))

    /// Follows a cfg:// path from the root: each step of a key or index search counts against the budget.
    let rec private walk (budget: ValueBudget) (path: string) (reference: string) (v: PyData) (parts: string list) =
        let overBudget () = fail path (LimitText.tooLarge budget.Limit)

        match parts with
        | [] -> Ok v
        | p :: rest ->
            match v with
            | Fields kv ->
                match List.tryFindIndex (fst >> (=) p) kv with
                | Some i when budget.Expand(int64 i + 1L) -> walk budget path reference (snd kv.[i]) rest
                | Some _ -> overBudget ()
                | None -> fail path (sprintf "cfg://%s: no key %s" reference (PyValue.stringRepr p))
            | PyData.List xs
            | PyData.Tuple xs ->
                match Int32.TryParse p with
                | true, i when i >= 0 && i < xs.Length && budget.Expand(int64 i + 1L) -> walk budget path reference xs.[i] rest
                | true, i when i >= 0 && i < xs.Length -> overBudget ()
                | _ -> fail path (sprintf "cfg://%s: no item %s" reference p)
            | _ -> fail path (sprintf "cfg://%s: %s is not a dict or list" reference p)

    /// Whether the tree's own values fit the budget and the depth limit (a tree built in code may be deep:
    /// it is refused before anything recurses further).
    let rec private fits (limits: InputLimits) (budget: ValueBudget) (depth: int) (v: PyData) =
        if depth > limits.MaxDepth then
            false
        else
            budget.Own()
            && match v with
               | Fields kv -> kv |> List.forall (snd >> fits limits budget (depth + 1))
               | PyData.List xs
               | PyData.Tuple xs -> xs |> List.forall (fits limits budget (depth + 1))
               | _ -> true

    /// Resolves every "cfg://" and "ext://" string in the tree (Python's converters): cfg:// by path
    /// (dots and [index]) with loops reported, ext:// only for sys.stdout and sys.stderr. What the references
    /// bring in is counted against the expansion budget (and each step of a key search with it), and the
    /// result nests at most limits.MaxDepth deep, so a few hundred bytes of references that fan out to 2^30
    /// values are refused in microseconds.
    let resolveWith (limits: InputLimits) (root: PyData) : Result<PyData, ConfigError> =
        let budget = ValueBudget limits

        let rec lookup (seen: string list) (depth: int) (path: string) (reference: string) : Result<PyData, ConfigError> =
            if List.contains reference seen then
                fail path (sprintf "cfg:// references form a loop: %s" (String.Join(" -> ", List.rev (reference :: seen))))
            else
                match pathOf reference with
                | None -> fail path (sprintf "Unable to convert %s" (PyValue.stringRepr reference))
                | Some parts ->
                    walk budget path reference root parts
                    |> Result.bind (convert (reference :: seen) (depth + 1) path)

        and convert (seen: string list) (depth: int) (path: string) (v: PyData) : Result<PyData, ConfigError> =
            if depth > limits.MaxDepth then
                fail path (LimitText.tooDeep limits)
            elif not seen.IsEmpty && not (budget.Expand 1L) then
                fail path (LimitText.tooLarge budget.Limit)
            else
                match v with
                | PyData.Str s when s.StartsWith "cfg://" -> lookup seen depth path (s.Substring 6)
                | PyData.Str s when s.StartsWith "ext://" -> ext path (s.Substring 6)
                | Fields kv ->
                    kv
                    |> traverse (fun (k, x) -> convert seen (depth + 1) (join path k) x |> Result.map (fun y -> k, y))
                    |> Result.map PyData.fields
                | PyData.List xs ->
                    xs
                    |> List.mapi (fun i x -> i, x)
                    |> traverse (fun (i, x) -> convert seen (depth + 1) (sprintf "%s[%d]" path i) x)
                    |> Result.map PyData.List
                | v -> Ok v

        if not (fits limits budget 0 root) then
            if budget.Used > budget.Limit then
                fail "" (LimitText.tooLarge budget.Limit)
            else
                fail "" (LimitText.tooDeep limits)
        else
            convert [] 0 "" root

    /// resolveReferencesWith the default limits.
    let resolve (root: PyData) = resolveWith InputLimits.Default root
