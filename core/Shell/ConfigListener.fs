namespace FuncLog

open System
open System.Net
open System.Net.Sockets
open System.Text
open System.Threading
open System.Threading.Tasks

/// Python's logging.config.listen: a TCP server that takes, per connection, a 4-byte big-endian length and
/// that many bytes of configuration (a JSON dictConfig object, or fileConfig INI text), and applies it.
/// It binds to loopback unless told otherwise, passes each frame through `verify` (which may reject it by
/// returning null, or transform it), and reports a bad frame as an error on the "funclog.config" logger
/// without stopping. The frames are read by the receiver's frame server, with its limits (frame size,
/// connections, timeouts); configurations are read with ConfigOptions.Limits.
[<AllowNullLiteral>]
type ConfigListener(manager: Manager, port: int, verify: Func<byte[], byte[]>, address: IPAddress, options: ConfigOptions) as this =
    let address = if isNull address then IPAddress.Loopback else address
    let mutable applied = 0
    let mutable rejected = 0

    let report (msg: string) =
        Interlocked.Increment &rejected |> ignore
        manager.ReportInternal("funclog.config", "ConfigListener", "config listener: " + msg)

    let server =
        new FrameServer(
            address,
            port,
            manager.TimeProvider,
            (fun frame ->
                this.ApplyFrame frame
                CloseConnection),
            report,
            1,
            MaxConnections = 16,
            IdleTimeout = TimeSpan.FromSeconds 10.0,
            FrameTimeout = TimeSpan.FromSeconds 10.0
        )

    /// Python's DEFAULT_LOGGING_CONFIG_PORT.
    static member DefaultPort = 9030

    /// The largest configuration accepted, in bytes (1 MB by default).
    member _.MaxFrameBytes
        with get () = server.MaxFrameBytes
        and set v = server.MaxFrameBytes <- v

    /// How long a connection may take to send its frame (10 s by default).
    member _.ReadTimeout
        with get () = server.FrameTimeout
        and set v =
            server.FrameTimeout <- v
            server.IdleTimeout <- v

    /// The most connections served at once (16 by default); more are closed at once, and reported.
    member _.MaxConnections
        with get () = server.MaxConnections
        and set v = server.MaxConnections <- v

    /// Configurations applied.
    member _.Applied = Volatile.Read &applied
    /// Frames refused (too large, cut short, rejected by verify, not a valid configuration).
    member _.Rejected = Volatile.Read &rejected

    /// The port listened on (the one chosen by the OS when 0 was given).
    member _.Port = server.Port

    /// Applies one frame's bytes (after verify): JSON if it is a JSON object, INI otherwise. A frame that is
    /// refused, for any reason, is reported; the configuration in force stays.
    member _.ApplyFrame(bytes: byte[]) =
        try
            let bytes = if isNull verify then bytes else verify.Invoke bytes

            if isNull bytes then
                report "the frame was rejected by verify"
            else
                let text = UTF8Encoding(false, true).GetString bytes
                let trimmed = text.TrimStart()

                if trimmed.StartsWith "{" then
                    match ConfigText.jsonWith (ConfigOptions.LimitsOf options) text with
                    | Ok tree -> Configurator.dictConfig manager options tree
                    | Error e -> raise (LogConfigException e)
                else
                    Configurator.fileConfigText manager options Map.empty true text

                Interlocked.Increment &applied |> ignore
        with
        | :? DecoderFallbackException as e -> report ("the frame is not UTF-8: " + e.Message)
        | e -> report e.Message

    /// Starts listening (Python's t.start()).
    member this.Start() =
        server.Start() |> ignore
        this

    /// Stops listening and waits for the accept loop to end (Python's stopListening()).
    member _.Stop() = server.Stop()

    interface IDisposable with
        member this.Dispose() = this.Stop()
