namespace FuncLog

open System
open System.IO
open System.Net
open System.Net.Security
open System.Net.Sockets
open System.Runtime.InteropServices
open System.Text
open System.Threading

/// Python's SysLogHandler: `<PRI>` + ident + the formatted record (+ NUL) over UDP (514 by default), TCP, or
/// a Unix socket such as /dev/log (datagram, falling back to stream). A failed send is reported through
/// HandleError, as in CPython; the socket is made again at the next record.
[<AllowNullLiteral>]
type SysLogHandler(address: EndPoint, facility: int, socketType: Nullable<SocketType>) =
    inherit Handler()
    do base.DeclareTransient typeof<SysLogHandler>
    let mutable sock: Socket = null
    let mutable socktype = socketType
    let isUnix = address :? UnixDomainSocketEndPoint

    /// To a syslog daemon at host:port over UDP (Python's default address is ('localhost', 514)).
    new(host: string, port: int, [<Optional; DefaultParameterValue(1)>] facility: int, [<Optional>] socketType: Nullable<SocketType>) =
        SysLogHandler(DnsEndPoint(host, port) :> EndPoint, facility, socketType)

    /// To a Unix socket ("/dev/log").
    new(unixSocketPath: string, [<Optional; DefaultParameterValue(1)>] facility: int) =
        SysLogHandler(UnixDomainSocketEndPoint(unixSocketPath) :> EndPoint, facility, Nullable())

    // CPython's facility and priority numbers
    static member LOG_EMERG = 0
    static member LOG_ALERT = 1
    static member LOG_CRIT = 2
    static member LOG_ERR = 3
    static member LOG_WARNING = 4
    static member LOG_NOTICE = 5
    static member LOG_INFO = 6
    static member LOG_DEBUG = 7
    static member LOG_KERN = 0
    static member LOG_USER = 1
    static member LOG_MAIL = 2
    static member LOG_DAEMON = 3
    static member LOG_AUTH = 4
    static member LOG_SYSLOG = 5
    static member LOG_LPR = 6
    static member LOG_NEWS = 7
    static member LOG_UUCP = 8
    static member LOG_CRON = 9
    static member LOG_AUTHPRIV = 10
    static member LOG_FTP = 11
    static member LOG_NTP = 12
    static member LOG_SECURITY = 13
    static member LOG_CONSOLE = 14
    static member LOG_SOLCRON = 15
    static member LOG_LOCAL0 = 16
    static member LOG_LOCAL1 = 17
    static member LOG_LOCAL2 = 18
    static member LOG_LOCAL3 = 19
    static member LOG_LOCAL4 = 20
    static member LOG_LOCAL5 = 21
    static member LOG_LOCAL6 = 22
    static member LOG_LOCAL7 = 23
    /// Python's SYSLOG_UDP_PORT.
    static member SYSLOG_UDP_PORT = 514
    /// Python's SYSLOG_TCP_PORT.
    static member SYSLOG_TCP_PORT = 514

    /// The address sent to.
    member _.Address = address
    /// The facility number.
    member _.Facility = facility
    /// The socket type in use (datagram unless told otherwise).
    member _.SocketType = socktype
    /// Prepended to every message (Python's ident).
    member val Ident = "" with get, set
    /// Append a NUL byte to every message (Python's append_nul, true by default).
    member val AppendNul = true with get, set

    /// Python's encodePriority (names from CPython's tables).
    static member EncodePriority(facility: string, priority: string) =
        Syslog.encodePriority Syslog.facilityNames.[facility] Syslog.priorityNames.[priority]

    /// Python's encodePriority for numbers.
    static member EncodePriority(facility: int, priority: int) = Syslog.encodePriority facility priority

    /// Python's mapPriority.
    abstract MapPriority: levelName: string -> string
    default _.MapPriority(levelName) = Syslog.mapPriority levelName

    member private _.Connect(kind: SocketType) =
        let s =
            if isUnix then
                new Socket(AddressFamily.Unix, kind, ProtocolType.Unspecified)
            else
                new Socket(
                    kind,
                    (if kind = SocketType.Stream then
                         ProtocolType.Tcp
                     else
                         ProtocolType.Udp)
                )

        try
            s.Connect address
            s
        with _ ->
            s.Dispose()
            reraise ()

    /// Python's createSocket: a Unix datagram socket falls back to stream when none was asked for.
    member this.CreateSocket() =
        let kind =
            if socktype.HasValue then
                socktype.Value
            else
                SocketType.Dgram

        sock <-
            try
                this.Connect kind
            with _ when isUnix && not socketType.HasValue ->
                this.Connect SocketType.Stream

        socktype <- Nullable(sock.SocketType)

    override this.Emit(record: LogRecord) =
        let msg = this.Format record

        let bytes =
            Syslog.frame facility (this.MapPriority record.LevelName) this.Ident this.AppendNul msg

        if isNull sock then
            this.CreateSocket()

        try
            sock.Send bytes |> ignore
        with
        | _ when isUnix ->
            // the daemon was restarted: connect again once, as CPython does
            sock.Dispose()
            sock <- null
            this.CreateSocket()
            sock.Send bytes |> ignore
        | _ ->
            sock.Dispose()
            sock <- null
            reraise ()

    override this.Close() =
        lock this.Lock (fun () ->
            match sock with
            | null -> ()
            | s ->
                sock <- null
                s.Dispose())

/// Python's HTTPHandler: each record's attributes (mapLogRecord, Python's str of each), url-encoded, sent
/// to host+url with GET (in the query) or POST (as a form), over http or https, with Basic credentials.
[<AllowNullLiteral>]
type HTTPHandler
    (
        host: string,
        url: string,
        [<Optional; DefaultParameterValue("GET")>] method: string,
        [<Optional; DefaultParameterValue(false)>] secure: bool,
        [<Optional; DefaultParameterValue(null: string)>] username: string,
        [<Optional; DefaultParameterValue(null: string)>] password: string
    ) =
    inherit Handler()
    do base.DeclareTransient typeof<HTTPHandler>
    let method = (if isNull method then "GET" else method).ToUpperInvariant()

    do
        if method <> "GET" && method <> "POST" then
            raise (ArgumentException("method must be GET or POST", "method"))

    let client = new Http.HttpClient(Timeout = TimeSpan.FromSeconds 5.0)

    /// host[:port].
    member _.Host = host
    /// The path (and query) requested.
    member _.Url = url
    /// GET or POST.
    member _.Method = method
    /// https instead of http.
    member _.Secure = secure

    /// How long a request may take.
    member _.Timeout
        with get () = client.Timeout
        and set v = client.Timeout <- v

    /// Python's mapLogRecord: the fields sent (the record's attributes, str() of each).
    abstract MapLogRecord: LogRecord -> (string * string) list
    default _.MapLogRecord(record) = HttpForm.recordFields record

    override this.Emit(record: LogRecord) =
        let data = HttpForm.urlencode (this.MapLogRecord record)
        let scheme = if secure then "https" else "http"

        let target =
            if method = "GET" then
                url + (if url.Contains "?" then "&" else "?") + data
            else
                url

        use request =
            new Http.HttpRequestMessage(Http.HttpMethod(method), Uri(sprintf "%s://%s%s" scheme host target))

        if method = "POST" then
            request.Content <- new Http.StringContent(data, Encoding.UTF8)
            request.Content.Headers.ContentType <- Http.Headers.MediaTypeHeaderValue("application/x-www-form-urlencoded")

        if not (isNull username) then
            let token =
                Convert.ToBase64String(Encoding.UTF8.GetBytes(username + ":" + password))

            request.Headers.Authorization <- Http.Headers.AuthenticationHeaderValue("Basic", token)

        use response = client.Send request
        ignore response.StatusCode // as CPython, the response is read and not acted on

    override _.Close() = client.Dispose()

/// SysLogHandler and HTTPHandler as configurations name them.
module internal NetworkHandlerEntries =
    let syslog = {
        Schema = {
            Name = "SysLogHandler"
            Module = "logging.handlers"
            Required = []
            Params = [
                "address", ParamKind.Address
                "facility", ParamKind.Facility
                "socktype", ParamKind.SockType
            ]
        }
        Build =
            fun a ->
                let facility =
                    match a.Get "facility" with
                    | Some(SmallInt f) -> int f
                    | Some(PyData.Str f) -> Syslog.facilityNames.[f]
                    | _ -> 1

                let socktype =
                    match a.Get "socktype" with
                    | Some(SmallInt 1L) -> Nullable SocketType.Stream
                    | Some(SmallInt 2L) -> Nullable SocketType.Dgram
                    | _ -> Nullable()

                let address: EndPoint =
                    match a.Get "address" with
                    | Some(PyData.Str path) -> UnixDomainSocketEndPoint path
                    | Some(PyData.List [ PyData.Str h; SmallInt p ])
                    | Some(PyData.Tuple [ PyData.Str h; SmallInt p ]) -> DnsEndPoint(h, int p)
                    | _ -> DnsEndPoint("localhost", 514)

                SysLogHandler(address, facility, socktype)
    }

    let http = {
        Schema = {
            Name = "HTTPHandler"
            Module = "logging.handlers"
            Required = [ "host"; "url" ]
            Params = [
                "host", ParamKind.Str
                "url", ParamKind.Str
                "method", ParamKind.Str
                "secure", ParamKind.Bool
                "credentials", ParamKind.Credentials
            ]
        }
        Build =
            fun a ->
                let user, password = a.Credentials
                HTTPHandler(a.Str("host", null), a.Str("url", null), a.Str("method", "GET"), a.Bool("secure", false), user, password)
    }
