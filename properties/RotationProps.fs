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

/// IO properties write real files: fewer cases, each still reaching the edges.
let ioConfig = Config.QuickThrowOnFailure.WithMaxTest 150
let checkIO (p: Property) = Check.One(ioConfig, p)

let utf8 = UTF8Encoding(false)

/// The library's clock that moves only when told to.
type Clock = ManualTimeProvider

/// A property that fails with a message saying what was found.
let holds (ok: bool) (message: string) = if ok then true else failwith message

let tempDir () =
    let d =
        Path.Combine(Path.GetTempPath(), "funclog-props", Guid.NewGuid().ToString "N")

    Directory.CreateDirectory d |> ignore
    d

let tree (dir: string) =
    Directory.GetFiles dir
    |> Array.map (fun f -> Path.GetFileName f, File.ReadAllText(f, utf8))
    |> Array.sortBy fst
    |> List.ofArray

/// Messages from empty to long, with multi-byte and non-BMP characters (len() counts code points).
let genMessage =
    Gen.frequency [
        1, Gen.constant ""
        6, Gen.choose (1, 30) |> Gen.map (fun n -> String('x', n))
        2, Gen.choose (1, 10) |> Gen.map (fun n -> String.replicate n "é")
        1, Gen.choose (1, 5) |> Gen.map (fun n -> String.replicate n "😀")
        1, Gen.choose (60, 200) |> Gen.map (fun n -> String('L', n))
    ]

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

// ---------------------------------------------------------------- computeRollover

let zones =
    [
        "UTC"
        "Europe/Berlin"
        "America/New_York"
        "Australia/Lord_Howe"
        "Asia/Kolkata"
        "America/St_Johns"
        "Pacific/Chatham"
        "America/Santiago"
    ]
    |> List.map TimeZoneInfo.FindSystemTimeZoneById

[<Fact>]
let ``computeRollover is strictly after now and lands on the interval boundary`` () =
    let gen =
        gen {
            let! whenText = Gen.elements [ "S"; "M"; "H"; "D"; "MIDNIGHT"; "W0"; "W3"; "W6" ]
            let! interval = Gen.choose (1, 3)
            let! utc = generate<bool>
            let! zone = Gen.elements zones

            let! at =
                Gen.frequency [ 1, Gen.constant None; 2, Gen.choose (0, 86399) |> Gen.map Some ]
            // 2020..2030, with extra weight on the hours around DST changes
            let! now = Gen.choose (0, 315_360_000) |> Gen.map (fun s -> 1_577_836_800L + int64 s)
            return whenText, interval, utc, zone, at, now
        }

    Prop.forAll (Arb.fromGen gen) (fun (whenText, interval, utc, zone, at, now) ->
        let atTime = at |> Option.map (fun s -> TimeSpan.FromSeconds(float s))

        match TimedRotation.timePolicy whenText interval utc atTime 0 with
        | Error e -> holds false e
        | Ok p ->
            let r = TimedRotation.computeRollover p zone now
            let z = if utc then TimeZoneInfo.Utc else zone
            let wall = TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeSeconds r, z)
            let target = defaultArg atTime TimeSpan.Zero

            let onBoundary =
                match p.When with
                | RolloverWhen.Midnight
                | RolloverWhen.Weekday _ ->
                    // CPython: with no atTime the rollover is at the midnight that ends day d (so the wall
                    // clock shows the start of the next day); with an atTime it is on day d itself
                    let dayOk =
                        match p.When with
                        | RolloverWhen.Weekday d ->
                            let expected = if atTime.IsNone then (d + 1) % 7 else d
                            (int wall.DayOfWeek + 6) % 7 = expected || wall.TimeOfDay <> target
                        | _ -> true
                    // local time: CPython corrects by one hour across a DST change, so the wall clock can be
                    // off by the zone's DST amount (30 min on Lord Howe) when a change falls in between
                    let off = (wall.TimeOfDay - target).Duration()

                    dayOk
                    && (off = TimeSpan.Zero
                        || (not utc && off <= TimeSpan.FromHours 1.0)
                        || off >= TimeSpan.FromHours 23.0)
                | _ -> r = now + p.Interval

            let bound = p.Interval + 3600L

            holds (r > now && r - now <= bound && onBoundary) (sprintf "now %d -> %d (%O in %s)" now r wall z.Id))
    |> check

[<Fact>]
let ``in UTC, MIDNIGHT and weekly rollovers land exactly at atTime on the right day`` () =
    Prop.forAll (Arb.fromGen (Gen.zip3 (Gen.choose (0, 315_360_000)) (Gen.choose (0, 86399)) (Gen.choose (-1, 6)))) (fun (s, at, day) ->
        let now = 1_577_836_800L + int64 s
        let w = if day < 0 then "MIDNIGHT" else sprintf "W%d" day

        match TimedRotation.timePolicy w 1 true (Some(TimeSpan.FromSeconds(float at))) 0 with
        | Error _ -> false
        | Ok p ->
            let r = TimedRotation.computeRollover p TimeZoneInfo.Utc now
            let wall = DateTimeOffset.FromUnixTimeSeconds r

            r > now
            && int64 wall.TimeOfDay.TotalSeconds = int64 at
            && (day < 0 || (int wall.DayOfWeek + 6) % 7 = day)
            && r - now <= (if day < 0 then 86400L else 7L * 86400L))
    |> check

// ---------------------------------------------------------------- the journal

let genPath =
    Gen.elements [
        "/var/log/app.log"
        "C:\\logs\\app.log"
        "a\tb"
        "line\nbreak"
        "back\\slash\\t"
        "é 😀"
        ""
        "\r"
    ]
    |> Gen.listOfLength 2
    |> Gen.map (fun parts -> String.Join("/", parts))

let genStep =
    Gen.oneof [
        Gen.map RotationStep.Remove genPath
        Gen.map2 (fun a b -> RotationStep.Rename(a, b)) genPath genPath
        Gen.map2 (fun a b -> RotationStep.Rotate(a, b)) genPath genPath
    ]

[<Fact>]
let ``the rotation journal round-trips any plan and any number of done marks`` () =
    Prop.forAll (Arb.fromGen (Gen.zip (Gen.listOf genStep) (Gen.choose (0, 20)))) (fun (steps, marks) ->
        let marks = min marks steps.Length

        let text =
            RotationJournal.render steps
            + String.Join("", [ for i in 0 .. marks - 1 -> RotationJournal.doneMark i ])

        RotationJournal.parse text = Ok(Some(steps, marks)))
    |> check

[<Fact>]
let ``a journal cut anywhere reads as not started or as a prefix of the marks, never as an error`` () =
    Prop.forAll
        (Arb.fromGen (Gen.zip3 (Gen.nonEmptyListOf genStep) (Gen.choose (0, 20)) (Gen.choose (0, 10_000))))
        (fun (steps, marks, cut) ->
            let marks = min marks steps.Length

            let text =
                RotationJournal.render steps
                + String.Join("", [ for i in 0 .. marks - 1 -> RotationJournal.doneMark i ])

            let planLength = (RotationJournal.render steps).Length
            let cut = cut % (text.Length + 1)

            match RotationJournal.parse (text.Substring(0, cut)) with
            | Ok None -> cut < planLength
            | Ok(Some(s, k)) -> cut >= planLength && s = steps && k <= marks
            | Error e -> holds (cut < RotationJournal.Header.Length + 1) e)
    |> check

// ---------------------------------------------------------------- no record lost under faults

/// The real file system with faults switched on and off: renames, deletes and writes can fail.
type FaultyFs() =
    let real = FileSystem()
    let mutable failMoves = false
    let mutable failDeletes = false
    let mutable failWrites = false

    let fail what =
        raise (IOException(what + ": injected fault"))

    let file = {
        new FileWrapper(real) with
            override _.Move(s: string, d: string) =
                if failMoves then
                    fail "rename"

                base.Move(s, d)

            override _.Move(s: string, d: string, o: bool) =
                if failMoves then
                    fail "rename"

                base.Move(s, d, o)

            override _.Delete(p: string) =
                if failDeletes then
                    fail "delete"

                base.Delete p
    }

    let wrap (s: Stream) = {
        new Stream() with
            member _.CanRead = false
            member _.CanSeek = s.CanSeek
            member _.CanWrite = true
            member _.Length = s.Length

            member _.Position
                with get () = s.Position
                and set v = s.Position <- v

            member _.Flush() = s.Flush()
            member _.Read(_, _, _) = raise (NotSupportedException())
            member _.Seek(o, k) = s.Seek(o, k)
            member _.SetLength v = s.SetLength v

            member _.Write(b: byte[], o, c) =
                if failWrites then
                    fail "write"

                s.Write(b, o, c)

            member _.Dispose(disposing) =
                if disposing then
                    s.Dispose()
    }

    let factory = {
        new IFileStreamFactory with
            member _.Create(p: string, m: FileMode) = wrap (real.FileStream.Create(p, m))
            member _.Create(p: string, m: FileMode, a: FileAccess) = wrap (real.FileStream.Create(p, m, a))

            member _.Create(p: string, m: FileMode, a: FileAccess, sh: FileShare) =
                wrap (real.FileStream.Create(p, m, a, sh))

            member _.Create(p: string, m: FileMode, a: FileAccess, sh: FileShare, n: int) =
                wrap (real.FileStream.Create(p, m, a, sh, n))

            member _.Create(p: string, m: FileMode, a: FileAccess, sh: FileShare, n: int, o: FileOptions) =
                wrap (real.FileStream.Create(p, m, a, sh, n, o))

            member _.Create(p: string, m: FileMode, a: FileAccess, sh: FileShare, n: int, x: bool) =
                wrap (real.FileStream.Create(p, m, a, sh, n, x))

            member _.Create(h: Microsoft.Win32.SafeHandles.SafeFileHandle, a: FileAccess) : Stream = raise (NotSupportedException())
            member _.Create(h: Microsoft.Win32.SafeHandles.SafeFileHandle, a: FileAccess, n: int) : Stream = raise (NotSupportedException())

            member _.Create(h: Microsoft.Win32.SafeHandles.SafeFileHandle, a: FileAccess, n: int, x: bool) : Stream =
                raise (NotSupportedException())

            member _.Create(h: nativeint, a: FileAccess) : Stream = raise (NotSupportedException())
            member _.Create(h: nativeint, a: FileAccess, o: bool) : Stream = raise (NotSupportedException())
            member _.Create(h: nativeint, a: FileAccess, o: bool, n: int) : Stream = raise (NotSupportedException())
            member _.Create(h: nativeint, a: FileAccess, o: bool, n: int, x: bool) : Stream = raise (NotSupportedException())
    }

    member _.FailMoves
        with get () = failMoves
        and set v = failMoves <- v

    member _.FailDeletes
        with get () = failDeletes
        and set v = failDeletes <- v

    member _.FailWrites
        with get () = failWrites
        and set v = failWrites <- v

    interface IFileSystem with
        member _.File = file
        member _.Directory = real.Directory
        member _.FileInfo = real.FileInfo
        member _.FileStream = factory
        member _.Path = real.Path
        member _.DirectoryInfo = real.DirectoryInfo
        member _.DriveInfo = real.DriveInfo
        member _.FileSystemWatcher = real.FileSystemWatcher

type FaultOp =
    | Write of int
    | Moves of bool
    | Deletes of bool
    | Writes of bool

[<Fact>]
let ``no record is lost or repeated under random injected faults`` () =
    let gen =
        gen {
            let! maxBytes = Gen.choose (5, 60)
            let! crashSafe = generate<bool>

            let! ops =
                Gen.listOf (
                    Gen.frequency [
                        8, Gen.choose (0, 20) |> Gen.map Write
                        1, Gen.map Moves generate<bool>
                        1, Gen.map Deletes generate<bool>
                        1, Gen.map Writes generate<bool>
                    ]
                )

            return int64 maxBytes, crashSafe, ops
        }

    Prop.forAll (Arb.fromGen gen) (fun (maxBytes, crashSafe, ops) ->
        let dir = tempDir ()

        try
            let fs = FaultyFs()
            let errors = ResizeArray()

            let h =
                new RotatingFileHandler(
                    Path.Combine(dir, "app.log"),
                    maxBytes = maxBytes,
                    backupCount = 10_000,
                    fileSystem = fs,
                    options = RotationOptions(CrashSafe = crashSafe)
                )

            h.ErrorPolicy <- {
                new IErrorPolicy with
                    member _.HandleError(_, _, e) = errors.Add e
            }

            let mutable n = 0
            let logged = ResizeArray()

            for op in ops do
                match op with
                | Write len ->
                    let m = sprintf "%05d%s" n (String('x', len))
                    n <- n + 1
                    logged.Add m
                    h.Handle(LogRecord.Create("p", Levels.Info, m)) |> ignore
                | Moves b -> fs.FailMoves <- b
                | Deletes b -> fs.FailDeletes <- b
                | Writes b -> fs.FailWrites <- b

            fs.FailMoves <- false
            fs.FailDeletes <- false
            fs.FailWrites <- false
            h.Close()
            // oldest backup first, then the live file: every record once, in the order logged
            let files =
                Directory.GetFiles dir
                |> Array.filter (fun f -> not (f.EndsWith ".rotation"))
                |> Array.sortByDescending (fun f ->
                    match Int32.TryParse(Path.GetExtension(f).TrimStart '.') with
                    | true, i -> i
                    | _ -> 0)

            let lines = files |> Array.collect File.ReadAllLines |> List.ofArray

            holds
                (lines = List.ofSeq logged && h.DroppedCount = 0L)
                (sprintf "logged %A\nfound %A\nerrors %A" (List.ofSeq logged) lines (List.ofSeq errors))
        finally
            Directory.Delete(dir, true))
    |> checkIO
