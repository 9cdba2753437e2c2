namespace FuncLog

open System
open System.IO
open System.IO.Abstractions
open System.IO.Compression
open System.Runtime.InteropServices

/// Python's TimedRotatingFileHandler: switches to a new file at times set by `when` (S, M, H, D, MIDNIGHT,
/// W0–W6) and `interval`, naming the old file by the start of its interval and keeping backupCount of them.
/// Time comes from the TimeProvider (local time from its LocalTimeZone unless utc). With maxBytes it also
/// rolls over on size; a second file in one interval is named "<file>.<date>.1", ".2", ….
[<AllowNullLiteral>]
type TimedRotatingFileHandler
    (
        filename: string,
        [<Optional; DefaultParameterValue("h")>] ``when``: string,
        [<Optional; DefaultParameterValue(1)>] interval: int,
        [<Optional; DefaultParameterValue(0)>] backupCount: int,
        [<Optional; DefaultParameterValue(null: string)>] encoding: string,
        [<Optional; DefaultParameterValue(false)>] delay: bool,
        [<Optional; DefaultParameterValue(false)>] utc: bool,
        [<Optional>] atTime: Nullable<TimeOnly>,
        [<Optional; DefaultParameterValue(null: IFileSystem)>] fileSystem: IFileSystem,
        [<Optional; DefaultParameterValue(null: TimeProvider)>] timeProvider: TimeProvider,
        [<Optional; DefaultParameterValue(0L)>] maxBytes: int64,
        [<Optional; DefaultParameterValue(null: RotationOptions)>] options: RotationOptions,
        [<Optional; DefaultParameterValue(null: string)>] errors: string
    ) as this =
    inherit BaseRotatingHandler(filename, "a", encoding, delay, fileSystem, timeProvider, options, errors)
    do base.DeclareTransient typeof<TimedRotatingFileHandler>

    let policy =
        match
            TimedRotation.timePolicy
                ``when``
                interval
                utc
                (if atTime.HasValue then
                     Some(atTime.Value.ToTimeSpan())
                 else
                     None)
                backupCount
        with
        | Ok p -> p
        | Error e -> raise (ArgumentException(e, "when"))

    let size = { MaxBytes = maxBytes; BackupCount = 0 }
    let mutable rolloverAt = 0L
    let mutable bySize = false

    let zone () = this.TimeProvider.LocalTimeZone

    let now () =
        this.TimeProvider.GetUtcNow().ToUnixTimeSeconds()

    // when the file last changed before this handler, or None when the handler creates it (then the first
    // rollover counts from the clock: CPython stats the file it has just created)
    let startedFrom =
        let fs = this.FileSystem

        if fs.File.Exists this.BaseFilename then
            Some(DateTimeOffset(fs.File.GetLastWriteTimeUtc this.BaseFilename, TimeSpan.Zero).ToUnixTimeSeconds())
        else
            None

    let firstRollover () =
        rolloverAt <- TimedRotation.computeRollover policy (zone ()) (defaultArg startedFrom (now ()))

    do
        this.Start false
        firstRollover ()

    /// The first rollover counts from the handler's clock: when it changes (the handler joins a manager with a
    /// clock of its own) before any record, it is computed again from the new clock.
    override this.OnClockChanged() =
        if this.EmittedCount = 0L && this.Rollovers = 0L then
            firstRollover ()

    /// The policy as a value (when, interval in seconds, utc, atTime, suffix).
    member internal _.Policy = policy
    /// Python's when, upper-cased.
    member _.When = (if isNull ``when`` then "H" else ``when``).ToUpperInvariant()
    /// Seconds between rollovers.
    member _.Interval = policy.Interval
    /// How many backups are kept.
    member _.BackupCount = backupCount
    /// Whether times are UTC.
    member _.Utc = utc
    /// Python's suffix (the strftime format of the date in backup names).
    member _.Suffix = policy.Suffix
    /// The size limit in size-and-time mode (0: time only).
    member _.MaxBytes = maxBytes

    /// The next rollover time (Python's rolloverAt, Unix seconds).
    member _.RolloverAt
        with get () = rolloverAt
        and set v = rolloverAt <- v

    /// Python's computeRollover.
    member _.ComputeRollover(currentTime: int64) =
        TimedRotation.computeRollover policy (zone ()) currentTime

    member private this.Names() =
        let fs = this.FileSystem
        let dir = fs.Path.GetDirectoryName this.BaseFilename

        if fs.Directory.Exists dir then
            fs.Directory.GetFiles dir |> Array.map fs.Path.GetFileName |> List.ofArray
        else
            []

    /// Python's getFilesToDelete.
    member this.GetFilesToDelete() =
        TimedRotation.timedFilesToDelete policy this.NamerFunction this.BaseFilename (maxBytes > 0L) (this.Names())

    override this.ShouldRollover(_record: LogRecord, length: int64) =
        let t = now ()

        if t >= rolloverAt then
            if
                this.FileSystem.File.Exists this.BaseFilename
                && not (FileIdentity.isRegular this.FileSystem this.BaseFilename)
            then
                rolloverAt <- this.ComputeRollover t
                false
            else
                bySize <- false
                true
        elif maxBytes > 0L then
            try
                this.EnsureOpen()
            with _ ->
                ()

            bySize <- Rotation.sizeShouldRollover size (this.CurrentSize()) length
            bySize
        else
            false

    override this.DoRollover() =
        lock this.Lock (fun () ->
            let t = now ()
            let fs = this.FileSystem

            match
                TimedRotation.timedPlan policy (zone ()) this.NamerFunction this.BaseFilename (maxBytes > 0L) rolloverAt t (this.Names())
            with
            | TimedRollover.AlreadyRolled _ ->
                if this.Options.MultiProcess then
                    rolloverAt <- this.ComputeRollover t
            | TimedRollover.Steps(steps, next) ->
                this.CloseStream()
                this.Carry steps

                if this.Options.MaxAge.HasValue then
                    this.DeleteExpired(
                        TimedRotation.timedBackups policy this.NamerFunction this.BaseFilename (maxBytes > 0L) (this.Names())
                    )

                this.CountRollover()

                if this.ReopenAfterRollover then
                    this.EnsureOpen()

                if not bySize then
                    rolloverAt <- next

            bySize <- false)

    override this.OnRotatedElsewhere() =
        let t = now ()

        if t >= rolloverAt then
            rolloverAt <- this.ComputeRollover t

    /// What the next timed rollover will do and when, given the files that exist now.
    member this.Explain() =
        lock this.Lock (fun () -> TimedRotation.explainTime policy (zone ()) this.NamerFunction this.BaseFilename rolloverAt (this.Names()))

/// TimedRotatingFileHandler as configurations name it.
module internal TimedRotatingFileHandlerEntry =
    let timed = {
        Schema = {
            Name = "TimedRotatingFileHandler"
            Module = "logging.handlers"
            Required = [ "filename" ]
            Params = [
                "filename", ParamKind.Str
                "when", ParamKind.Str
                "interval", ParamKind.Int
                "backupCount", ParamKind.Int
                "encoding", ParamKind.Str
                "delay", ParamKind.Bool
                "utc", ParamKind.Bool
                "atTime", ParamKind.Time
                "errors", ParamKind.Str
            ]
        }
        Build =
            fun a ->
                let atTime =
                    match a.Get "atTime" with
                    | Some(PyData.Str s) -> Nullable(TimeOnly.Parse(s, Globalization.CultureInfo.InvariantCulture))
                    | _ -> Nullable()

                TimedRotatingFileHandler(
                    a.Str("filename", null),
                    a.Str("when", "h"),
                    int (a.Int("interval", 1L)),
                    int (a.Int("backupCount", 0L)),
                    a.Str("encoding", null),
                    a.Bool("delay", false),
                    a.Bool("utc", false),
                    atTime,
                    a.FileSystem,
                    a.Clock,
                    0L,
                    null,
                    a.Str("errors", null)
                )
    }
