module FuncLog.Properties.FormatProps

open System
open FsCheck
open FsCheck.FSharp
open Xunit
open FuncLog
open FuncLog.Properties.Props

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

// ---------------------------------------------------------------- typed argument packs and record copies

/// A pack over boxed values that appends what the facade's typed packs append: strings for %s, machine
/// integers for %s/%d/%i, nothing else.
type private BoxedPack(values: obj[]) =
    inherit ArgPack()
    override _.Count = values.Length
    override _.Get i = values.[i]

    override _.TryAppendSimple(i, conv, sb) =
        match values.[i] with
        | :? string as s when conv = 's' ->
            sb.Append s |> ignore
            true
        | :? int as n ->
            FastText.appendInt sb (int64 n)
            true
        | :? int64 as n ->
            FastText.appendInt sb n
            true
        | _ -> false

    override _.Release() = ()

/// The % fast path from a typed pack gives what it gives from the boxed array, and declines the same
/// templates and arguments (those go to the general renderer).
[<Fact>]
let ``the fast path from a pack agrees with the fast path from an array`` () =
    let genValue =
        Gen.oneof [
            Gen.map box (Gen.choose (-100000, 100000))
            Gen.map (fun (n: int) -> box (int64 n * 4_000_000_000L)) (Gen.choose (-1000, 1000))
            Gen.elements [
                box ""
                box "text"
                box "ä😀%s"
                null
                box true
                box 1.5
                box 'c'
                box (byte 7)
            ]
        ]

    let genPiece =
        Gen.elements [ "%s"; "%d"; "%i"; "%r"; "%5s"; "%x"; "%%"; "%"; "lit "; "😀"; "%(k)s" ]

    let gen =
        gen {
            let! pieces = Gen.listOf genPiece
            let! values = Gen.arrayOf genValue
            return String.Concat pieces, values
        }

    Prop.forAll (Arb.fromGen gen) (fun (fmt, values) ->
        let viaArray = Text.StringBuilder("x")
        let viaPack = Text.StringBuilder("x")
        let a = PercentFormat.tryAppend fmt values viaArray
        let p = PercentFormat.tryAppendPack fmt (BoxedPack values) viaPack

        a = p
        && viaArray.ToString() = viaPack.ToString()
        && (a || viaPack.ToString() = "x"))
    |> check

/// A copy (into a fresh clone or into a pooled record that held another record) has every attribute of the
/// original, a lent record's typed arguments boxed and its borrowed extra copied.
[<Fact>]
let ``a record copied into any record has every attribute of the original`` () =
    let genText = Gen.elements [ ""; "a"; "ä😀"; "x.y"; null ]

    let gen =
        gen {
            let! name = Gen.elements [ "root"; "a.b"; "ä😀" ]
            let! level = Gen.choose (0, 60)

            let! created =
                Gen.map (fun (n: int) -> int64 n * 1_000_003L) (Gen.choose (0, Int32.MaxValue))

            let! texts = Gen.arrayOfLength 4 genText
            let! lent = Gen.elements [ true; false ]
            let! extraValue = genText
            return name, level, created, texts, lent, extraValue
        }

    Prop.forAll (Arb.fromGen gen) (fun (name, level, created, texts, lent, extraValue) ->
        let extra = Collections.Generic.Dictionary<string, obj>()
        extra.["k"] <- box extraValue

        let r =
            LogRecord.Create(name, level, "m %s %d", null, created, extra = extra, excInfo = InvalidOperationException "x")

        r.taskName <- texts.[0]
        r.threadName <- texts.[1]
        r.pathName <- texts.[2]
        r.excText <- texts.[3]
        r.lineNo <- level * 7
        r.thread <- int64 level
        r.relativeCreated <- float level / 3.0

        if lent then
            r.leased <- true
            r.args <- null
            r.pack <- BoxedPack [| box "a"; box 3 |]
        else
            r.args <- [| box "a"; box 3 |]

        let before =
            LogRecord.attributeNames |> List.map (fun n -> n, LogRecord.attribute n r)

        let pooled = LogRecord.Create("old", 10, "old %s", [| box "x" |], 5L)
        let copies = [ r.Copy(); r.CopyTo pooled ]
        extra.["k"] <- box "changed afterwards" // the caller reuses its dictionary

        let same (c: LogRecord) =
            before
            |> List.forall (fun (n, v) ->
                match n, v, LogRecord.attribute n c with
                | "args", _, _ -> c.Args = [| box "a"; box 3 |]
                | "k", _, _ -> true
                | _, ValueSome x, ValueSome y -> obj.Equals(x, y) || (isNull x && isNull y)
                | _, a, b -> a = b)
            && c.GetMessage() = "m a 3"
            && not c.leased
            && isNull c.pack
            && (not lent || c.Extra.["k"] = box extraValue)

        copies |> List.forall same)
    |> check
