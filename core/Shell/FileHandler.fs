namespace FuncLog

open System
open System.IO
open System.IO.Abstractions
open System.Runtime.InteropServices
open System.Text

/// Opening for append the way CPython does (O_APPEND): every write lands at the end of the file, even when
/// another handle or process wrote or truncated it. .NET's FileMode.Append only seeks to the end once.
module internal AppendOpen =
    [<DllImport("libc", EntryPoint = "open", SetLastError = true)>]
    extern int private sys_open(string path, int flags, int mode)

    // Linux values (x64, arm64)
    let private O_WRONLY = 0x1
    let private O_CREAT = 0x40
    let private O_APPEND = 0x400
    let private O_CLOEXEC = 0x80000

    /// A stream on an O_APPEND descriptor for the real file system on Linux, or None (then FileMode.Append).
    let tryOpen (fs: IFileSystem) (path: string) (bufferSize: int) : Stream option =
        if OperatingSystem.IsLinux() && fs.GetType() = typeof<FileSystem> then
            let fd = sys_open (path, O_WRONLY ||| O_CREAT ||| O_APPEND ||| O_CLOEXEC, 0o666)

            if fd < 0 then
                None // the ordinary open reports the error with .NET's exception
            else
                let s =
                    fs.FileStream.Create(new Microsoft.Win32.SafeHandles.SafeFileHandle(nativeint fd, true), FileAccess.Write, bufferSize)

                s.Seek(0L, SeekOrigin.End) |> ignore
                Some s
        else
            None

/// Why a file handler could not write: the underlying error, and what became of the record.
type FileWriteException(message: string, inner: exn) =
    inherit IOException(message, inner)

/// Writes formatted records to a file (through IFileSystem): Python's FileHandler with mode, encoding and delay.
/// Each record reaches the OS (one write) before Emit returns. A record whose write fails (a full disk, a
/// vanished directory) is kept and written before the next record, so a passing fault loses nothing; the
/// failure is reported once through HandleError, not once per record.
[<AllowNullLiteral>]
type FileHandler
    (
        filename: string,
        [<Optional; DefaultParameterValue("a")>] mode: string,
        [<Optional; DefaultParameterValue(null: string)>] encoding: string,
        [<Optional; DefaultParameterValue(false)>] delay: bool,
        [<Optional; DefaultParameterValue(null: IFileSystem)>] fileSystem: IFileSystem,
        [<Optional; DefaultParameterValue(0)>] bufferSize: int,
        [<Optional; DefaultParameterValue(null: string)>] errors: string
    ) as this =
    inherit StreamHandler(TextWriter.Null)
    do base.DeclareTransient typeof<FileHandler>
    let fs: IFileSystem = if isNull fileSystem then FileSystem() :> _ else fileSystem
    let mode = if String.IsNullOrEmpty mode then "a" else mode

    let fileMode =
        match mode.Replace("b", "").Replace("+", "").Replace("t", "") with
        | "a" -> FileMode.Append
        | "w" -> FileMode.Create
        | "x" -> FileMode.CreateNew
        | _ -> raise (ArgumentException(sprintf "invalid mode: %s" (PyValue.stringRepr mode), "mode"))

    let enc = Encodings.forWriting encoding errors
    let preamble = enc.GetPreamble()
    let isUtf8 = enc :? UTF8Encoding
    // UTF-8 writes one byte per char exactly when the text is ASCII: one code point per char, no count
    let ascii (bytes: int) (chars: int) = isUtf8 && bytes = chars
    let path = fs.Path.GetFullPath filename
    let mutable closed = false
    let mutable raw: Stream = null
    let mutable everOpened = false
    let mutable needPreamble = false
    let pending = Collections.Generic.Queue<byte[]>()
    let mutable pendingBytes = 0L
    let mutable failing = false
    let mutable dropped = 0L
    let mutable seekToEnd = false
    let mutable scratch: byte[] = Array.zeroCreate 1024
    let mutable delayed = delay
    let mutable maxPendingRecords = 10_000
    let mutable maxPendingBytes = 16L * 1024L * 1024L

    do this.Stream <- (if delay then null else this.Open())

    /// At most this many records are kept while writes fail; more are dropped and counted.
    member _.MaxPendingRecords
        with get () = maxPendingRecords
        and set v = maxPendingRecords <- v

    /// At most this many bytes are kept while writes fail; more are dropped and counted.
    member _.MaxPendingBytes
        with get () = maxPendingBytes
        and set v = maxPendingBytes <- v

    /// The absolute path of the file (Python's baseFilename).
    member _.BaseFilename = path
    /// The open mode ("a", "w" or "x").
    member _.Mode = mode
    /// The file system written through.
    member _.FileSystem = fs
    /// The encoding name given (null for UTF-8).
    member _.Encoding = encoding

    /// Python's error handler for characters the encoding cannot represent (null: 'strict', which reports
    /// the record through HandleError and writes nothing of it).
    member _.Errors = errors
    /// Bytes buffered before a write reaches the OS (0, the default: every record is written before Emit
    /// returns, as CPython's FileHandler does). With a buffer, records reach the file when it fills, at
    /// Flush and at Close (and shutdown); a crash loses what is buffered.
    member _.BufferSize = bufferSize

    /// Whether opening waits for the first record (Python's delay).
    member _.Delay = delayed

    /// Set by subclasses that open the file themselves (the rotating handlers, after recovery).
    member internal _.SetDelay(v: bool) = delayed <- v
    /// Records whose write failed and that wait to be written before the next one.
    member _.PendingCount = lock this.Lock (fun () -> pending.Count)
    /// Records given up: more failed writes than MaxPendingRecords/MaxPendingBytes hold, or still failing at Close.
    member _.DroppedCount = Threading.Interlocked.Read &dropped

    /// The open file, or null.
    member internal _.RawStream = raw

    /// Opens the file and returns a writer for it (Python's _open).
    member _.Open() : TextWriter =
        let create () =
            match
                (if fileMode = FileMode.Append then
                     AppendOpen.tryOpen fs path bufferSize
                 else
                     None)
            with
            | Some s -> s
            | None -> fs.FileStream.Create(path, fileMode, FileAccess.Write, FileShare.ReadWrite ||| FileShare.Delete, bufferSize)

        let s =
            try
                create ()
            with :? DirectoryNotFoundException when everOpened ->
                // the directory was there when this handler opened the file: make it again
                fs.Directory.CreateDirectory(fs.Path.GetDirectoryName path) |> ignore
                create ()

        raw <- s
        everOpened <- true
        needPreamble <- preamble.Length > 0 && s.CanSeek && s.Length = 0L
        new StreamWriter(s, Encodings.withoutPreamble enc, 4096, false, AutoFlush = true) :> _

    /// Opens the file if it is not open (and may be reopened: not after Close in mode "w").
    member internal this.EnsureOpen() =
        if isNull this.Stream && (mode <> "w" || not closed) then
            this.Stream <- this.Open()

    /// Closes the file without closing the handler (a rollover reopens it).
    member internal this.CloseStream() =
        match this.Stream with
        | null -> ()
        | s ->
            this.Stream <- null
            raw <- null

            try
                s.Dispose()
            with _ ->
                ()

    /// Seek to the end before each write (several processes append to the file under a lock).
    member internal _.SeekToEnd
        with get () = seekToEnd
        and set v = seekToEnd <- v

    member private this.WriteBytes(bytes: byte[], count: int) =
        let s = raw

        if seekToEnd && s.CanSeek then
            s.Seek(0L, SeekOrigin.End) |> ignore

        let start = if s.CanSeek then s.Position else -1L

        try
            if needPreamble then
                s.Write(preamble, 0, preamble.Length)
                needPreamble <- false

            s.Write(bytes, 0, count)

            if bufferSize = 0 then
                s.Flush()
        with _ ->
            // take back a partly written line, so the retry does not tear it
            try
                if start >= 0L && s.Length > start then
                    s.SetLength start
            with _ ->
                ()

            reraise ()

    member private this.Keep(record: LogRecord, bytes: byte[], count: int, error: exn) =
        if
            pending.Count < maxPendingRecords
            && pendingBytes + int64 count <= maxPendingBytes
        then
            pending.Enqueue(bytes.AsSpan(0, count).ToArray())
            pendingBytes <- pendingBytes + int64 count

            if not failing then
                failing <- true

                this.Report(
                    record,
                    FileWriteException(
                        sprintf "cannot write to %s (%s); records are kept and written when it works again" path error.Message,
                        error
                    )
                )
        else
            let first = Threading.Interlocked.Increment &dropped = 1L
            PipelineMetrics.drop (PipelineMetrics.handlerName this.Name (this.GetType())) "write_failed" 1L

            if first || not failing then
                failing <- true

                this.Report(
                    record,
                    FileWriteException(
                        sprintf
                            "cannot write to %s (%s) and %d records already wait: records are dropped and counted"
                            path
                            error.Message
                            pending.Count,
                        error
                    )
                )

    /// Writes what waits from earlier failures, oldest first (throws if the file still fails).
    member private this.Drain() =
        while pending.Count > 0 do
            let b = pending.Peek()
            this.WriteBytes(b, b.Length)
            pending.Dequeue() |> ignore
            pendingBytes <- pendingBytes - int64 b.Length

    /// Writes one formatted record and the terminator (under the handler's lock).
    member internal this.WriteEncoded(record: LogRecord, buf: byte[], count: int) =
        if mode = "w" && closed && isNull this.Stream then
            ()
        else
            try
                this.EnsureOpen()

                if pending.Count > 0 then
                    this.Drain()

                this.WriteBytes(buf, count)
                failing <- false
            with e ->
                this.CloseStream()
                this.Keep(record, buf, count, e)

    /// Writes one formatted record and the terminator (under the handler's lock).
    member internal this.WriteText(record: LogRecord, text: string) =
        let terminator = this.Terminator
        let worst = enc.GetMaxByteCount(text.Length + terminator.Length)
        // the worst case while it fits the scratch buffer, else the exact count (see Encode)
        let n =
            if worst <= scratch.Length then
                worst
            else
                enc.GetByteCount text + enc.GetByteCount terminator

        // under the handler's lock: one scratch buffer per handler (up to 64 KB kept), rented beyond that
        let buf =
            if n <= scratch.Length then
                scratch
            elif n <= 65536 then
                scratch <- Array.zeroCreate (max n 1024)
                scratch
            else
                Buffers.ArrayPool<byte>.Shared.Rent n

        try
            let head = enc.GetBytes(text, 0, text.Length, buf, 0)
            this.WriteEncoded(record, buf, head + enc.GetBytes(terminator, 0, terminator.Length, buf, head))
        finally
            if not (obj.ReferenceEquals(buf, scratch)) then
                Buffers.ArrayPool<byte>.Shared.Return buf

    /// Formats and encodes the record outside the lock.
    override this.Render(record: LogRecord) = box (this.Encode(record, false))

    override this.Emit(record: LogRecord) =
        match this.TakeRendered record with
        | :? EncodeBuffer as b -> this.WriteEncoded(record, b)
        | _ -> this.WriteText(record, this.Format record)

    /// Formats and encodes the record into this thread's buffer, outside the lock (with its code points
    /// when a size decision needs them).
    member internal this.Encode(record: LogRecord, countCodePoints: bool) =
        let terminator = this.Terminator
        let local = EncodeBuffer.Take()

        try
            let sb = local.Text

            if this.EffectiveFormatter.TryFormatInto(record, sb) then
                // the common layouts: encoded straight from the formatter's buffer, no string made. The buffer
                // is sized by the encoding's worst case while that fits the kept buffer, else by an exact count
                // (a Python error handler may write up to 128 chars for one, so the worst case of a long
                // record is hundreds of times its size)
                let worst = enc.GetMaxByteCount(sb.Length + terminator.Length)

                let size =
                    if worst <= local.Capacity then
                        worst
                    else
                        let mutable exact = enc.GetByteCount terminator

                        for chunk in sb.GetChunks() do
                            exact <- exact + enc.GetByteCount(chunk.Span)

                        exact

                let buf = local.Bytes size
                let mutable n = 0

                for chunk in sb.GetChunks() do
                    n <- n + enc.GetBytes(chunk.Span, Span(buf, n, buf.Length - n))

                if countCodePoints then
                    local.CodePoints <-
                        if ascii n sb.Length then
                            n
                        else
                            FastText.codePointsOfBuilder sb

                local.Ready <- buf
                local.ReadyCount <- n + enc.GetBytes(terminator, 0, terminator.Length, buf, n)
            else
                let text = this.Format record
                let worst = enc.GetMaxByteCount(text.Length + terminator.Length)

                let buf =
                    local.Bytes(
                        if worst <= local.Capacity then
                            worst
                        else
                            enc.GetByteCount text + enc.GetByteCount terminator
                    )

                let head = enc.GetBytes(text, 0, text.Length, buf, 0)

                if countCodePoints then
                    local.CodePoints <-
                        if ascii head text.Length then
                            head
                        else
                            FastText.codePointsOf (text.AsSpan())

                local.Ready <- buf
                local.ReadyCount <- head + enc.GetBytes(terminator, 0, terminator.Length, buf, head)

            local
        with _ ->
            EncodeBuffer.Return local
            reraise ()

    /// Writes a record Encode made (under the handler's lock) and gives the buffer back to the thread.
    member internal this.WriteEncoded(record: LogRecord, local: EncodeBuffer) =
        try
            this.WriteEncoded(record, local.Ready, local.ReadyCount)
        finally
            EncodeBuffer.Return local

    override this.Flush() =
        lock this.Lock (fun () ->
            if not (isNull raw) then
                raw.Flush())

    override this.Close() =
        lock this.Lock (fun () ->
            try
                if pending.Count > 0 then
                    try
                        this.EnsureOpen()
                        this.Drain()
                    with e ->
                        let lost = pending.Count
                        pending.Clear()
                        pendingBytes <- 0L
                        Threading.Interlocked.Add(&dropped, int64 lost) |> ignore
                        PipelineMetrics.drop (PipelineMetrics.handlerName this.Name (this.GetType())) "write_failed" (int64 lost)

                        this.Report(
                            LogRecord.Create("funclog", Levels.Error, sprintf "%d records could not be written at close" lost),
                            FileWriteException(sprintf "cannot write to %s at close: %d records lost" path lost, e)
                        )

                this.CloseStream()
            finally
                closed <- true)

/// FileHandler as configurations name it.
module internal FileHandlerEntries =
    /// The parameters every file handler shares after its own, in Python's order.
    let fileParams = [
        "mode", ParamKind.Str
        "encoding", ParamKind.Str
        "delay", ParamKind.Bool
        "errors", ParamKind.Str
    ]

    let file = {
        Schema = {
            Name = "FileHandler"
            Module = "logging"
            Required = [ "filename" ]
            Params = ("filename", ParamKind.Str) :: fileParams
        }
        Build =
            fun a ->
                FileHandler(
                    a.Str("filename", null),
                    a.Str("mode", "a"),
                    a.Str("encoding", null),
                    a.Bool("delay", false),
                    a.FileSystem,
                    0,
                    a.Str("errors", null)
                )
    }
