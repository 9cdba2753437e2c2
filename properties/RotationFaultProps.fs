module FuncLog.Properties.RotationFaultProps

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
