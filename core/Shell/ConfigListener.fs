namespace FuncLog

open System
open System.Net
open System.Net.Sockets
open System.Text
open System.Threading
open System.Threading.Tasks

/// Python's logging.config.listen: a TCP server that takes, per connection, a 4-byte big-endian length and
/// that many bytes of configuration (a JSON dictConfig object, or fileConfig INI text), and applies it.
/// It binds to loopback unless told otherwise, refuses frames over MaxFrameBytes, passes each frame through
/// `verify` (which may reject it by returning null, or transform it), and reports a bad frame as an error
/// on the "funclog.config" logger without stopping.
[<AllowNullLiteral>]
type ConfigListener(manager: Manager, port: int, verify: Func<byte[], byte[]>, address: IPAddress, options: ConfigOptions) =
    let address = if isNull address then IPAddress.Loopback else address
    let listener = new TcpListener(address, port)
    let cts = new CancellationTokenSource()
    let mutable loop: Task = Task.CompletedTask
    let mutable applied = 0
    let mutable rejected = 0
    let mutable maxFrame = 1024 * 1024
    let mutable readTimeout = TimeSpan.FromSeconds 10.0

    let report (msg: string) =
        Interlocked.Increment &rejected |> ignore
        manager.ReportInternal("funclog.config", "ConfigListener", "config listener: " + msg)

    let readExactly (s: NetworkStream) (buf: byte[]) (ct: CancellationToken) =
        task {
            let mutable got = 0
            let mutable eof = false

            while not eof && got < buf.Length do
                let! n = s.ReadAsync(buf.AsMemory(got, buf.Length - got), ct)

                if n = 0 then eof <- true else got <- got + n

            return got
        }

    /// Python's DEFAULT_LOGGING_CONFIG_PORT.
    static member DefaultPort = 9030

    /// The largest configuration accepted, in bytes (1 MB by default).
    member _.MaxFrameBytes
        with get () = maxFrame
        and set v = maxFrame <- v

    /// How long a connection may take to send its frame.
    member _.ReadTimeout
        with get () = readTimeout
        and set v = readTimeout <- v

    /// Configurations applied.
    member _.Applied = Volatile.Read &applied
    /// Frames refused (too large, cut short, rejected by verify, not a valid configuration).
    member _.Rejected = Volatile.Read &rejected

    /// The port listened on (the one chosen by the OS when 0 was given).
    member _.Port = (listener.LocalEndpoint :?> IPEndPoint).Port

    /// Applies one frame's bytes (after verify): JSON if it is a JSON object, INI otherwise.
    member _.ApplyFrame(bytes: byte[]) =
        let bytes = if isNull verify then bytes else verify.Invoke bytes

        if isNull bytes then
            report "the frame was rejected by verify"
        else
            let text =
                try
                    Ok(UTF8Encoding(false, true).GetString bytes)
                with e ->
                    Error e.Message

            match text with
            | Error e -> report ("the frame is not UTF-8: " + e)
            | Ok text ->
                let trimmed = text.TrimStart()

                try
                    if trimmed.StartsWith "{" then
                        match ConfigText.json text with
                        | Ok tree -> Configurator.dictConfig manager options tree
                        | Error e -> raise (LogConfigException e)
                    else
                        Configurator.fileConfigText manager options Map.empty true text

                    Interlocked.Increment &applied |> ignore
                with e ->
                    report e.Message

    member private this.Serve(client: TcpClient) : Task =
        task {
            use client = client
            use timeout = CancellationTokenSource.CreateLinkedTokenSource(cts.Token)
            timeout.CancelAfter readTimeout

            try
                let s = client.GetStream()
                let header = Array.zeroCreate<byte> 4
                let! got = readExactly s header timeout.Token

                if got < 4 then
                    report (sprintf "the connection closed after %d of the 4 length bytes" got)
                else
                    let length =
                        Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(ReadOnlySpan header)

                    if length > uint32 maxFrame then
                        report (sprintf "a frame of %d bytes is over the limit of %d" length maxFrame)
                    else
                        let frame = Array.zeroCreate<byte>(int length)
                        let! got = readExactly s frame timeout.Token

                        if got < frame.Length then
                            report (sprintf "the frame was cut short: %d of %d bytes" got frame.Length)
                        else
                            this.ApplyFrame frame
            with
            | :? OperationCanceledException when not cts.IsCancellationRequested -> report "the connection took too long to send its frame"
            | :? OperationCanceledException -> ()
            | e -> report e.Message
        }

    /// Starts listening (Python's t.start()).
    member this.Start() =
        listener.Start()

        loop <-
            task {
                while not cts.IsCancellationRequested do
                    try
                        let! client = listener.AcceptTcpClientAsync(cts.Token)
                        this.Serve client |> ignore
                    with
                    | :? OperationCanceledException -> ()
                    | :? ObjectDisposedException -> ()
                    | :? SocketException when cts.IsCancellationRequested -> ()
            }

        this

    /// Stops listening and waits for the accept loop to end (Python's stopListening()).
    member _.Stop() =
        if not cts.IsCancellationRequested then
            cts.Cancel()
            listener.Stop()

            try
                loop.Wait(TimeSpan.FromSeconds 5.0) |> ignore
            with _ ->
                ()

    interface IDisposable with
        member this.Dispose() = this.Stop()
