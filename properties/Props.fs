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

// ---------------------------------------------------------------- the % operator

let genConv =
    Gen.elements [
        's'
        'r'
        'a'
        'd'
        'i'
        'u'
        'o'
        'x'
        'X'
        'e'
        'E'
        'f'
        'F'
        'g'
        'G'
        'c'
        '%'
    ]

let genFlags =
    Gen.map (fun (l: char list) -> String(Array.ofList l)) (Gen.listOf (Gen.elements [ '-'; '+'; ' '; '#'; '0' ]))

let genSpec =
    gen {
        let! flags = genFlags

        let! width =
            Gen.oneof [ Gen.constant ""; Gen.map string (Gen.choose (0, 30)); Gen.constant "*" ]

        let! prec =
            Gen.oneof [
                Gen.constant ""
                Gen.map (fun p -> "." + string p) (Gen.choose (0, 20))
                Gen.constant ".*"
            ]

        let! conv = genConv
        return "%" + flags + width + prec + string conv
    }

let genLiteral =
    Gen.elements [ ""; "x"; " = "; "100%% "; "é☕"; "\n"; String('z', 200) ]

let genFormat =
    Gen.map (fun (parts: string list) -> String.Join("", parts)) (Gen.listOf (Gen.oneof [ genSpec; genLiteral ]))

/// Values of every kind a caller may pass, edge cases included.
let genValue: Gen<obj> =
    Gen.oneof [
        Gen.map box generate<int>
        Gen.map box generate<int64>
        Gen.map box generate<float>
        Gen.map box (Gen.elements [ Double.NaN; Double.PositiveInfinity; -0.0; 1e300; 5e-324; Double.MaxValue ])
        Gen.map box generate<decimal>
        Gen.map box generate<bool>
        Gen.map box generate<string>
        Gen.map box generate<char>
        Gen.constant null
        Gen.constant (box [| 1; 2 |])
        Gen.constant (box (Collections.Generic.Dictionary<string, obj>(dict [ "k", box 1 ])))
        Gen.map
            box
            (Gen.elements [
                Numerics.BigInteger.Pow(10I, 40)
                Numerics.BigInteger 0x10FFFF
                Numerics.BigInteger 0x110000
                Numerics.BigInteger -1
            ])
    ]

[<Fact>]
let ``the % operator never throws, whatever the format and the arguments`` () =
    let anyFormat =
        Gen.oneof [ genFormat; generate<string> |> Gen.map (fun s -> if isNull s then "" else s) ]

    Prop.forAll (Arb.fromGen (Gen.zip anyFormat (Gen.arrayOf genValue))) (fun (fmt, args) ->
        match PercentFormat.format fmt (Positional args) with
        | Ok _
        | Error _ -> true)
    |> check

[<Fact>]
let ``parse then print then parse gives the same template`` () =
    Prop.forAll (Arb.fromGen genFormat) (fun fmt ->
        let t = PercentParse.parse fmt
        let again = PercentParse.parse (PercentParse.toFormatString t)

        let noOffsets (parts: PercentPart[]) =
            parts
            |> Array.map (function
                | Conversion c -> Conversion { c with Offset = 0 }
                | p -> p)

        t.IsValid ==> (noOffsets again.Parts = noOffsets t.Parts))
    |> check

[<Fact>]
let ``%s with string arguments renders as plain interleaving`` () =
    let genPiece = Gen.elements [ "a"; "bc"; " "; "é"; "" ]

    Prop.forAll
        (Arb.fromGen (Gen.listOf (Gen.zip genPiece (generate<string> |> Gen.map (fun s -> if isNull s then "" else s)))))
        (fun pairs ->
            let fmt = String.Join("", pairs |> List.map (fun (lit, _) -> lit + "%s"))
            let args = pairs |> List.map (snd >> box) |> Array.ofList
            let expected = String.Join("", pairs |> List.map (fun (lit, a) -> lit + a))
            PercentFormat.format fmt (Positional args) = Ok expected)
    |> check

[<Fact>]
let ``%d and %x of integers match .NET's own formatting`` () =
    Prop.forAll (Arb.fromGen (Gen.zip generate<int64> (Gen.choose (0, 25)))) (fun (v, w) ->
        let d = PercentFormat.format (sprintf "%%%dd|%%x" w) (Positional [| box v; box v |])

        let hex =
            if v < 0L then
                "-"
                + (Numerics.BigInteger.Abs(Numerics.BigInteger v)).ToString("x").TrimStart('0')
            else
                v.ToString("x")

        let hex = if hex = "" || hex = "-" then hex + "0" else hex
        d = Ok(v.ToString().PadLeft(w) + "|" + hex))
    |> check

// ---------------------------------------------------------------- formatter, strftime

let genDate =
    Gen.map2
        (fun (s: int64) (ms: int) -> DateTimeOffset.FromUnixTimeSeconds(s).AddMilliseconds(float ms))
        (Gen.choose64 (-2_000_000_000L, 4_000_000_000L))
        (Gen.choose (0, 999))

let zones = [|
    TimeZoneInfo.Utc
    TimeZoneInfo.FindSystemTimeZoneById "Europe/Berlin"
    TimeZoneInfo.FindSystemTimeZoneById "America/New_York"
    TimeZoneInfo.FindSystemTimeZoneById "Australia/Lord_Howe"
    TimeZoneInfo.FindSystemTimeZoneById "Asia/Kathmandu"
|]

[<Fact>]
let ``strftime numeric codes agree with .NET's calendar in every zone, across DST changes`` () =
    // a manager installs the system's zoneinfo (glibc's offsets to the second, as CPython's localtime)
    LogManager() |> ignore

    Prop.forAll (Arb.fromGen (Gen.zip genDate (Gen.elements zones))) (fun (t, z) ->
        let b = Strftime.breakDown z t
        let local = TimeZoneInfo.ConvertTime(t, z)
        let y = local.Year

        let expected =
            if b.Offset.Seconds = 0 then
                // whole minutes: .NET's calendar is the reference
                local.ToString("yyyy-MM-dd HH:mm:ss", Globalization.CultureInfo.InvariantCulture)
                + sprintf " %03d %s" local.DayOfYear (local.ToString("zzz").Replace(":", ""))
            else
                // local mean time with seconds (before standard time): .NET rounds the offset, glibc does not
                let wall = t.UtcDateTime + b.Offset
                let o = b.Offset.Duration()

                wall.ToString("yyyy-MM-dd HH:mm:ss", Globalization.CultureInfo.InvariantCulture)
                + sprintf " %03d %s%02d%02d" wall.DayOfYear (if b.Offset < TimeSpan.Zero then "-" else "+") o.Hours o.Minutes

        (y >= 1000 && y <= 9999)
        ==> (Strftime.format "%Y-%m-%d %H:%M:%S %j %z" b = expected))
    |> check

[<Fact>]
let ``strftime never throws for any format`` () =
    Prop.forAll (Arb.fromGen (Gen.zip generate<string> genDate)) (fun (f, t) ->
        let f = if isNull f then "" else f
        Strftime.format f (Strftime.breakDown TimeZoneInfo.Utc t) |> ignore
        Strftime.format (f + "%") (Strftime.breakDown TimeZoneInfo.Utc t) |> ignore
        true)
    |> check

let genFormatter =
    Gen.oneof [
        Gen.elements [
            "%(asctime)s %(name)-12s %(levelname)-8s %(message)s"
            "%(message)s"
            "%(levelno)03d %(msecs)d %(created)f"
            "%(nope)s"
        ]
        |> Gen.map (fun f -> Formatter(f, null, '%', false))
        Gen.elements [ "{asctime} {levelname:<8} {message}"; "{msecs:03.0f} {name!r}"; "{missing}" ]
        |> Gen.map (fun f -> Formatter(f, null, '{', false))
        Gen.elements [ "$asctime $message"; "${levelname}: $message"; "$ bare" ]
        |> Gen.map (fun f -> Formatter(f, "%d/%m/%Y %Z", '$', false))
    ]

[<Fact>]
let ``a formatter never throws from TryFormat: empty, huge and odd messages and args`` () =
    let genMsg =
        Gen.oneof [
            Gen.constant ""
            Gen.constant (String('m', 100_000))
            genFormat
            generate<string>
        ]

    Prop.forAll
        (Arb.fromGen (Gen.zip3 genFormatter (Gen.zip genMsg (Gen.arrayOf genValue)) (Gen.zip genDate (Gen.elements zones))))
        (fun (f, (msg, args), (t, z)) ->
            let ns = (t.UtcTicks - DateTime.UnixEpoch.Ticks) * 100L
            let r = LogRecord.Create("odd..name.", 25, msg, args, ns, timeZone = z)

            match f.TryFormat r with
            | Ok _
            | Error _ -> true)
    |> check

[<Fact>]
let ``msecs is always a whole number in 0..999 and created rounds as Python's`` () =
    Prop.forAll (Arb.fromGen (Gen.choose64 (0L, Int64.MaxValue / 100L))) (fun ticks ->
        let ns = ticks * 100L
        let r = LogRecord.Create("x", 20, "m", createdNs = ns)
        r.Msecs >= 0.0 && r.Msecs <= 999.0 && r.Msecs = floor r.Msecs)
    |> check


[<Fact>]
let ``isAncestor agrees with the ancestors list, odd names included`` () =
    let prefixPair =
        gen {
            let! n =
                Gen.oneof [ genName; genOddName; Gen.elements [ "a..b.c"; "..a"; "a.b.."; "x.y.z" ] ]

            let! k = Gen.choose (0, n.Length)
            return n.Substring(0, k), n
        }

    Prop.forAll (Arb.fromGen (Gen.oneof [ Gen.zip genOddName genOddName; prefixPair ])) (fun (a, n) ->
        Hierarchy.isAncestor a n = List.contains a (Hierarchy.ancestors n))
    |> check

[<Fact>]
let ``basicConfig does nothing while the root has handlers unless forced, whatever the arguments`` () =
    let genArgs =
        Gen.zip3
            (Gen.elements [ null; "app.log" ])
            (Gen.elements [ null; "%(message)s" ])
            (Gen.zip3 (Gen.elements [ '%'; '{'; '$'; '!' ]) (Gen.elements [ None; Some 10 ]) (Gen.elements [ null; "stream" ]))

    Prop.forAll
        (Arb.fromGen (Gen.zip3 (Gen.choose (0, 3)) (generate<bool>) genArgs))
        (fun (count, force, (file, fmt, (style, level, stream))) ->
            let handlers = if stream = null && file = null then Some [ "h" ] else None

            match BasicConfig.plan count force file "a" fmt null style level stream handlers null null with
            | Ok p when count > 0 && not force -> p.Install.IsNone && not p.RemoveExisting && p.Level.IsNone
            | Ok p ->
                p.Install.IsSome
                && p.RemoveExisting = force
                && p.Level = level
                && "%{$".Contains style
            | Error _ -> (count = 0 || force) && (style = '!' || (file <> null && stream <> null)))
    |> check

[<Fact>]
let ``a LoggerAdapter passes its own extra, or the call's over its own with mergeExtra`` () =
    let d (pairs: (string * obj) list) =
        dict pairs |> Collections.Generic.Dictionary :> Collections.Generic.IReadOnlyDictionary<string, obj>

    let adapter = d [ "a", box 1; "b", box 2 ]
    let call = d [ "b", box 3 ]
    Assert.Same(adapter, LogRecord.adapterExtra false adapter call)
    Assert.Same(adapter, LogRecord.adapterExtra true adapter null)
    Assert.Same(call, LogRecord.adapterExtra true null call)
    let merged = LogRecord.adapterExtra true adapter call
    Assert.Equal(box 1, merged.["a"])
    Assert.Equal(box 3, merged.["b"])
    Assert.Equal(box 2, adapter.["b"])
