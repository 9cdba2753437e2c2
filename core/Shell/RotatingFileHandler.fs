namespace FuncLog

open System
open System.IO
open System.IO.Abstractions
open System.IO.Compression
open System.Runtime.InteropServices

/// Python's RotatingFileHandler: switches to a new file when the next record would take the file to
/// maxBytes, keeping backupCount backups named "<file>.1" (newest) … "<file>.<backupCount>".
[<AllowNullLiteral>]
type RotatingFileHandler
    (
        filename: string,
        [<Optional; DefaultParameterValue("a")>] mode: string,
        [<Optional; DefaultParameterValue(0L)>] maxBytes: int64,
        [<Optional; DefaultParameterValue(0)>] backupCount: int,
        [<Optional; DefaultParameterValue(null: string)>] encoding: string,
        [<Optional; DefaultParameterValue(false)>] delay: bool,
        [<Optional; DefaultParameterValue(null: IFileSystem)>] fileSystem: IFileSystem,
        [<Optional; DefaultParameterValue(null: TimeProvider)>] timeProvider: TimeProvider,
        [<Optional; DefaultParameterValue(null: RotationOptions)>] options: RotationOptions,
        [<Optional; DefaultParameterValue(null: string)>] errors: string
    ) as this =
    inherit BaseRotatingHandler(filename, (if maxBytes > 0L then "a" else mode), encoding, delay, fileSystem, timeProvider, options, errors)
    do base.DeclareTransient typeof<RotatingFileHandler>

    let policy = {
        MaxBytes = maxBytes
        BackupCount = backupCount
    }

    do this.Start false

    /// The size limit (0: never roll over).
    member _.MaxBytes = maxBytes
    /// How many backups are kept.
    member _.BackupCount = backupCount
    /// The policy as a value.
    member internal _.Policy = policy

    override this.ShouldRollover(_record: LogRecord, length: int64) =
        // as CPython, the decision opens a delayed file; if that fails, the write keeps and reports the record
        try
            this.EnsureOpen()
        with _ ->
            ()

        Rotation.sizeShouldRollover policy (this.CurrentSize()) length
        && FileIdentity.isRegular this.FileSystem this.BaseFilename

    override this.DoRollover() =
        lock this.Lock (fun () ->
            this.CloseStream()

            let steps =
                Rotation.sizePlan
                    policy
                    this.NamerFunction
                    this.BaseFilename
                    (this.Existing(Rotation.sizeCandidates policy this.NamerFunction this.BaseFilename))

            this.Carry steps

            this.DeleteExpired [
                for i in 1..backupCount -> Rotation.backupName this.NamerFunction this.BaseFilename i
            ]

            this.CountRollover()

            if this.ReopenAfterRollover then
                this.EnsureOpen())

    /// What the next rollover will do, given the file's size and the files that exist now.
    member this.Explain() =
        lock this.Lock (fun () ->
            let size =
                match this.RawStream with
                | null when this.FileSystem.File.Exists this.BaseFilename ->
                    this.FileSystem.FileInfo.FromFileName(this.BaseFilename).Length
                | null -> 0L
                | _ -> this.CurrentSize()

            Rotation.explainSize
                policy
                this.NamerFunction
                this.BaseFilename
                size
                (this.Existing(Rotation.sizeCandidates policy this.NamerFunction this.BaseFilename)))

/// RotatingFileHandler as configurations name it.
module internal RotatingFileHandlerEntry =
    let rotating = {
        Schema = {
            Name = "RotatingFileHandler"
            Module = "logging.handlers"
            Required = [ "filename" ]
            Params = [
                "filename", ParamKind.Str
                "mode", ParamKind.Str
                "maxBytes", ParamKind.Int
                "backupCount", ParamKind.Int
                "encoding", ParamKind.Str
                "delay", ParamKind.Bool
                "errors", ParamKind.Str
            ]
        }
        Build =
            fun a ->
                RotatingFileHandler(
                    a.Str("filename", null),
                    a.Str("mode", "a"),
                    a.Int("maxBytes", 0L),
                    int (a.Int("backupCount", 0L)),
                    a.Str("encoding", null),
                    a.Bool("delay", false),
                    a.FileSystem,
                    a.Clock,
                    null,
                    a.Str("errors", null)
                )
    }
