module FuncLog.Properties.RotationProps

open System
open System.IO
open System.IO.Abstractions
open System.Text
open FsCheck
open FsCheck.FSharp
open Xunit
open FuncLog
open FuncLog.Properties.Props
open FuncLog.Properties.RotationSupport

// ---------------------------------------------------------------- code points (Python's len)

/// Python's len() of text from .NET: Rune decoding, where a lone surrogate is one (invalid) code point.
let pythonLen (s: string) =
    let mutable i = 0
    let mutable n = 0

    while i < s.Length do
        let _, _, used = Rune.DecodeFromUtf16(s.AsSpan i)
        i <- i + used
        n <- n + 1

    n

/// Text with pairs, lone high and low surrogates (at the ends too), multi-byte and ASCII characters.
let genUtf16 =
    Gen.elements [ "a"; "é"; "😀"; "\uD83D"; "\uDE00"; "\uDBFF\uDFFF"; "\u0000"; "xyz" ]
    |> Gen.listOf
    |> Gen.map String.Concat

[<Fact>]
let ``code points count pairs once and lone surrogates once, however the text is chunked`` () =
    Prop.forAll (Arb.fromGen (Gen.zip genUtf16 (Gen.choose (0, 40)))) (fun (s, cut) ->
        // a builder grown char by char from capacity 1 has chunk edges at 1, 2, 4, 8, …: pairs straddle them
        let chunked = StringBuilder(1)

        for c in s do
            chunked.Append c |> ignore

        let start = min cut s.Length
        let mutable chunks = 0

        for _ in chunked.GetChunks() do
            chunks <- chunks + 1

        let expected = pythonLen s

        holds (FastText.codePointsOf (s.AsSpan()) = expected) "span"
        && holds (Rotation.codePoints s = expected) "string"
        && holds (FastText.codePointsOfBuilder chunked = expected) (sprintf "builder of %d chunks" chunks)
        && holds (FastText.codePointsFrom chunked start = pythonLen (s.Substring start)) "from")
    |> fun p -> Check.One(config, p)

// ---------------------------------------------------------------- size rotation against a model

/// The reference model: the files as lists of lines; base is 0, backup i is i.
let sizeModel (maxBytes: int64) (backupCount: int) (messages: string list) =
    let mutable files: Map<int, string list> = Map.ofList [ 0, [] ]

    let bytes (ls: string list) =
        ls |> List.sumBy (fun l -> int64 (utf8.GetByteCount(l + "\n")))

    let points (s: string) = s.EnumerateRunes() |> Seq.length

    for m in messages do
        let size = bytes files.[0]

        if
            maxBytes > 0L
            && size > 0L
            && size + int64 (points m + 1) >= maxBytes
            && backupCount > 0
        then
            files <-
                [
                    for KeyValue(i, ls) in files do
                        if i < backupCount then
                            yield i + 1, ls
                    yield 0, []
                ]
                |> Map.ofList

        files <- files.Add(0, files.[0] @ [ m ])

    [
        for KeyValue(i, ls) in files ->
            (if i = 0 then "app.log" else sprintf "app.log.%d" i), String.Join("", ls |> List.map (fun l -> l + "\n"))
    ]
    |> List.sortBy fst

/// A subclass that overrides the size decision (and so is asked for every record, with the record's length).
type StringPathRotating(path: string, maxBytes: int64, backupCount: int) =
    inherit RotatingFileHandler(path, maxBytes = maxBytes, backupCount = backupCount)
    member val Decisions = 0 with get, set

    override this.ShouldRollover(record: LogRecord, length: int64) =
        this.Decisions <- this.Decisions + 1
        base.ShouldRollover(record, length)

[<Fact>]
let ``a RotatingFileHandler's files equal the reference model for any limits and records`` () =
    let gen =
        gen {
            let! maxBytes =
                Gen.frequency [ 1, Gen.constant 0L; 6, Gen.choose (1, 120) |> Gen.map int64 ]

            let! backupCount = Gen.choose (0, 6)
            let! messages = Gen.listOf genMessage
            // "%(message)s" is rendered into a buffer; "{message}" is formatted to a string first
            let! brace = Gen.elements [ false; true ]
            return maxBytes, backupCount, messages, brace
        }

    Prop.forAll (Arb.fromGen gen) (fun (maxBytes, backupCount, messages, brace) ->
        // the same records through the pre-formatted path and through the formatted-string path
        let run (make: string -> RotatingFileHandler) =
            let dir = tempDir ()

            try
                let h = make (Path.Combine(dir, "app.log"))

                if brace then
                    h.SetFormatter(Formatter("{message}", null, '{', false))

                for m in messages do
                    h.Handle(LogRecord.Create("p", Levels.Info, m)) |> ignore

                h.Close()
                tree dir, h
            finally
                Directory.Delete(dir, true)

        let model = sizeModel maxBytes backupCount messages

        let fast, plain =
            run (fun p -> new RotatingFileHandler(p, maxBytes = maxBytes, backupCount = backupCount))

        let viaString, sub = run (fun p -> new StringPathRotating(p, maxBytes, backupCount))

        holds (fast = model) (sprintf "pre-formatted path: %A" fast)
        && holds (viaString = model) (sprintf "string path: %A" viaString)
        && holds ((sub :?> StringPathRotating).Decisions = messages.Length) "the override decides every record"
        && fast.Length <= backupCount + 1
        && plain.ErrorCount = 0L
        && sub.ErrorCount = 0L)
    |> checkIO

// ---------------------------------------------------------------- timed rotation (UTC) against a model

type TimedStep =
    | Log of string
    | Advance of int

[<Fact>]
let ``a TimedRotatingFileHandler's files equal the reference model for any clock advances`` () =
    let gen =
        gen {
            let! whenText, unit, suffix =
                Gen.elements [
                    "S", 1, "yyyy-MM-dd_HH-mm-ss"
                    "M", 60, "yyyy-MM-dd_HH-mm"
                    "H", 3600, "yyyy-MM-dd_HH"
                ]

            let! interval = Gen.choose (1, 3)
            let! backupCount = Gen.choose (0, 4)
            let! startMs = Gen.choose (0, 86_400_000)

            let! steps =
                Gen.listOf (
                    Gen.frequency [
                        3, Gen.map Log (Gen.elements [ "a"; "bb"; "ccc" ])
                        2, Gen.choose (0, 4 * unit * interval) |> Gen.map (fun s -> Advance(s * 1000 / 2))
                    ]
                )

            return whenText, unit, suffix, interval, backupCount, startMs, steps
        }

    Prop.forAll (Arb.fromGen gen) (fun (whenText, unit, suffix, interval, backupCount, startMs, steps) ->
        let dir = tempDir ()

        let start =
            DateTimeOffset(2025, 3, 30, 0, 0, 0, TimeSpan.Zero).AddMilliseconds(float startMs)

        let clock = Clock(start, TimeZoneInfo.Utc)

        try
            let h =
                new TimedRotatingFileHandler(
                    Path.Combine(dir, "app.log"),
                    whenText,
                    interval,
                    backupCount,
                    utc = true,
                    timeProvider = clock
                )

            // the model: the live file's lines, the backups by name, the next rollover
            let secs () = clock.GetUtcNow().ToUnixTimeSeconds()
            let mutable live: string list = []
            let mutable backups: Map<string, string list> = Map.empty
            let mutable rolloverAt = secs () + int64 (unit * interval)

            for s in steps do
                match s with
                | Advance ms -> clock.Advance(TimeSpan.FromMilliseconds(float ms))
                | Log m ->
                    h.Handle(LogRecord.Create("p", Levels.Info, m)) |> ignore
                    let t = secs ()

                    if t >= rolloverAt then
                        let name =
                            "app.log."
                            + DateTimeOffset.FromUnixTimeSeconds(rolloverAt - int64 (unit * interval)).ToString suffix

                        if not (backups.ContainsKey name) then
                            backups <- backups.Add(name, live)
                            live <- []

                            if backupCount > 0 && backups.Count > backupCount then
                                backups <-
                                    backups
                                    |> Map.toList
                                    |> List.sortBy fst
                                    |> List.skip (backups.Count - backupCount)
                                    |> Map.ofList

                            rolloverAt <- t + int64 (unit * interval)

                    live <- live @ [ m ]

            h.Close()

            let expected =
                ("app.log", live) :: Map.toList backups
                |> List.map (fun (n, ls) -> n, String.Join("", ls |> List.map (fun l -> l + "\n")))
                |> List.sortBy fst

            let actual = tree dir
            holds (actual = expected && h.ErrorCount = 0L) (sprintf "expected %A\nactual %A" expected actual)
        finally
            Directory.Delete(dir, true))
    |> checkIO

/// Size-and-time mode keeps exactly the newest backups: over long runs with many size rollovers per period
/// (many more than backupCount), the surviving files hold one unbroken run of records ending at the newest, in
/// exactly backupCount backups once that many rollovers happened, none of them empty. (A plan that reused the
/// name of a deleted unnumbered backup put the newest records first in the order and deleted them at once.)
[<Fact>]
let ``size-and-time rotation keeps exactly the newest backupCount backups`` () =
    let gen =
        gen {
            let! whenText, unit = Gen.elements [ "S", 1; "M", 60; "MIDNIGHT", 86400 ]
            let! backupCount = Gen.choose (1, 4)
            let! maxBytes = Gen.choose (8, 40)
            let! count = Gen.choose (20, 250)

            let! steps =
                Gen.listOfLength
                    count
                    (Gen.frequency [
                        6, Gen.constant 0
                        1, Gen.choose (1, 2 * unit) // seconds: within the period, or past one or two boundaries
                    ])

            return whenText, backupCount, maxBytes, steps
        }

    Prop.forAll (Arb.fromGen gen) (fun (whenText, backupCount, maxBytes, steps) ->
        let dir = tempDir ()
        let clock = Clock(DateTimeOffset(2025, 6, 1, 23, 0, 0, TimeSpan.Zero), TimeZoneInfo.Utc)

        try
            let h =
                new TimedRotatingFileHandler(
                    Path.Combine(dir, "app.log"),
                    whenText,
                    1,
                    backupCount,
                    utc = true,
                    timeProvider = clock,
                    maxBytes = int64 maxBytes
                )

            steps
            |> List.iteri (fun i advance ->
                clock.Advance(TimeSpan.FromSeconds(float advance))
                h.Handle(LogRecord.Create("p", Levels.Info, sprintf "r%05d" i)) |> ignore)

            h.Close()
            let total = steps.Length
            let rollovers = h.Rollovers

            let files = tree dir
            let backups = files |> List.filter (fun (n, _) -> n <> "app.log")

            let records =
                files
                |> List.collect (fun (_, text) -> text.Split('\n', StringSplitOptions.RemoveEmptyEntries) |> List.ofArray)
                |> List.map (fun r -> int (r.Substring 1))
                |> List.sort

            let newest = List.init records.Length (fun i -> total - records.Length + i)

            holds (h.ErrorCount = 0L) "the handler reported errors"
            && holds (records = newest) (sprintf "the surviving records are not the newest run: %A\n%A" records files)
            && holds
                (backups.Length = int (min (int64 backupCount) rollovers))
                (sprintf "%d backups after %d rollovers with backupCount %d: %A" backups.Length rollovers backupCount files)
            && holds (backups |> List.forall (fun (_, text) -> text <> "")) (sprintf "an empty backup: %A" files)
        finally
            Directory.Delete(dir, true))
    |> checkIO
