namespace FuncLog

open System
open System.Buffers.Binary
open System.Net
open System.Net.Sockets
open System.Runtime.InteropServices
open System.Text
open System.Threading

/// How SocketHandler and DatagramHandler encode a record.
type WireFormat =
    /// CPython's: the attribute dict pickled with protocol 1 (what Python receivers read).
    | Pickle = 0
    /// The same dict as a UTF-8 JSON object (for receivers that are not Python).
    | Json = 1

/// Connecting a TCP socket on the calling thread within a deadline. Waiting on ConnectAsync from a
/// logging call is sync over async: while the thread pool is starved its completion can come after the
/// deadline although the kernel connected at once, and the handler then backs off from a live peer. A
/// non-blocking connect polled on this thread needs no other thread.
module internal TcpConnect =
    let private addresses (host: string) =
        match IPAddress.TryParse host with
        | true, a -> [| a |]
        | _ -> Dns.GetHostAddresses host

    let private attempt (address: IPAddress) (port: int) (millis: int64) =
        let s = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp)

        try
            s.Blocking <- false

            try
                s.Connect(IPEndPoint(address, port))
            with :? SocketException as e when
                e.SocketErrorCode = SocketError.WouldBlock
                || e.SocketErrorCode = SocketError.InProgress ->
                if not (s.Poll(int (min millis 2_000_000L) * 1000, SelectMode.SelectWrite)) then
                    raise (SocketException(int SocketError.TimedOut))

                match s.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Error) :?> int with
                | 0 -> ()
                | err -> raise (SocketException err)

            s.Blocking <- true
            s
        with _ ->
            s.Dispose()
            reraise ()

    /// A socket connected to host:port, trying its addresses in turn, all within `timeout` (name lookup
    /// aside, as in CPython); the last failure is raised, a SocketException with TimedOut when time ran out.
    let connect (host: string) (port: int) (timeout: TimeSpan) : Socket =
        let deadline = Environment.TickCount64 + max 1L (int64 timeout.TotalMilliseconds)
        let mutable connected: Socket = null
        let mutable failure: exn = null

        for address in addresses host do
            if isNull connected then
                let left = deadline - Environment.TickCount64

                if left > 0L then
                    try
                        connected <- attempt address port left
                    with e ->
                        failure <- e
                elif isNull failure then
                    failure <- SocketException(int SocketError.TimedOut)

        if isNull connected then
            raise (
                if isNull failure then
                    SocketException(int SocketError.HostNotFound) :> exn
                else
                    failure
            )

        connected

/// Python's SocketHandler: sends each record to a TCP peer as a 4-byte big-endian length and the record's
/// attribute dict (msg merged with its args, args and exc_info None), pickled with protocol 1 so that
/// Python's receivers (the cookbook's LogRecordSocketReceiver) log it. A lost connection is retried with
/// CPython's backoff (RetryStart 1 s, RetryFactor 2, RetryMax 30 s); records while disconnected are dropped,
/// counted (DroppedCount) and reported once per outage. No call blocks longer than Timeout.
[<AllowNullLiteral>]
type SocketHandler
    (
        host: string,
        port: int,
        [<Optional; DefaultParameterValue(WireFormat.Pickle)>] format: WireFormat,
        [<Optional; DefaultParameterValue(null: TimeProvider)>] timeProvider: TimeProvider
    ) =
    inherit Handler()
    do base.DeclareTransient typeof<SocketHandler>

    do
        if not (isNull timeProvider) then
            base.SetOwnClock timeProvider

    let mutable sock: Socket = null
    let mutable retryTime: float voption = ValueNone
    let mutable retryPeriod = 0.0
    let mutable dropped = 0L
    let mutable sent = 0L
    let mutable down = false

    static let defaultFormatter = Formatter()

    /// The peer's host.
    member _.Host = host
    /// The peer's port.
    member _.Port = port
    /// Pickle (CPython's) or JSON.
    member _.Format = format
    /// Python's retryStart: seconds before the first reconnect.
    member val RetryStart = 1.0 with get, set
    /// Python's retryFactor.
    member val RetryFactor = 2.0 with get, set
    /// Python's retryMax: the longest wait between reconnects.
    member val RetryMax = 30.0 with get, set
    /// Python's closeOnError: close the socket when a record fails.
    member val CloseOnError = false with get, set
    /// The longest a connect or a send may take.
    member val Timeout = TimeSpan.FromSeconds 1.0 with get, set
    /// Records not sent because the peer was unreachable.
    member _.DroppedCount = Interlocked.Read &dropped
    /// Records sent.
    member _.SentCount = Interlocked.Read &sent
    /// The connected socket, or null.
    member _.Socket = sock

    /// The wire body for a record: the attribute dict, encoded as this handler's format says.
    member this.MakeBody(record: LogRecord) : byte[] =
        let excText =
            if isNull record.ExcInfo then
                record.ExcText
            else
                (if isNull this.Formatter then
                     defaultFormatter
                 else
                     this.Formatter)
                    .FormatException
                    record.ExcInfo

        let d = RecordWire.toDict record (record.GetMessage()) excText

        match format with
        | WireFormat.Json -> Encoding.UTF8.GetBytes(RecordWire.toJson d)
        | _ -> Pickle.dumps d

    /// Python's makePickle: the 4-byte big-endian length followed by the body.
    abstract MakePickle: LogRecord -> byte[]

    default this.MakePickle(record: LogRecord) =
        let body = this.MakeBody record
        let frame = Array.zeroCreate<byte>(body.Length + 4)
        BinaryPrimitives.WriteUInt32BigEndian(Span(frame, 0, 4), uint32 body.Length)
        Buffer.BlockCopy(body, 0, frame, 4, body.Length)
        frame

    /// Python's makeSocket: a connected TCP socket (within Timeout).
    abstract MakeSocket: unit -> Socket

    default this.MakeSocket() =
        let s = TcpConnect.connect host port this.Timeout
        s.NoDelay <- true
        s.SendTimeout <- int this.Timeout.TotalMilliseconds
        s

    /// Python's createSocket: connects unless a failed attempt's backoff has not run out.
    member this.CreateSocket() =
        let now = float (this.Clock.GetUtcNow().ToUnixTimeMilliseconds()) / 1000.0

        let attempt =
            match retryTime with
            | ValueNone -> true
            | ValueSome t -> now >= t

        if attempt then
            try
                sock <- this.MakeSocket()
                retryTime <- ValueNone
            with _ ->
                retryPeriod <-
                    Reconnect.nextWait
                        this.RetryStart
                        this.RetryFactor
                        this.RetryMax
                        (if retryTime.IsSome then
                             ValueSome retryPeriod
                         else
                             ValueNone)

                retryTime <- ValueSome(now + retryPeriod)

    /// When the next connect will be tried (Unix seconds), or null if connected or never failed.
    member _.RetryTime = retryTime |> ValueOption.toNullable

    /// Sends bytes (Python's send): connects first if needed; true if the bytes went out.
    abstract Send: byte[] -> bool

    default this.Send(bytes: byte[]) =
        if isNull sock then
            this.CreateSocket()

        match sock with
        | null -> false
        | s ->
            try
                s.Send(bytes) |> ignore
                true
            with _ ->
                s.Dispose()
                sock <- null
                false

    override this.Emit(record: LogRecord) =
        if this.Send(this.MakePickle record) then
            Interlocked.Increment &sent |> ignore
            down <- false
        else
            Interlocked.Increment &dropped |> ignore
            PipelineMetrics.drop (PipelineMetrics.handlerName this.Name (this.GetType())) "disconnected" 1L

            if not down then
                down <- true

                this.Report(
                    record,
                    SocketException(
                        int SocketError.NotConnected,
                        sprintf "%s:%d is unreachable; records are dropped and counted (DroppedCount) until it comes back" host port
                    )
                )

    override this.HandleError(record: LogRecord, error: exn) =
        if this.CloseOnError && not (isNull sock) then
            sock.Dispose()
            sock <- null
        else
            base.HandleError(record, error)

    override _.Close() =
        match sock with
        | null -> ()
        | s ->
            sock <- null
            s.Dispose()

/// Python's DatagramHandler: the same frame (length prefix included, as CPython sends it) in one UDP
/// datagram per record. Nothing waits for the peer; a datagram the OS refuses is dropped and counted.
[<AllowNullLiteral>]
type DatagramHandler
    (
        host: string,
        port: int,
        [<Optional; DefaultParameterValue(WireFormat.Pickle)>] format: WireFormat,
        [<Optional; DefaultParameterValue(null: TimeProvider)>] timeProvider: TimeProvider
    ) =
    inherit SocketHandler(host, port, format, timeProvider)
    do base.DeclareTransient typeof<DatagramHandler>
    let mutable endpoint: EndPoint = null

    override this.MakeSocket() =
        let addresses = Dns.GetHostAddresses host

        let address =
            addresses
            |> Array.tryFind (fun a -> a.AddressFamily = AddressFamily.InterNetwork)
            |> Option.defaultWith (fun () -> addresses.[0])

        endpoint <- IPEndPoint(address, port)
        new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp)

    override this.Send(bytes: byte[]) =
        if isNull this.Socket then
            this.CreateSocket()

        match this.Socket with
        | null -> false
        | s ->
            try
                s.SendTo(bytes, endpoint) |> ignore
                true
            with _ ->
                false

/// SocketHandler and DatagramHandler as configurations name them (pickled records, as Python's).
module internal SocketHandlerEntries =
    let private schema name = {
        Name = name
        Module = "logging.handlers"
        Required = [ "host"; "port" ]
        Params = [ "host", ParamKind.Str; "port", ParamKind.Int ]
    }

    let socket = {
        Schema = schema "SocketHandler"
        Build = fun a -> SocketHandler(a.Str("host", null), int (a.Int("port", 0L)), WireFormat.Pickle, a.Clock)
    }

    let datagram = {
        Schema = schema "DatagramHandler"
        Build = fun a -> DatagramHandler(a.Str("host", null), int (a.Int("port", 0L)), WireFormat.Pickle, a.Clock)
    }
