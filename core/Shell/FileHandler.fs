namespace FuncLog

open System
open System.IO
open System.IO.Abstractions
open System.Runtime.InteropServices
open System.Text

/// Text encodings by Python's names.
module internal Encodings =
    let utf8 = UTF8Encoding(false)

    let byName (name: string) : Encoding =
        match
            (if isNull name then
                 "utf-8"
             else
                 name.ToLowerInvariant().Replace("_", "-"))
        with
        | "utf-8"
        | "utf8"
        | "locale" -> utf8 :> _
        | "utf-8-sig" -> UTF8Encoding(true) :> _
        | "ascii"
        | "us-ascii" -> Encoding.ASCII
        | "latin-1"
        | "latin1"
        | "iso-8859-1" -> Encoding.Latin1
        | n -> Encoding.GetEncoding n

/// Writes formatted records to a file (through IFileSystem): Python's FileHandler with mode, encoding and delay.
/// Each record is flushed to the OS before Emit returns.
[<AllowNullLiteral>]
type FileHandler
    (
        filename: string,
        [<Optional; DefaultParameterValue("a")>] mode: string,
        [<Optional; DefaultParameterValue(null: string)>] encoding: string,
        [<Optional; DefaultParameterValue(false)>] delay: bool,
        [<Optional; DefaultParameterValue(null: IFileSystem)>] fileSystem: IFileSystem
    ) as this =
    inherit StreamHandler(TextWriter.Null)
    let fs: IFileSystem = if isNull fileSystem then FileSystem() :> _ else fileSystem
    let mode = if String.IsNullOrEmpty mode then "a" else mode

    let fileMode =
        match mode.Replace("b", "").Replace("+", "").Replace("t", "") with
        | "a" -> FileMode.Append
        | "w" -> FileMode.Create
        | "x" -> FileMode.CreateNew
        | _ -> raise (ArgumentException(sprintf "invalid mode: %s" (PyValue.stringRepr mode), "mode"))

    let enc = Encodings.byName encoding
    let path = fs.Path.GetFullPath filename
    let mutable closed = false

    do this.Stream <- (if delay then null else this.Open())

    /// The absolute path of the file (Python's baseFilename).
    member _.BaseFilename = path
    /// The open mode ("a", "w" or "x").
    member _.Mode = mode
    /// The file system written through.
    member _.FileSystem = fs
    /// The encoding name given (null for UTF-8).
    member _.Encoding = encoding

    /// Opens the file and returns a writer for it (Python's _open).
    member _.Open() : TextWriter =
        let s =
            fs.FileStream.Create(path, fileMode, FileAccess.Write, FileShare.ReadWrite ||| FileShare.Delete)

        new StreamWriter(s, enc, 4096, false) :> _

    override this.Emit(record: LogRecord) =
        if isNull this.Stream && (mode <> "w" || not closed) then
            this.Stream <- this.Open()

        if not (isNull this.Stream) then
            base.Emit record

    override this.Close() =
        lock this.Lock (fun () ->
            try
                match this.Stream with
                | null -> ()
                | s ->
                    try
                        s.Flush()
                    finally
                        this.Stream <- null
                        s.Dispose()
            finally
                closed <- true)
