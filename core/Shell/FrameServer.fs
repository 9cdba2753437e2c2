namespace FuncLog

open System
open System.Buffers.Binary
open System.Net
open System.Net.Sockets
open System.Threading
open System.Threading.Tasks

/// What a frame server's handler says after a frame: go on reading this connection, or close it.
type internal FrameVerdict =
    | KeepReading
    | CloseConnection

/// A TCP server of frames, each a 4-byte big-endian length and that many bytes: the framing of Python's
/// SocketHandler and of logging.config.listen, shared by LogReceiver and ConfigListener with the same limits.
/// Nothing a peer sends can make it hold more than it was sent: a frame over MaxFrameBytes closes the
/// connection before anything is allocated for it, and a frame's buffer grows as its bytes arrive. A
/// connection that takes longer than FrameTimeout to send a frame (counted from the frame's first byte) is
/// closed, and so is one that waits longer than IdleTimeout for its next frame while more than half of
/// MaxConnections are open; past MaxConnections open at once, new ones are closed at once. Every refusal is reported (connections refused for the cap once per second, with their count),
/// and no exception ends the accept loop. Time is read from the given TimeProvider.
[<Sealed; AllowNullLiteral>]
type internal FrameServer
    (
        address: IPAddress,
        port: int,
        clock: TimeProvider,
        onFrame: byte[] -> FrameVerdict,
        report: string -> unit,
        framesPerConnection: int
    ) =
    let listener = new TcpListener(address, port)
    let cts = new CancellationTokenSource()
    let clients = Collections.Concurrent.ConcurrentDictionary<TcpClient, byte>()
    let mutable loop: Task = Task.CompletedTask
    let mutable refusedForCap = 0L
    let mutable lastCapReport = Int64.MinValue

    /// The largest frame accepted, in bytes.
    member val MaxFrameBytes = 1024 * 1024 with get, set
    /// The most connections served at once.
    member val MaxConnections = 64 with get, set
    /// How long a connection may wait for its next frame while more than half of MaxConnections are open.
    member val IdleTimeout = TimeSpan.FromMinutes 5.0 with get, set
    /// How long a frame may take from its first byte to its last.
    member val FrameTimeout = TimeSpan.FromSeconds 30.0 with get, set

    /// The port listened on.
    member _.Port = (listener.LocalEndpoint :?> IPEndPoint).Port
    /// Connections open now.
    member _.Connections = clients.Count

    /// Reads until `buf` holds `count` bytes from `start`, or the stream ends; returns the bytes read.
    static member private Fill(s: NetworkStream, buf: byte[], start: int, count: int, ct: CancellationToken) =
        task {
            let mutable got = 0
            let mutable eof = false

            while not eof && got < count do
                let! n = s.ReadAsync(buf.AsMemory(start + got, count - got), ct)
                if n = 0 then eof <- true else got <- got + n

            return got
        }

    /// Waits for the first byte of the next frame into header.[0]; 0 when the connection ends, is stopped, or
    /// sat idle past IdleTimeout while more than half of MaxConnections were open (a quiet sender is left
    /// alone otherwise).
    member private this.FirstByte(s: NetworkStream, header: byte[]) : Task<int> =
        task {
            let read = s.ReadAsync(header.AsMemory(0, 1), cts.Token).AsTask()
            let mutable waiting = true
            let mutable closedIdle = false

            while waiting do
                let! winner = Task.WhenAny(read, Task.Delay(this.IdleTimeout, clock, cts.Token))

                if obj.ReferenceEquals(winner, read) || cts.IsCancellationRequested then
                    waiting <- false
                elif clients.Count * 2 > this.MaxConnections then
                    report (
                        sprintf
                            "a connection sent nothing for %g s while %d were open and was closed"
                            this.IdleTimeout.TotalSeconds
                            clients.Count
                    )

                    closedIdle <- true
                    waiting <- false

            return
                if closedIdle || cts.IsCancellationRequested || not read.IsCompletedSuccessfully then
                    0
                else
                    read.Result
        }

    /// The body of `length` bytes; the buffer grows with what arrives, never to more than was sent. Null
    /// (reported) when the connection ends first.
    static member private Body(s: NetworkStream, length: int, ct: CancellationToken, report: string -> unit) : Task<byte[]> =
        task {
            let mutable body = Array.zeroCreate<byte> (min length 65536)
            let mutable filled = 0
            let mutable eof = false

            while not eof && filled < length do
                if filled = body.Length then
                    Array.Resize(&body, int (min (int64 length) (2L * int64 body.Length)))

                let! n = s.ReadAsync(body.AsMemory(filled, body.Length - filled), ct)
                if n = 0 then eof <- true else filled <- filled + n

            if filled < length then
                report (sprintf "the frame was cut short: %d of %d bytes" filled length)
                return null
            else
                return body
        }

    /// The rest of a frame whose first byte is in header.[0], within FrameTimeout of that byte: the length
    /// prefix (checked against MaxFrameBytes before anything is allocated), then the body. Null (reported)
    /// when the frame is refused, cut short or late.
    member private this.Frame(s: NetworkStream, header: byte[]) : Task<byte[]> =
        task {
            use frame = new CancellationTokenSource(this.FrameTimeout, clock)
            use frameOrStop = CancellationTokenSource.CreateLinkedTokenSource(frame.Token, cts.Token)

            try
                let! got = FrameServer.Fill(s, header, 1, 3, frameOrStop.Token)
                let length = BinaryPrimitives.ReadUInt32BigEndian(ReadOnlySpan header)

                if got < 3 then
                    report "a connection closed in the middle of a length prefix"
                    return null
                elif length > uint32 this.MaxFrameBytes then
                    report (sprintf "a frame of %d bytes is over the limit of %d; the connection is closed" length this.MaxFrameBytes)
                    return null
                else
                    return! FrameServer.Body(s, int length, frameOrStop.Token, report)
            with :? OperationCanceledException when frame.IsCancellationRequested && not cts.IsCancellationRequested ->
                report (sprintf "a connection took longer than %g s to send a frame and was closed" this.FrameTimeout.TotalSeconds)
                return null
        }

    /// One connection: frames until it ends, a frame is refused, the handler says to close, or
    /// framesPerConnection frames were read.
    member private this.Serve(client: TcpClient) : Task =
        task {
            use client = client
            let s = client.GetStream()
            let header = Array.zeroCreate<byte> 4
            let mutable frames = 0
            let mutable go = true

            try
                try
                    while go && not cts.IsCancellationRequested do
                        let! first = this.FirstByte(s, header)

                        if first <= 0 then
                            go <- false
                        else
                            match! this.Frame(s, header) with
                            | null -> go <- false
                            | body ->
                                frames <- frames + 1

                                match onFrame body with
                                | CloseConnection -> go <- false
                                | KeepReading -> go <- frames < framesPerConnection
                with
                | :? OperationCanceledException -> ()
                | :? ObjectDisposedException when cts.IsCancellationRequested -> ()
                | :? IO.IOException when cts.IsCancellationRequested -> ()
                | e -> report ("a connection failed: " + e.Message) // a reset mid-frame is a lost frame: say so
            finally
                clients.TryRemove client |> ignore
        }

    member private this.Refuse(client: TcpClient) =
        client.Dispose()
        let n = Interlocked.Increment &refusedForCap
        let now = clock.GetTimestamp()
        let last = Volatile.Read &lastCapReport

        if last = Int64.MinValue || clock.GetElapsedTime(last, now) >= TimeSpan.FromSeconds 1.0 then
            if Interlocked.CompareExchange(&lastCapReport, now, last) = last then
                let count = Interlocked.Exchange(&refusedForCap, 0L)

                report (
                    sprintf
                        "%d connection%s refused: %d are open, the limit (MaxConnections)"
                        count
                        (if count = 1L then " was" else "s were")
                        this.MaxConnections
                )

    /// Starts accepting connections.
    member this.Start() =
        listener.Start()

        loop <-
            task {
                while not cts.IsCancellationRequested do
                    try
                        let! c = listener.AcceptTcpClientAsync(cts.Token)

                        if clients.Count >= this.MaxConnections then
                            this.Refuse c
                        else
                            clients.TryAdd(c, 0uy) |> ignore
                            this.Serve c |> ignore
                    with
                    | :? OperationCanceledException -> ()
                    | :? ObjectDisposedException -> ()
                    | :? SocketException when cts.IsCancellationRequested -> ()
                    | e -> report ("accepting a connection failed: " + e.Message)
            }

        this

    /// Stops accepting, closes the open connections and waits for the accept loop to end.
    member _.Stop() =
        if not cts.IsCancellationRequested then
            cts.Cancel()
            listener.Stop()

            // close the open connections now, so senders see the server is gone
            for c in clients.Keys do
                c.Dispose()

            try
                loop.Wait(TimeSpan.FromSeconds 5.0) |> ignore
            with _ ->
                ()

    interface IDisposable with
        member this.Dispose() = this.Stop()
