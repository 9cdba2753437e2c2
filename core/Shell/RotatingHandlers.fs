namespace FuncLog

open System
open System.IO
open System.IO.Abstractions
open System.IO.Compression
open System.Runtime.InteropServices

/// A rollover that failed (a rename or delete refused, the disk full). The handler keeps writing to the
/// current file and tries again at the next decision.
type RotationException(message: string, inner: exn) =
    inherit IOException(message, inner)

/// Options FuncLog adds to Python's rotating handlers. The defaults are CPython's behaviour.
[<AllowNullLiteral>]
type RotationOptions() =
    /// Also delete backups last written longer ago than this (on top of backupCount), at each rollover.
    member val MaxAge = Nullable<TimeSpan>() with get, set

    /// Write each rollover's plan to "<file>.rotation" before carrying it out, so a rollover cut short by a
    /// crash is completed when the next handler for the file starts.
    member val CrashSafe = false with get, set

    /// Let several processes log to and rotate the same file: each record is written, and each rollover
    /// done, while holding an OS lock on "<file>.lock", after checking whether another process rotated.
    member val MultiProcess = false with get, set

    /// How long to wait for the inter-process lock before writing without it (and reporting that).
    member val LockTimeout = TimeSpan.FromSeconds 30.0 with get, set

/// Whether the open file is still the file at a path (Python compares st_dev/st_ino).
module internal FileIdentity =
    let private procFd (raw: Stream) =
        match raw with
        | :? FileStream as f when OperatingSystem.IsLinux() ->
            try
                let fd = f.SafeFileHandle.DangerousGetHandle()
                let target = FileInfo("/proc/self/fd/" + string fd).LinkTarget
                ValueOption.ofObj target
            with _ ->
                ValueNone
        | _ -> ValueNone

    /// True when the file at `path` is missing or is not the file `raw` has open.
    let changed (fs: IFileSystem) (path: string) (raw: Stream) =
        if not (fs.File.Exists path) then
            true
        elif isNull raw then
            false
        else
            match procFd raw with
            | ValueSome target -> target <> path
            | ValueNone ->
                // no descriptor to ask: sizes differ when the path names another file (we flush every record)
                try
                    raw.Length <> fs.FileInfo.FromFileName(path).Length
                with _ ->
                    true

    /// Python's os.path.isfile for a path that exists (devices such as /dev/null are not rotated).
    let isRegular (fs: IFileSystem) (path: string) =
        not (fs.Directory.Exists path)
        && not (path.StartsWith "/dev/" || path.StartsWith "/proc/")

/// Ready-made rotators and namers for BaseRotatingHandler.
[<AbstractClass; Sealed>]
type Rotators =
    /// A rotator that gzip-compresses the file to the destination and deletes the source (a missing
    /// source is skipped, as CPython's default rename does). Pair it with a namer that appends ".gz".
    static member GZip(fileSystem: IFileSystem) : Action<string, string> =
        let fs =
            if isNull fileSystem then
                FileSystem() :> IFileSystem
            else
                fileSystem

        Action<string, string>(fun source dest ->
            if fs.File.Exists source then
                do
                    use input = fs.File.OpenRead source
                    use output = fs.FileStream.Create(dest, FileMode.Create, FileAccess.Write)
                    use gz = new GZipStream(output, CompressionLevel.Optimal)
                    input.CopyTo gz

                fs.File.Delete source)

    /// A namer that appends a suffix (".gz").
    static member Suffix(suffix: string) : Func<string, string> =
        Func<string, string>(fun n -> n + suffix)

/// The base of the rotating file handlers (Python's BaseRotatingHandler): decides at each record whether
/// to roll over, carries the rollover's plan out through IFileSystem, then writes the record. A failed
/// rollover is reported once (through HandleError) and retried at the next record; the record is still
/// written to the current file, so no record is lost.
[<AbstractClass; AllowNullLiteral>]
type BaseRotatingHandler
    (
        filename: string,
        mode: string,
        encoding: string,
        delay: bool,
        fileSystem: IFileSystem,
        timeProvider: TimeProvider,
        options: RotationOptions,
        errors: string
    ) =
    inherit FileHandler(filename, mode, encoding, true, fileSystem, 0, errors)
    let options = if isNull options then RotationOptions() else options

    do
        if not (isNull timeProvider) then
            base.SetOwnClock timeProvider

    let mutable namer: Func<string, string> = null
    let mutable rotator: Action<string, string> = null
    let mutable failing = false
    let mutable failures = 0L
    let mutable rollovers = 0L
    let mutable started = false
    do base.SetDelay delay

    /// Python's namer: maps a default backup name to the name used (null: unchanged).
    member _.Namer
        with get () = namer
        and set v = namer <- v

    /// Python's rotator: moves the file being written to its backup name (null: rename if it exists).
    member _.Rotator
        with get () = rotator
        and set v = rotator <- v

    /// Compresses each rolled file with gzip (names end in ".gz"; backups are still counted and deleted).
    member this.UseGZip() =
        this.Namer <- Rotators.Suffix ".gz"
        this.Rotator <- Rotators.GZip this.FileSystem

    /// The clock rollover times are read from (Handler.Clock: the one given, else the manager's).
    member this.TimeProvider = this.Clock
    /// FuncLog's options (age retention, crash safety, several processes).
    member _.Options = options
    /// How many rollovers failed (each retried at the next record).
    member _.RotationFailures = Threading.Interlocked.Read &failures
    /// How many rollovers were carried out.
    member _.Rollovers = Threading.Interlocked.Read &rollovers

    /// The namer as a function, or None.
    member internal _.NamerFunction =
        match namer with
        | null -> None
        | f -> Some f.Invoke

    /// Python's rotation_filename: the namer applied to a default name.
    member _.RotationFilename(defaultName: string) =
        match namer with
        | null -> defaultName
        | f -> f.Invoke defaultName

    /// Python's rotate: the rotator, or a rename when the source exists.
    member this.Rotate(source: string, dest: string) =
        match rotator with
        | null ->
            if this.FileSystem.File.Exists source then
                this.FileSystem.File.Move(source, dest, true)
        | r -> r.Invoke(source, dest)

    /// The path of the rotation journal ("<file>.rotation").
    member this.JournalPath = this.BaseFilename + ".rotation"
    /// The path of the inter-process lock file ("<file>.lock").
    member this.LockPath = this.BaseFilename + ".lock"

    member private this.Execute(step: RotationStep, recovering: bool) =
        let fs = this.FileSystem

        match step with
        | RotationStep.Remove p ->
            if fs.File.Exists p then
                fs.File.Delete p
        | RotationStep.Rename(s, d) ->
            if fs.File.Exists s then
                fs.File.Move(s, d, true)
        | RotationStep.Rotate(s, d) ->
            if (rotator <> null && not recovering) || fs.File.Exists s then
                this.Rotate(s, d)

    /// Carries out a plan: in order, each step journalled when CrashSafe is on.
    member internal this.Carry(steps: RotationStep list) =
        if options.CrashSafe && not steps.IsEmpty then
            let fs = this.FileSystem

            try
                do
                    use j =
                        fs.FileStream.Create(this.JournalPath, FileMode.Create, FileAccess.Write, FileShare.Read)

                    let b = Text.Encoding.UTF8.GetBytes(RotationJournal.render steps)
                    j.Write(b, 0, b.Length)
                    j.Flush()

                    steps
                    |> List.iteri (fun i s ->
                        this.Execute(s, false)
                        let m = Text.Encoding.UTF8.GetBytes(RotationJournal.doneMark i)
                        j.Write(m, 0, m.Length)
                        j.Flush())
            finally
                // a step that failed in this process is planned afresh at the next record, from the files as
                // they are; the journal is only for a process that died in the middle
                try
                    fs.File.Delete this.JournalPath
                with _ ->
                    ()
        else
            for s in steps do
                this.Execute(s, false)

    /// Completes a rollover a crash cut short (the journal left behind), before the file is opened.
    member internal this.Recover() =
        let fs = this.FileSystem

        if fs.File.Exists this.JournalPath then
            match RotationJournal.parse (fs.File.ReadAllText this.JournalPath) with
            | Ok(Some(steps, completed)) ->
                for s in List.skip completed steps do
                    // the first step not marked may or may not have run: each step checks its source first
                    this.Execute(s, true)
            | Ok None -> ()
            | Error e ->
                raise (RotationException(sprintf "%s: unreadable rotation journal (%s); it is left in place" this.JournalPath e, null))

            fs.File.Delete this.JournalPath

    /// Opens the file (unless delayed) after completing an interrupted rollover. At construction an
    /// interrupted rollover waits for the first record, so the Namer and Rotator set after the constructor
    /// are the ones that complete it.
    member internal this.Start(fromEmit: bool) =
        if not started then
            let interrupted = options.CrashSafe && this.FileSystem.File.Exists this.JournalPath

            if fromEmit || not interrupted then
                started <- true

                if interrupted then
                    this.Recover()

                if not delay then
                    this.EnsureOpen()

    /// Decides whether this record rolls the file over (Python's shouldRollover). `length` is the formatted
    /// record's length in code points with its terminator — Python's len(msg + "\n"), which the size rule
    /// compares — counted while the record is encoded, so no string is made for the decision.
    abstract ShouldRollover: record: LogRecord * length: int64 -> bool

    /// Python's shouldRollover(record): formats the record and decides.
    member this.ShouldRollover(record: LogRecord) =
        lock this.Lock (fun () -> this.ShouldRollover(record, int64 (Rotation.codePoints (this.Format record) + this.Terminator.Length)))

    /// Rolls the file over now (Python's doRollover).
    abstract DoRollover: unit -> unit

    /// Whether the file is opened again after a rollover (not when delayed).
    member internal _.ReopenAfterRollover = not delay

    member internal this.CountRollover() =
        Threading.Interlocked.Increment &rollovers |> ignore
        PipelineMetrics.rollover (PipelineMetrics.handlerName this.Name (this.GetType()))

    /// Deletes backups older than Options.MaxAge.
    member internal this.DeleteExpired(backups: string list) =
        if options.MaxAge.HasValue then
            let fs = this.FileSystem

            let files = [
                for b in backups do
                    if fs.File.Exists b then
                        yield {
                            Path = b
                            LastWriteUtc = DateTimeOffset(fs.File.GetLastWriteTimeUtc b, TimeSpan.Zero)
                        }
            ]

            for p in Rotation.expired (this.Clock.GetUtcNow()) options.MaxAge.Value files do
                fs.File.Delete p

    /// Which of these paths exist (the facts a rotation plan is made from).
    member internal this.Existing(paths: string list) : Set<string> =
        paths |> List.filter this.FileSystem.File.Exists |> Set.ofList

    /// The size a size decision compares: the open file's (as the OS sees it when several processes write).
    member internal this.CurrentSize() =
        match this.RawStream with
        | null -> 0L
        | s when options.MultiProcess -> s.Length
        | s -> s.Position

    /// Hook for MultiProcess mode, called under the lock when another process rotated the file.
    abstract OnRotatedElsewhere: unit -> unit
    default _.OnRotatedElsewhere() = ()

    member private this.Acquire() : IDisposable =
        if not options.MultiProcess then
            null
        else
            let fs = this.FileSystem
            let deadline = Environment.TickCount64 + int64 options.LockTimeout.TotalMilliseconds
            let mutable spin = Threading.SpinWait()
            let mutable result = null
            let mutable last = null

            while isNull result && Environment.TickCount64 < deadline do
                try
                    result <-
                        fs.FileStream.Create(this.LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None) :> IDisposable
                with :? IOException as e ->
                    last <- e
                    spin.SpinOnce(0)

            if isNull result then
                raise (
                    RotationException(
                        sprintf "could not lock %s within %O; the record is written without the lock" this.LockPath options.LockTimeout,
                        last
                    )
                )

            result

    /// Decides, rolls over when due, and writes the record Encode made (before the lock, or in Emit).
    member private this.RollAndWrite(record: LogRecord, local: EncodeBuffer) =
        this.SeekToEnd <- options.MultiProcess
        this.Start true

        let held =
            try
                this.Acquire()
            with e ->
                this.Report(record, e)
                null

        try
            if options.MultiProcess && not (isNull this.RawStream) then
                if FileIdentity.changed this.FileSystem this.BaseFilename this.RawStream then
                    this.CloseStream()
                    this.OnRotatedElsewhere()

            try
                if this.ShouldRollover(record, int64 local.CodePoints + int64 this.Terminator.Length) then
                    this.DoRollover()

                failing <- false
            with e ->
                Threading.Interlocked.Increment &failures |> ignore

                if not failing then
                    failing <- true

                    this.Report(
                        record,
                        RotationException(
                            sprintf
                                "rollover of %s failed (%s); writing on to the current file and trying again at the next record"
                                this.BaseFilename
                                e.Message,
                            e
                        )
                    )

            this.WriteEncoded(record, local)
        finally
            if not (isNull held) then
                held.Dispose()

    /// Formats and encodes the record, and counts its code points, outside the lock.
    override this.Render(record: LogRecord) = box (this.Encode(record, true))

    override this.Emit(record: LogRecord) =
        let local =
            match this.TakeRendered record with
            | :? EncodeBuffer as b -> b
            | _ -> this.Encode(record, true)

        try
            this.RollAndWrite(record, local)
        finally
            // WriteEncoded gives it back; this covers a failure before the write
            EncodeBuffer.Return local
