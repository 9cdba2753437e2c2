module FuncLog.Properties.Props

open System
open FsCheck
open FsCheck.FSharp
open Xunit
open FuncLog

let config = Config.QuickThrowOnFailure.WithMaxTest 500
let generate<'T> = ArbMap.defaults |> ArbMap.generate<'T>
let check (p: Property) = Check.One(config, p)

/// A stand-in handler: the pure core only compares handlers by reference.
type H(id: int) =
    member _.Id = id
    override _.ToString() = sprintf "H%d" id

let handlers = [| for i in 0..3 -> H i |]

// ---------------------------------------------------------------- hierarchy against a model

type Op =
    | Get of string
    | SetLevel of string * int
    | SetPropagate of string * bool
    | AddHandler of string * int
    | RemoveHandler of string * int
    | Disable of int

/// Well-formed dotted names from a small alphabet, so that trees are deep and names collide often.
let genName =
    gen {
        let! depth = Gen.choose (1, 4)
        let! segs = Gen.listOfLength depth (Gen.elements [ "a"; "b"; "c" ])
        return String.Join(".", segs)
    }

let genNameOrRoot = Gen.frequency [ 9, genName; 1, Gen.constant "root" ]
let genLevel = Gen.elements [ 0; 10; 20; 30; 40; 50; 5; 25 ]

let genOp =
    Gen.oneof [
        Gen.map Get genName
        Gen.map2 (fun n l -> SetLevel(n, l)) genNameOrRoot genLevel
        Gen.map2 (fun n b -> SetPropagate(n, b)) genNameOrRoot generate<bool>
        Gen.map2 (fun n i -> AddHandler(n, i)) genNameOrRoot (Gen.choose (0, 3))
        Gen.map2 (fun n i -> RemoveHandler(n, i)) genNameOrRoot (Gen.choose (0, 3))
        Gen.map Disable (Gen.elements [ 0; 0; 0; 10; 30 ])
    ]

/// The reference model: plain records in a map, parents by longest created dotted prefix.
type MNode = {
    Level: int
    Propagate: bool
    Handlers: int list
}

type Model = {
    Nodes: Map<string, MNode>
    Disable: int
}

let mEmpty = {
    Nodes =
        Map.ofList [
            "root",
            {
                Level = 30
                Propagate = true
                Handlers = []
            }
        ]
    Disable = 0
}

let mEnsure n m =
    if m.Nodes.ContainsKey n then
        m
    else
        {
            m with
                Nodes =
                    m.Nodes.Add(
                        n,
                        {
                            Level = 0
                            Propagate = true
                            Handlers = []
                        }
                    )
        }

let mUpdate n f m =
    let m = mEnsure n m in

    {
        m with
            Nodes = m.Nodes.Add(n, f m.Nodes.[n])
    }

let mApply m op =
    match op with
    | Get n -> mEnsure n m
    | SetLevel(n, l) -> mUpdate n (fun x -> { x with Level = l }) m
    | SetPropagate(n, p) -> mUpdate n (fun x -> { x with Propagate = p }) m
    | AddHandler(n, i) ->
        mUpdate
            n
            (fun x ->
                if List.contains i x.Handlers then
                    x
                else
                    { x with Handlers = x.Handlers @ [ i ] })
            m
    | RemoveHandler(n, i) ->
        mUpdate
            n
            (fun x -> {
                x with
                    Handlers = List.filter ((<>) i) x.Handlers
            })
            m
    | Disable l -> { m with Disable = l }

let mParent (m: Model) (n: string) =
    if n = "root" then
        None
    else
        m.Nodes.Keys
        |> Seq.filter (fun p -> p <> "root" && n.StartsWith(p + "."))
        |> Seq.sortByDescending String.length
        |> Seq.tryHead
        |> Option.orElse (Some "root")

let rec mEffective m n =
    let node = m.Nodes.[n]

    if node.Level <> 0 then
        node.Level
    else
        match mParent m n with
        | Some p -> mEffective m p
        | None -> 0

let rec mChain m n =
    let node = m.Nodes.[n]

    node.Handlers
    @ (if node.Propagate then
           (match mParent m n with
            | Some p -> mChain m p
            | None -> [])
       else
           [])

let internal hApply (h: Hierarchy<H>) op =
    match op with
    | Get n -> Hierarchy.ensure n h
    | SetLevel(n, l) -> Hierarchy.setLevel n l h
    | SetPropagate(n, p) -> Hierarchy.setPropagate n p h
    | AddHandler(n, i) -> Hierarchy.addHandler n handlers.[i] h
    | RemoveHandler(n, i) -> Hierarchy.removeHandler n handlers.[i] h
    | Disable l -> Hierarchy.disable l h

let opName op =
    match op with
    | Get n
    | SetLevel(n, _)
    | SetPropagate(n, _)
    | AddHandler(n, _)
    | RemoveHandler(n, _) -> n
    | Disable _ -> "root"

[<Fact>]
let ``effective level, handler chain and enabled state equal the model`` () =
    Prop.forAll (Arb.fromGen (Gen.listOf genOp)) (fun ops ->
        let h = ops |> List.fold hApply (Hierarchy.create 30)
        let m = ops |> List.fold mApply mEmpty

        m.Nodes.Keys
        |> Seq.forall (fun n ->
            let eff = Hierarchy.effectiveLevel n h
            let chain = Hierarchy.handlerChain n h |> List.map (fun x -> x.Id)
            let enabled l = Hierarchy.isEnabledFor n l h

            eff = mEffective m n
            && chain = mChain m n
            && [ 1; 10; 20; 30; 40; 50 ]
               |> List.forall (fun l -> enabled l = (l > m.Disable && l >= mEffective m n))))
    |> check

[<Fact>]
let ``a new logger's view made from its parent's view equals the view made from the tree`` () =
    Prop.forAll (Arb.fromGen (Gen.zip (Gen.listOf genOp) genName)) (fun (ops, name) ->
        let h = ops |> List.fold hApply (Hierarchy.create 30)

        (Hierarchy.tryFind name h).IsSome
        || (let h2 = Hierarchy.ensure name h
            let parent = (Hierarchy.parent name h2).Value
            let fast = Hierarchy.viewUnder (Hierarchy.view parent.Name h2) h2
            let full = Hierarchy.view name h2

            fast.Threshold = full.Threshold
            && fast.EffectiveLevel = full.EffectiveLevel
            && fast.Disabled = full.Disabled
            && fast.Filters.Length = full.Filters.Length
            && (fast.Handlers |> Array.map (fun x -> x.Id)) = (full.Handlers |> Array.map (fun x -> x.Id))))
    |> check

[<Fact>]
let ``a snapshot refreshed after each change equals one built from scratch`` () =
    Prop.forAll (Arb.fromGen (Gen.listOf genOp)) (fun ops ->
        let step (h: Hierarchy<H>, names: string[], views: LoggerView<H>[]) op =
            let h2 = hApply h op
            let n = opName op

            let names2 =
                if n = "root" || Array.contains n names then
                    names
                else
                    Array.append names [| n |]

            h2, names2, Snapshot.refresh names2 n views h2

        let h0 = Hierarchy.create 30

        let h, names, views =
            ops |> List.fold step (h0, [| "root" |], Snapshot.build [| "root" |] h0)

        let fresh = Snapshot.build names h

        Array.forall2
            (fun (a: LoggerView<H>) (b: LoggerView<H>) ->
                a.Threshold = b.Threshold
                && a.EffectiveLevel = b.EffectiveLevel
                && a.Handlers.Length = b.Handlers.Length
                && Array.forall2 (fun (x: H) (y: H) -> obj.ReferenceEquals(x, y)) a.Handlers b.Handlers)
            views
            fresh)
    |> check

[<Fact>]
let ``odd names find their parents as CPython does`` () =
    let h =
        Hierarchy.create 30
        |> Hierarchy.ensure "a"
        |> Hierarchy.ensure "a..b"
        |> Hierarchy.ensure ".lead"

    Assert.Equal("root", (Hierarchy.parent "a..b" h).Value.Name)
    Assert.Equal("root", (Hierarchy.parent ".lead" h).Value.Name)
    let h = Hierarchy.ensure "a." h
    Assert.Equal("a", (Hierarchy.parent "a." h).Value.Name)
    Assert.Equal("a.", (Hierarchy.parent "a..b" h).Value.Name)
    Assert.Equal<string list>([ "q.r.s.t"; "q.r.s"; "q.r"; "q" ], Hierarchy.ancestors "q.r.s.t.u")

// ---------------------------------------------------------------- the set of existing names, persistent under forks

/// Each step adds a name to one of the versions made so far (often an old one, which forks its lineage).
[<Fact>]
let ``every version of a name set keeps its names while others grow from it or from older versions`` () =
    let genStep =
        Gen.zip (Gen.choose (0, 1000)) (Gen.frequency [ 8, genName; 1, Gen.elements [ "x" + String('y', 300); "\U0001F600.ä" ] ])

    Prop.forAll (Arb.fromGen (Gen.listOf genStep)) (fun steps ->
        let versions = Collections.Generic.List<NameSet * Set<string>>()
        versions.Add(NameSet.Empty, Set.empty)

        for pick, name in steps do
            // mostly the newest version (the cheap path), sometimes an older one
            let i =
                if pick < 700 then
                    versions.Count - 1
                else
                    pick % versions.Count

            let set, model = versions.[i]
            versions.Add(set.Add name, model.Add name)

        let probes = "" :: "zz" :: [ for _, n in steps -> n ]

        versions
        |> Seq.forall (fun (set, model) ->
            set.Count = model.Count
            && probes
               |> List.forall (fun p -> set.Contains p = model.Contains p && set.Contains(p.AsSpan()) = model.Contains p)))
    |> check

/// A change applied to an older tree (a configuration that is dropped, then another one) leaves every tree as
/// the model says, and the parent of every name is the model's.
[<Fact>]
let ``trees branched from a common one each equal the model, parents included`` () =
    let gen = Gen.zip3 (Gen.listOf genOp) (Gen.listOf genOp) (Gen.listOf genOp)

    Prop.forAll (Arb.fromGen gen) (fun (common, left, right) ->
        let h0 = common |> List.fold hApply (Hierarchy.create 30)
        let m0 = common |> List.fold mApply mEmpty
        let hl = left |> List.fold hApply h0
        let hr = right |> List.fold hApply h0
        let ml = left |> List.fold mApply m0
        let mr = right |> List.fold mApply m0

        let agrees (h: Hierarchy<H>) (m: Model) =
            m.Nodes.Keys
            |> Seq.forall (fun n ->
                Hierarchy.effectiveLevel n h = mEffective m n
                && (Hierarchy.handlerChain n h |> List.map (fun x -> x.Id)) = mChain m n
                && (Hierarchy.parent n h |> Option.map (fun p -> p.Name)) = mParent m n)
            && [ "a"; "a.b"; "b.c.a"; "c.c.c.c" ]
               |> List.forall (fun n -> (Hierarchy.tryFind n h).IsSome = m.Nodes.ContainsKey n)

        // the right branch is made after the left one from the same older tree
        agrees h0 m0 && agrees hl ml && agrees hr mr)
    |> check

// ---------------------------------------------------------------- name filter

let genOddName =
    Gen.oneof [ genName; Gen.elements [ ""; "."; "a."; ".a"; "a..b"; "ab"; "a.bc"; "root" ] ]

[<Fact>]
let ``name filter agrees with Python's rule stated on segments`` () =
    Prop.forAll (Arb.fromGen (Gen.zip genOddName genOddName)) (fun (n, r) ->
        let segs (s: string) = s.Split '.'

        let model =
            n = ""
            || (let ns, rs = segs n, segs r in ns.Length <= rs.Length && Array.forall2 (=) ns rs.[.. ns.Length - 1])

        Filter.NameMatches(n, r) = model)
    |> check

// ---------------------------------------------------------------- extra values and attribute readers

/// A record's extra values against a model: keys in the order they first came, a later value replacing an
/// earlier one in place; past 8 keys the lookups go through the index.
[<Fact>]
let ``extra values keep Python's dict order and lookups, below and above the index threshold`` () =
    let genKey =
        Gen.elements [ for c in 'a' .. 'p' -> string c ] |> Gen.map (fun k -> k + "_")

    let genSteps = Gen.listOf (Gen.zip genKey (Gen.choose (0, 99)))

    Prop.forAll (Arb.fromGen genSteps) (fun steps ->
        let e = ExtraValues(1)

        for k, v in steps do
            e.Set(k, box v)

        let model =
            steps
            |> List.fold
                (fun (acc: (string * int) list) (k, v) ->
                    if List.exists (fun (k2, _) -> k2 = k) acc then
                        acc |> List.map (fun (k2, v2) -> if k2 = k then (k2, v) else (k2, v2))
                    else
                        acc @ [ k, v ])
                []

        let d = e :> Collections.Generic.IReadOnlyDictionary<string, obj>

        d.Count = model.Length
        && ([ for KeyValue(k, v) in d -> k, unbox<int> v ] = model)
        && (List.ofSeq d.Keys = List.map fst model)
        && model
           |> List.forall (fun (k, v) -> d.ContainsKey k && unbox<int> d.[k] = v && e.IndexOf k >= 0)
        && not (d.ContainsKey "zz")
        && (match d.TryGetValue "zz" with
            | false, null -> true
            | _ -> false)
        && (try
                d.["zz"] |> ignore
                false
            with :? Collections.Generic.KeyNotFoundException ->
                true))
    |> check

/// The readers made once give what `attribute` gives, for every attribute, message fields, trace fields and
/// extra keys.
[<Fact>]
let ``attribute readers agree with attribute for every name`` () =
    let genText =
        Gen.frequency [ 1, Gen.constant null; 5, Gen.elements [ ""; "a"; "ä😀"; "x.y" ] ]

    Prop.forAll (Arb.fromGen (Gen.zip3 genText genText genText)) (fun (name, task, extraValue) ->
        let r0 =
            LogRecord.Create(
                (if isNull name then "n" else name),
                20,
                "m %s",
                [| box "a" |],
                1_717_236_000_123_000_000L,
                extra = readOnlyDict [ "k", box extraValue ]
            )

        let r = r0.Copy()
        r.taskName <- task
        r.threadName <- name

        // "args" is left out: it reads through `attribute` too, and makes a new tuple each time
        (LogRecord.attributeNames |> List.filter ((<>) "args"))
        @ [ "message"; "asctime"; "otelTraceID"; "k"; "missing" ]
        |> List.forall (fun n -> LogRecord.attributeReader n r = LogRecord.attribute n r))
    |> check
