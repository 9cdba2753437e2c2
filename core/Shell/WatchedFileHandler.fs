namespace FuncLog

open System
open System.IO
open System.IO.Abstractions
open System.IO.Compression
open System.Runtime.InteropServices

/// Python's WatchedFileHandler: before each record, reopens the file if it was moved or deleted underneath
/// (by logrotate, say). Identity is the open descriptor's path on Linux, and the file's size elsewhere.
[<AllowNullLiteral>]
type WatchedFileHandler
    (
        filename: string,
        [<Optional; DefaultParameterValue("a")>] mode: string,
        [<Optional; DefaultParameterValue(null: string)>] encoding: string,
        [<Optional; DefaultParameterValue(false)>] delay: bool,
        [<Optional; DefaultParameterValue(null: IFileSystem)>] fileSystem: IFileSystem,
        [<Optional; DefaultParameterValue(null: string)>] errors: string
    ) =
    inherit FileHandler(filename, mode, encoding, delay, fileSystem, 0, errors)
    do base.DeclareTransient typeof<WatchedFileHandler>
    let mutable reopened = 0L

    /// How many times the file was reopened because it changed.
    member _.Reopened = Threading.Interlocked.Read &reopened

    /// Python's reopenIfNeeded: closes and reopens when the path no longer names the open file.
    member this.ReopenIfNeeded() =
        lock this.Lock (fun () ->
            if
                not (isNull this.RawStream)
                && FileIdentity.changed this.FileSystem this.BaseFilename this.RawStream
            then
                this.CloseStream()
                Threading.Interlocked.Increment &reopened |> ignore
                this.EnsureOpen())

    override this.Emit(record: LogRecord) =
        this.ReopenIfNeeded()
        base.Emit record

/// WatchedFileHandler as configurations name it.
module internal WatchedFileHandlerEntry =
    let watched = {
        Schema = {
            Name = "WatchedFileHandler"
            Module = "logging.handlers"
            Required = [ "filename" ]
            Params = ("filename", ParamKind.Str) :: FileHandlerEntries.fileParams
        }
        Build =
            fun a ->
                WatchedFileHandler(
                    a.Str("filename", null),
                    a.Str("mode", "a"),
                    a.Str("encoding", null),
                    a.Bool("delay", false),
                    a.FileSystem,
                    a.Str("errors", null)
                )
    }
