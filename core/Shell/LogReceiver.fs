namespace FuncLog

open System
open System.Buffers.Binary
open System.Net
open System.Net.Sockets
open System.Text
open System.Threading
open System.Threading.Tasks

/// Receives records sent by SocketHandler and DatagramHandler — Python's and FuncLog's, pickled or JSON —
/// and logs each through the local configuration (the logger named by the record handles it, as in the
/// cookbook's receiver). TCP (9020 by default) carries 4-byte big-endian length-prefixed frames; UDP (9021)
/// one frame per datagram. Only the data part of pickle is accepted (see Pickle.loads), so it is safe to
/// expose; still, it binds to loopback unless told otherwise. What a sender can cost is bounded: a frame is
/// at most MaxFrameBytes and decodes to at most one value per byte (Limits: nesting, integer digits); the TCP
/// side serves at most MaxConnections at once, closes a connection that takes longer than FrameTimeout to
/// send a frame, and closes idle ones after IdleTimeout while more than half of MaxConnections are open. A
/// refused frame is reported on the "funclog.receiver" logger and closes its connection; nothing a sender
/// does ends either listener.
[<AllowNullLiteral>]
type LogReceiver(manager: Manager, tcpPort: int, udpPort: int, address: IPAddress) as this =
    let address = if isNull address then IPAddress.Loopback else address
    let cts = new CancellationTokenSource()
    let mutable tcp: FrameServer = null
    let mutable udp: UdpClient = null
    let mutable udpLoop: Task = Task.CompletedTask
    let mutable received = 0L
    let mutable rejected = 0L
    let mutable maxFrame = 1024 * 1024
    let mutable maxConnections = 128
    let mutable idleTimeout = TimeSpan.FromMinutes 10.0
    let mutable frameTimeout = TimeSpan.FromSeconds 30.0
    let mutable limits = InputLimits.Default

    let report (msg: string) =
        Interlocked.Increment &rejected |> ignore

        manager.ReportInternal("funclog.receiver", "LogReceiver", "receiver: " + msg)

    let onFrame (frame: byte[]) =
        if this.Frame(ReadOnlySpan frame) then
            KeepReading
        else
            CloseConnection // garbage: this connection is not trusted any more

    /// Python's DEFAULT_TCP_LOGGING_PORT.
    static member DefaultTcpPort = 9020
    /// Python's DEFAULT_UDP_LOGGING_PORT.
    static member DefaultUdpPort = 9021

    /// Decodes one frame body: JSON when it starts with '{', else pickle (data only), within `limits`.
    static member Decode(body: ReadOnlySpan<byte>, limits: InputLimits) : Result<LogRecord, string> =
        let trimmed =
            let mutable i = 0

            while i < body.Length && (body.[i] = byte ' ' || body.[i] = byte '\n') do
                i <- i + 1

            i

        let data =
            if trimmed < body.Length && body.[trimmed] = byte '{' then
                try
                    RecordWire.ofJsonWith limits (UTF8Encoding(false, true).GetString body)
                with e ->
                    Error e.Message
            else
                Pickle.loadsWith limits body

        data |> Result.bind RecordWire.ofDict

    /// Decodes one frame body with the default limits.
    static member Decode(body: ReadOnlySpan<byte>) = LogReceiver.Decode(body, InputLimits.Default)

    /// The largest frame accepted, in bytes (1 MB by default).
    member _.MaxFrameBytes
        with get () = maxFrame
        and set v =
            maxFrame <- v

            if not (isNull tcp) then
                tcp.MaxFrameBytes <- v

    /// The most TCP connections served at once (128 by default); more are closed at once, and reported.
    member _.MaxConnections
        with get () = maxConnections
        and set v =
            maxConnections <- v

            if not (isNull tcp) then
                tcp.MaxConnections <- v

    /// How long a TCP connection may wait for its next frame while more than half of MaxConnections are open
    /// (10 minutes by default; a quiet sender is left alone otherwise).
    member _.IdleTimeout
        with get () = idleTimeout
        and set v =
            idleTimeout <- v

            if not (isNull tcp) then
                tcp.IdleTimeout <- v

    /// How long a frame may take from its first byte to its last (30 s by default).
    member _.FrameTimeout
        with get () = frameTimeout
        and set v =
            frameTimeout <- v

            if not (isNull tcp) then
                tcp.FrameTimeout <- v

    /// The budgets each frame is decoded within (nesting depth, integer digits).
    member _.Limits
        with get () = limits
        and set v = limits <- v

    /// TCP connections open now.
    member _.OpenConnections = if isNull tcp then 0 else tcp.Connections

    /// Records received and logged.
    member _.Received = Interlocked.Read &received
    /// Frames refused.
    member _.Rejected = Interlocked.Read &rejected

    /// The TCP port listened on (0 if none).
    member _.TcpPort = if isNull tcp then 0 else tcp.Port

    /// The UDP port listened on (0 if none).
    member _.UdpPort =
        if isNull udp then
            0
        else
            (udp.Client.LocalEndPoint :?> IPEndPoint).Port

    /// Logs a decoded record through the logger it names.
    member _.Dispatch(record: LogRecord) =
        Interlocked.Increment &received |> ignore
        manager.GetLogger(record.Name).Handle record

    member private this.Frame(body: ReadOnlySpan<byte>) =
        match LogReceiver.Decode(body, limits) with
        | Ok r ->
            this.Dispatch r
            true
        | Error e ->
            report ("a frame was refused: " + e)
            false

    /// Starts listening (TCP and UDP; a port of -1 leaves that one out, 0 picks a free port).
    member this.Start() =
        if tcpPort >= 0 then
            tcp <-
                new FrameServer(
                    address,
                    tcpPort,
                    manager.TimeProvider,
                    onFrame,
                    report,
                    Int32.MaxValue,
                    MaxFrameBytes = maxFrame,
                    MaxConnections = maxConnections,
                    IdleTimeout = idleTimeout,
                    FrameTimeout = frameTimeout
                )

            tcp.Start() |> ignore

        if udpPort >= 0 then
            udp <- new UdpClient(IPEndPoint(address, udpPort))

            udpLoop <-
                task {
                    while not cts.IsCancellationRequested do
                        try
                            let! r = udp.ReceiveAsync(cts.Token)
                            let b = r.Buffer

                            if b.Length < 4 then
                                report "a datagram shorter than its length prefix"
                            elif b.Length - 4 > maxFrame then
                                report (sprintf "a datagram of %d bytes is over the limit of %d" (b.Length - 4) maxFrame)
                            else
                                this.Frame(ReadOnlySpan(b, 4, b.Length - 4)) |> ignore
                        with
                        | :? OperationCanceledException -> ()
                        | :? ObjectDisposedException -> ()
                        | :? SocketException when cts.IsCancellationRequested -> ()
                        | :? SocketException -> () // ICMP noise from a previous send: keep receiving
                        | e -> report ("a datagram failed: " + e.Message) // and the loop goes on
                }

        this

    /// Stops listening and closes the open connections.
    member _.Stop() =
        if not cts.IsCancellationRequested then
            cts.Cancel()

            if not (isNull tcp) then
                tcp.Stop()

            if not (isNull udp) then
                udp.Dispose()

            try
                udpLoop.Wait(TimeSpan.FromSeconds 5.0) |> ignore
            with _ ->
                ()

    interface IDisposable with
        member this.Dispose() = this.Stop()
