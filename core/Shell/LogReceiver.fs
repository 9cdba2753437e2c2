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
/// expose; still, it binds to loopback unless told otherwise. A frame over MaxFrameBytes, a truncated
/// frame or garbage closes that connection with an error on the "funclog.receiver" logger; the others go on.
[<AllowNullLiteral>]
type LogReceiver(manager: Manager, tcpPort: int, udpPort: int, address: IPAddress) =
    let address = if isNull address then IPAddress.Loopback else address
    let cts = new CancellationTokenSource()
    let mutable tcp: TcpListener = null
    let mutable udp: UdpClient = null
    let mutable loops: Task list = []
    let mutable received = 0L
    let mutable rejected = 0L
    let mutable maxFrame = 1024 * 1024
    let clients = Collections.Concurrent.ConcurrentDictionary<TcpClient, byte>()

    let report (msg: string) =
        Interlocked.Increment &rejected |> ignore

        manager.ReportInternal("funclog.receiver", "LogReceiver", "receiver: " + msg)

    /// Python's DEFAULT_TCP_LOGGING_PORT.
    static member DefaultTcpPort = 9020
    /// Python's DEFAULT_UDP_LOGGING_PORT.
    static member DefaultUdpPort = 9021

    /// Decodes one frame body: JSON when it starts with '{', else pickle (data only).
    static member Decode(body: ReadOnlySpan<byte>) : Result<LogRecord, string> =
        let trimmed =
            let mutable i = 0

            while i < body.Length && (body.[i] = byte ' ' || body.[i] = byte '\n') do
                i <- i + 1

            i

        let data =
            if trimmed < body.Length && body.[trimmed] = byte '{' then
                try
                    RecordWire.ofJson (UTF8Encoding(false, true).GetString body)
                with e ->
                    Error e.Message
            else
                Pickle.loads body

        data |> Result.bind RecordWire.ofDict

    /// The largest frame accepted, in bytes (1 MB by default).
    member _.MaxFrameBytes
        with get () = maxFrame
        and set v = maxFrame <- v

    /// Records received and logged.
    member _.Received = Interlocked.Read &received
    /// Frames refused.
    member _.Rejected = Interlocked.Read &rejected

    /// The TCP port listened on (0 if none).
    member _.TcpPort =
        if isNull tcp then
            0
        else
            (tcp.LocalEndpoint :?> IPEndPoint).Port

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
        match LogReceiver.Decode body with
        | Ok r ->
            this.Dispatch r
            true
        | Error e ->
            report ("a frame was refused: " + e)
            false

    member private this.Serve(client: TcpClient) : Task =
        task {
            use client = client
            clients.TryAdd(client, 0uy) |> ignore
            let s = client.GetStream()
            let header = Array.zeroCreate<byte> 4
            let mutable go = true

            let readExactly (buf: byte[]) =
                task {
                    let mutable got = 0
                    let mutable eof = false

                    while not eof && got < buf.Length do
                        let! n = s.ReadAsync(buf.AsMemory(got, buf.Length - got), cts.Token)
                        if n = 0 then eof <- true else got <- got + n

                    return got
                }

            try
                while go do
                    let! got = readExactly header

                    if got = 0 then
                        go <- false
                    elif got < 4 then
                        report "a connection closed in the middle of a length prefix"
                        go <- false
                    else
                        let length = BinaryPrimitives.ReadUInt32BigEndian(ReadOnlySpan header)

                        if length > uint32 maxFrame then
                            report (sprintf "a frame of %d bytes is over the limit of %d; the connection is closed" length maxFrame)
                            go <- false
                        else
                            let body = Array.zeroCreate<byte>(int length)
                            let! got = readExactly body

                            if got < body.Length then
                                report (sprintf "a frame was cut short: %d of %d bytes" got body.Length)
                                go <- false
                            elif not (this.Frame(ReadOnlySpan body)) then
                                go <- false // garbage: this connection is not trusted any more
            with
            | :? OperationCanceledException -> ()
            | :? ObjectDisposedException when cts.IsCancellationRequested -> ()
            | :? IO.IOException when cts.IsCancellationRequested -> ()
            | e -> report ("a connection failed: " + e.Message) // a reset mid-frame is a lost frame: say so

            clients.TryRemove client |> ignore
        }

    /// Starts listening (TCP and UDP; a port of -1 leaves that one out, 0 picks a free port).
    member this.Start() =
        if tcpPort >= 0 then
            tcp <- new TcpListener(address, tcpPort)
            tcp.Start()

            let accept =
                task {
                    while not cts.IsCancellationRequested do
                        try
                            let! c = tcp.AcceptTcpClientAsync(cts.Token)
                            this.Serve c |> ignore
                        with
                        | :? OperationCanceledException -> ()
                        | :? ObjectDisposedException -> ()
                        | :? SocketException when cts.IsCancellationRequested -> ()
                }

            loops <- accept :> Task :: loops

        if udpPort >= 0 then
            udp <- new UdpClient(IPEndPoint(address, udpPort))

            let receive =
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
                }

            loops <- receive :> Task :: loops

        this

    /// Stops listening.
    member _.Stop() =
        if not cts.IsCancellationRequested then
            cts.Cancel()

            if not (isNull tcp) then
                tcp.Stop()

            if not (isNull udp) then
                udp.Dispose()

            // close the open connections now, so senders see the receiver is gone
            for c in clients.Keys do
                c.Dispose()

            try
                Task.WaitAll(Array.ofList loops, TimeSpan.FromSeconds 5.0) |> ignore
            with _ ->
                ()

    interface IDisposable with
        member this.Dispose() = this.Stop()
