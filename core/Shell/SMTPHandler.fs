namespace FuncLog

open System
open System.IO
open System.Net
open System.Net.Security
open System.Net.Sockets
open System.Runtime.InteropServices
open System.Text
open System.Threading

/// One SMTP conversation (RFC 5321) over a connected client: replies read line by line, STARTTLS, AUTH
/// PLAIN or LOGIN, and the message sent with its dots stuffed.
[<Sealed>]
type internal SmtpSession(client: TcpClient, host: string) =
    let mutable stream: Stream = client.GetStream()
    let mutable reader = new StreamReader(stream, Encoding.ASCII, false, 1024, true)

    /// Connects within `timeout` seconds (a timeout is a SocketException, as CPython's socket.timeout is an
    /// OSError); sends and reads are held to the same timeout.
    static member Connect(host: string, port: int, timeout: float) =
        let client =
            new TcpClient(Client = TcpConnect.connect host port (TimeSpan.FromSeconds timeout))

        client.SendTimeout <- int (timeout * 1000.0)
        client.ReceiveTimeout <- int (timeout * 1000.0)
        client

    /// A reply: lines "250-..." then "250 ..."; its code and all its lines.
    member _.Read() =
        let lines = Collections.Generic.List<string>()
        let mutable fin = false

        while not fin do
            match reader.ReadLine() with
            | null -> raise (IOException "the SMTP server closed the connection")
            | l ->
                lines.Add l
                fin <- l.Length < 4 || l.[3] <> '-'

        let last = lines.[lines.Count - 1]
        int (last.Substring(0, 3)), String.Join("\n", lines)

    /// Sends one command line.
    member _.Send(line: string) =
        let b = Encoding.UTF8.GetBytes(line + "\r\n")
        stream.Write(b, 0, b.Length)
        stream.Flush()

    /// Reads a reply and fails unless its code is one of `codes`; returns its text.
    member this.Expect(codes: int list, what: string) =
        let code, text = this.Read()

        if not (List.contains code codes) then
            raise (IOException(sprintf "SMTP %s refused: %s" what text))

        text

    /// A command and its expected reply.
    member this.Command(line: string, codes: int list, what: string) =
        this.Send line
        this.Expect(codes, what) |> ignore

    /// EHLO; returns the server's features.
    member this.Ehlo() =
        this.Send("EHLO " + Dns.GetHostName())
        this.Expect([ 250 ], "EHLO")

    /// STARTTLS, then EHLO again over TLS; returns the features the server now offers.
    member this.StartTls() =
        this.Command("STARTTLS", [ 220 ], "STARTTLS")
        let ssl = new SslStream(stream, false)
        ssl.AuthenticateAsClient host
        stream <- ssl
        reader <- new StreamReader(stream, Encoding.ASCII, false, 1024, true)
        this.Ehlo()

    /// AUTH PLAIN when the server offers it, AUTH LOGIN otherwise.
    member this.Login(username: string, password: string, features: string) =
        let b64 (s: string) =
            Convert.ToBase64String(Encoding.UTF8.GetBytes s)

        if features.Contains "PLAIN" then
            this.Command("AUTH PLAIN " + b64 ("\000" + username + "\000" + password), [ 235 ], "AUTH PLAIN")
        else
            this.Command("AUTH LOGIN", [ 334 ], "AUTH LOGIN")
            this.Command(b64 username, [ 334 ], "AUTH LOGIN user")
            this.Command(b64 password, [ 235 ], "AUTH LOGIN password")

    /// DATA and the message, its lines ending CRLF and a leading dot doubled.
    member this.Data(text: string) =
        this.Command("DATA", [ 354 ], "DATA")

        let dotted =
            text.TrimEnd('\n').Split('\n')
            |> Array.map (fun l -> if l.StartsWith "." then "." + l else l)

        let b = Encoding.UTF8.GetBytes(String.Join("\r\n", dotted) + "\r\n.\r\n")
        stream.Write(b, 0, b.Length)
        stream.Flush()
        this.Expect([ 250 ], "the message") |> ignore

    /// QUIT, not waiting on a server that hangs up first.
    member this.Quit() =
        this.Send "QUIT"

        try
            this.Read() |> ignore
        with _ ->
            ()

/// Python's SMTPHandler: one e-mail per record (From, To, Subject, Date and the formatted record, as
/// Python's EmailMessage writes it), over SMTP with optional STARTTLS and AUTH (PLAIN or LOGIN).
[<AllowNullLiteral>]
type SMTPHandler
    (
        mailhost: string,
        port: int,
        fromaddr: string,
        toaddrs: string[],
        subject: string,
        [<Optional; DefaultParameterValue(null: string)>] username: string,
        [<Optional; DefaultParameterValue(null: string)>] password: string,
        [<Optional; DefaultParameterValue(false)>] secure: bool,
        [<Optional; DefaultParameterValue(5.0)>] timeout: float,
        [<Optional; DefaultParameterValue(null: TimeProvider)>] timeProvider: TimeProvider
    ) =
    inherit Handler()
    do base.DeclareTransient typeof<SMTPHandler>

    do
        if not (isNull timeProvider) then
            base.SetOwnClock timeProvider

    /// The server.
    member _.MailHost = mailhost
    /// The port (25 when 0).
    member _.MailPort = if port <= 0 then 25 else port
    /// The sender.
    member _.FromAddr = fromaddr
    /// The recipients.
    member _.ToAddrs = toaddrs
    /// Seconds a conversation may take.
    member _.TimeoutSeconds = timeout

    /// Python's getSubject: the subject for a record (override for a record-dependent one).
    abstract GetSubject: LogRecord -> string
    default _.GetSubject(_record) = subject

    override this.Emit(record: LogRecord) =
        let sent =
            TimeZoneInfo.ConvertTime(this.Clock.GetUtcNow(), this.Clock.LocalTimeZone)

        let text, eightBit =
            MailText.message fromaddr (List.ofArray toaddrs) (this.GetSubject record) sent (this.Format record)

        use client = SmtpSession.Connect(mailhost, this.MailPort, timeout)
        let smtp = SmtpSession(client, mailhost)
        smtp.Expect([ 220 ], "greeting") |> ignore
        let mutable features = smtp.Ehlo()

        if not (isNull username) then
            if secure then
                features <- smtp.StartTls()

            smtp.Login(username, password, features)

        let body8 =
            if eightBit && features.Contains "8BITMIME" then
                " BODY=8BITMIME"
            else
                ""

        smtp.Command(sprintf "MAIL FROM:<%s>%s" fromaddr body8, [ 250 ], "MAIL FROM")

        for t in toaddrs do
            smtp.Command(sprintf "RCPT TO:<%s>" t, [ 250; 251 ], "RCPT TO " + t)

        smtp.Data text
        smtp.Quit()

/// SMTPHandler as configurations name it.
module internal SMTPHandlerEntry =
    /// (host, port) from [host, port], or (host, 0) from a string.
    let private hostAndPort (a: HandlerArgs) (name: string) =
        match a.Get name with
        | Some(PyData.List [ PyData.Str h; SmallInt p ])
        | Some(PyData.Tuple [ PyData.Str h; SmallInt p ]) -> h, int p
        | Some(PyData.Str h) -> h, 0
        | _ -> "localhost", 0

    let smtp = {
        Schema = {
            Name = "SMTPHandler"
            Module = "logging.handlers"
            Required = [ "mailhost"; "fromaddr"; "toaddrs"; "subject" ]
            Params = [
                "mailhost", ParamKind.Address
                "fromaddr", ParamKind.Str
                "toaddrs", ParamKind.Strings
                "subject", ParamKind.Str
                "credentials", ParamKind.Credentials
                "secure", ParamKind.Secure
                "timeout", ParamKind.Number
            ]
        }
        Build =
            fun a ->
                let host, port = hostAndPort a "mailhost"

                let toaddrs =
                    match a.Get "toaddrs" with
                    | Some(PyData.Str t) -> [| t |]
                    | Some(PyData.List xs)
                    | Some(PyData.Tuple xs) -> [|
                        for x in xs ->
                            match x with
                            | PyData.Str t -> t
                            | _ -> ""
                      |]
                    | _ -> [||]

                let user, password = a.Credentials

                let secure =
                    match a.Get "secure" with
                    | Some(PyData.List [])
                    | Some(PyData.Tuple []) -> true
                    | _ -> false

                SMTPHandler(
                    host,
                    port,
                    a.Str("fromaddr", null),
                    toaddrs,
                    a.Str("subject", null),
                    user,
                    password,
                    secure,
                    a.Float("timeout", 5.0),
                    a.Clock
                )
    }
