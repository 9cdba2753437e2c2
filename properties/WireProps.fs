module FuncLog.Properties.WireProps

open System
open System.Numerics
open FsCheck
open FsCheck.FSharp
open Xunit
open FuncLog
open FuncLog.Properties.Props
open FuncLog.Properties.RotationSupport

let internal genLeaf =
    Gen.oneof [
        Gen.constant PyData.None
        Gen.map PyData.Bool generate<bool>
        Gen.map (fun (i: int64) -> PyData.Int(BigInteger i)) generate<int64>
        Gen.elements [
            BigInteger.Pow(BigInteger 2, 70)
            -BigInteger.Pow(BigInteger 2, 64)
            BigInteger 255
            BigInteger 256
            BigInteger 65536
        ]
        |> Gen.map PyData.Int
        Gen.map PyData.Float (generate<float> |> Gen.filter (fun f -> not (Double.IsNaN f)))
        Gen.map
            PyData.Str
            (generate<string>
             |> Gen.map (fun s -> if isNull s then "" else s.Replace("\uD800", "")))
    ]

let rec internal genData depth =
    if depth = 0 then
        genLeaf
    else
        Gen.frequency [
            4, genLeaf
            1, Gen.listOf (genData (depth - 1)) |> Gen.map PyData.List
            1, Gen.listOf (genData (depth - 1)) |> Gen.map PyData.Tuple
            1,
            Gen.listOf (Gen.zip (Gen.map PyData.Str (Gen.elements [ "a"; "b"; "name"; "é"; "" ])) (genData (depth - 1)))
            |> Gen.map (List.distinctBy fst >> PyData.Dict)
        ]

let validString (s: string) =
    // lone surrogates do not survive UTF-8 (as in Python, where they cannot be pickled as UTF-8 either)
    let mutable ok = true

    for i in 0 .. s.Length - 1 do
        if
            Char.IsSurrogate s.[i]
            && not (
                Char.IsSurrogatePair(s, max 0 (i - 1))
                || (i + 1 < s.Length && Char.IsSurrogatePair(s, i))
            )
        then
            ok <- false

    ok

let rec internal valid (v: PyData) =
    match v with
    | PyData.Str s -> validString s
    | PyData.List xs
    | PyData.Tuple xs -> List.forall valid xs
    | PyData.Dict kv -> kv |> List.forall (fun (k, x) -> valid k && valid x)
    | _ -> true

[<Fact>]
let ``what dumps writes, loads reads back`` () =
    Prop.forAll (Arb.fromGen (genData 3 |> Gen.filter valid)) (fun v ->
        let back = Pickle.loads (ReadOnlySpan(Pickle.dumps v))
        holds (back = Ok v) (sprintf "%A -> %A" v back))
    |> check

/// A valid frame, as SocketHandler sends it, to mutate.
let frame =
    let r =
        LogRecord.Create("fuzz.target", Levels.Warning, "message %s", [| box "arg" |])

    Pickle.dumps (RecordWire.toDict r "message arg" null)

[<Fact>]
let ``random and mutated byte streams never throw, and never allocate far beyond their size`` () =
    let genBytes =
        Gen.oneof [
            Gen.arrayOf (Gen.choose (0, 255) |> Gen.map byte)
            gen {
                // a valid frame with a few bytes changed, cut, or a length field inflated
                let! edits =
                    Gen.listOfLength 3 (Gen.zip (Gen.choose (0, frame.Length - 1)) (Gen.choose (0, 255)))

                let! cut = Gen.choose (1, frame.Length)
                let b = Array.copy frame

                for i, v in edits do
                    b.[i] <- byte v

                return b.[.. cut - 1]
            }
            Gen.elements [
                [| byte 'X'; 0xffuy; 0xffuy; 0xffuy; 0x7fuy |] // a 2 GB string length
                [| 0x8duy; 0xffuy; 0xffuy; 0xffuy; 0xffuy; 0xffuy; 0xffuy; 0xffuy; 0x7fuy |]
                Array.init 10_000 (fun _ -> byte '(') // marks only
                Array.append (Array.init 5000 (fun _ -> byte ']')) [| byte '.' |]
                [| byte ']'; byte 'q'; 0uy; byte 'h'; 0uy; byte 'a'; byte '.' |] // a list inside itself
            ]
        ]

    Prop.forAll (Arb.fromGen genBytes) (fun bytes ->
        let before = GC.GetAllocatedBytesForCurrentThread()

        let outcome =
            try
                Pickle.loads (ReadOnlySpan bytes) |> ignore
                LogReceiver.Decode(ReadOnlySpan bytes) |> ignore
                None
            with e ->
                Some e

        let allocated = GC.GetAllocatedBytesForCurrentThread() - before
        // a copy of the input, stacks and containers proportional to it, never the sizes the bytes claim
        holds
            (outcome.IsNone && allocated < 64L * 1024L + 400L * int64 bytes.Length)
            (sprintf "%d bytes: %A, allocated %d" bytes.Length outcome allocated))
    |> check

[<Fact>]
let ``a record survives the wire: toDict, dumps, loads, ofDict`` () =
    let gen =
        gen {
            let! name = Gen.elements [ "root"; "app.db"; "é.x"; "" ]
            let! level = Gen.elements [ 10; 20; 30; 40; 50; 5; 55 ]

            let! msg =
                generate<string>
                |> Gen.map (fun s -> if isNull s then "" else s)
                |> Gen.filter validString

            let! ns =
                Gen.choose (0, Int32.MaxValue)
                |> Gen.map (fun s -> int64 s * 1_000_000_000L + 123_000_000L)

            return name, level, msg, ns
        }

    Prop.forAll (Arb.fromGen gen) (fun (name, level, msg, ns) ->
        let r = LogRecord.Create(name, level, msg, createdNs = ns)

        let back =
            Pickle.loads (ReadOnlySpan(Pickle.dumps (RecordWire.toDict r msg null)))
            |> Result.bind RecordWire.ofDict

        match back with
        | Ok b ->
            holds
                (b.Name = r.Name
                 && b.LevelNo = level
                 && b.GetMessage() = msg
                 && b.Msecs = r.Msecs
                 && abs (b.CreatedNs - ns) < 1000L)
                (sprintf
                    "created %d vs %d, msecs %f vs %f, level %d/%s, msg %b"
                    b.CreatedNs
                    ns
                    b.Msecs
                    r.Msecs
                    b.LevelNo
                    b.LevelName
                    (b.GetMessage() = msg))
        | Error e -> holds false e)
    |> check

[<Fact>]
let ``after any garbage on one connection the receiver still serves the next good one`` () =
    let m = Manager(TimeProvider.System)
    m.Stderr <- IO.TextWriter.Null
    let got = Collections.Concurrent.ConcurrentQueue<string>()

    let sink = {
        new Handler() with
            member _.Emit r = got.Enqueue(r.GetMessage())
    }

    m.Root.AddHandler sink
    m.GetLogger("funclog.receiver").Propagate <- false
    use receiver = (new LogReceiver(m, 0, -1, null)).Start()
    receiver.MaxFrameBytes <- 4096

    let send (bytes: byte[]) =
        use c = new Net.Sockets.TcpClient()
        c.Connect("127.0.0.1", receiver.TcpPort)
        c.GetStream().Write(bytes, 0, bytes.Length)

    let good (text: string) =
        let body =
            Pickle.dumps (RecordWire.toDict (LogRecord.Create("ok", Levels.Warning, text)) text null)

        let f = Array.zeroCreate<byte>(body.Length + 4)
        Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(Span(f, 0, 4), uint32 body.Length)
        body.CopyTo(f, 4)
        f

    let mutable n = 0

    Prop.forAll (Arb.fromGen (Gen.arrayOf (Gen.choose (0, 255) |> Gen.map byte))) (fun garbage ->
        n <- n + 1
        let marker = sprintf "good %d" n
        send garbage
        send (good marker)
        let sw = Diagnostics.Stopwatch.StartNew()

        while not (Seq.contains marker got) && sw.Elapsed < TimeSpan.FromSeconds 10.0 do
            Threading.Thread.Sleep 2

        holds (Seq.contains marker got) (sprintf "not served after %d garbage bytes" garbage.Length))
    |> fun p -> Check.One(Config.QuickThrowOnFailure.WithMaxTest 60, p)
