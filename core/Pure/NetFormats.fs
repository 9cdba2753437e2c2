namespace FuncLog

open System
open System.Text

/// Syslog's priorities and facilities (CPython's SysLogHandler tables) and its `<PRI>` framing.
[<RequireQualifiedAccess>]
module internal Syslog =
    /// CPython's priority_names.
    let priorityNames =
        Map.ofList [
            "alert", 1
            "crit", 2
            "critical", 2
            "debug", 7
            "emerg", 0
            "err", 3
            "error", 3
            "info", 6
            "notice", 5
            "panic", 0
            "warn", 4
            "warning", 4
        ]

    /// CPython's facility_names.
    let facilityNames =
        Map.ofList [
            "auth", 4
            "authpriv", 10
            "console", 14
            "cron", 9
            "daemon", 3
            "ftp", 11
            "kern", 0
            "lpr", 6
            "mail", 2
            "news", 7
            "ntp", 12
            "security", 13
            "solaris-cron", 15
            "syslog", 5
            "user", 1
            "uucp", 8
            "local0", 16
            "local1", 17
            "local2", 18
            "local3", 19
            "local4", 20
            "local5", 21
            "local6", 22
            "local7", 23
        ]

    /// CPython's mapPriority: a level name to a priority name ("warning" for anything else).
    let mapPriority (levelName: string) =
        match levelName with
        | "DEBUG" -> "debug"
        | "INFO" -> "info"
        | "WARNING" -> "warning"
        | "ERROR" -> "error"
        | "CRITICAL" -> "critical"
        | _ -> "warning"

    /// CPython's encodePriority: (facility << 3) | priority.
    let encodePriority (facility: int) (priority: int) = (facility <<< 3) ||| priority

    /// The bytes SysLogHandler.emit sends: `<PRI>` + ident + message (+ NUL), UTF-8, for a priority name
    /// (what mapPriority gives for the record's level).
    let frame (facility: int) (priorityName: string) (ident: string) (appendNul: bool) (message: string) =
        let pri = encodePriority facility priorityNames.[priorityName]

        let msg =
            (if isNull ident then "" else ident)
            + message
            + (if appendNul then "\000" else "")

        Encoding.UTF8.GetBytes(sprintf "<%d>%s" pri msg)

/// SocketHandler's reconnect schedule (CPython's createSocket): the wait after a failed attempt.
[<RequireQualifiedAccess>]
module internal Reconnect =
    /// retryStart after the first failure, then the previous wait times retryFactor, at most retryMax.
    let nextWait (retryStart: float) (retryFactor: float) (retryMax: float) (previous: float voption) =
        match previous with
        | ValueNone -> retryStart
        | ValueSome p -> min retryMax (p * retryFactor)

/// The form encoding of Python's urllib.parse.urlencode (quote_plus) and HTTPHandler's fields.
[<RequireQualifiedAccess>]
module internal HttpForm =
    /// urllib.parse.quote_plus: letters, digits and `_.-~` as they are, space as `+`, the rest %XX of UTF-8.
    let quotePlus (s: string) =
        let sb = StringBuilder()

        for b in Encoding.UTF8.GetBytes(if isNull s then "None" else s) do
            let c = char b

            if
                (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c = '_'
                || c = '.'
                || c = '-'
                || c = '~'
            then
                sb.Append c |> ignore
            elif c = ' ' then
                sb.Append '+' |> ignore
            else
                sb.AppendFormat("%{0:X2}", b) |> ignore

        sb.ToString()

    /// urllib.parse.urlencode of (key, value) pairs.
    let urlencode (pairs: (string * string) seq) =
        String.Join("&", pairs |> Seq.map (fun (k, v) -> quotePlus k + "=" + quotePlus v))

    /// HTTPHandler.mapLogRecord: the record's attributes (record.__dict__) as str() of each value.
    let recordFields (r: LogRecord) : (string * string) list = [
        for n in LogRecord.attributeNames ->
            n,
            match LogRecord.attribute n r with
            | ValueSome v when n = "exc_info" && not (isNull v) ->
                let e = v :?> exn
                sprintf "(<class '%s'>, %s(%s), <traceback>)" (e.GetType().Name) (e.GetType().Name) (PyValue.repr e.Message)
            | ValueSome v -> PyValue.str v
            | ValueNone -> "None"
        for KeyValue(k, v) in r.Extra -> k, PyValue.str v
    ]

/// The e-mail SMTPHandler sends, as Python's EmailMessage writes it.
[<RequireQualifiedAccess>]
module internal MailText =
    /// RFC 5322 date as email.utils.format_datetime writes it ("Sun, 01 Jun 2025 10:00:00 +0000").
    let date (t: DateTimeOffset) =
        let days = [| "Sun"; "Mon"; "Tue"; "Wed"; "Thu"; "Fri"; "Sat" |]

        let months = [|
            "Jan"
            "Feb"
            "Mar"
            "Apr"
            "May"
            "Jun"
            "Jul"
            "Aug"
            "Sep"
            "Oct"
            "Nov"
            "Dec"
        |]

        let o = t.Offset
        let sign = if o < TimeSpan.Zero then "-" else "+"
        let o = o.Duration()

        sprintf
            "%s, %02d %s %04d %02d:%02d:%02d %s%02d%02d"
            days.[int t.DayOfWeek]
            t.Day
            months.[t.Month - 1]
            t.Year
            t.Hour
            t.Minute
            t.Second
            sign
            o.Hours
            o.Minutes

    /// bytes.splitlines(): lines split at \n, \r and \r\n.
    let private splitLines (b: byte[]) =
        let lines = Collections.Generic.List<byte[]>()
        let mutable start = 0
        let mutable i = 0

        while i < b.Length do
            if b.[i] = 10uy || b.[i] = 13uy then
                lines.Add(b.[start .. i - 1])
                i <- i + (if b.[i] = 13uy && i + 1 < b.Length && b.[i + 1] = 10uy then 2 else 1)
                start <- i
            else
                i <- i + 1

        if start < b.Length then
            lines.Add(b.[start..])

        List.ofSeq lines

    /// b"\n".join(lines) + b"\n" (so no lines at all are one line end).
    let private joinLines (lines: byte[] list) =
        if lines.IsEmpty then
            [| 10uy |]
        else
            Array.concat [ for l in lines -> Array.append l [| 10uy |] ]

    let private bodySafe =
        set (" !\"#$%&'()*+,-./0123456789:;<>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~\t" |> Seq.map byte)

    /// quoprimime.body_encode(body, 78): quoted-printable with soft breaks, as CPython writes it.
    let private quotedPrintable (body: byte[]) =
        if body.Length = 0 then
            ""
        else
            let quoted =
                let sb = StringBuilder()

                for b in body do
                    if b = 10uy || b = 13uy || bodySafe.Contains b then
                        sb.Append(char b) |> ignore
                    else
                        sb.AppendFormat("={0:X2}", b) |> ignore

                sb.ToString()

            let out = Collections.Generic.List<string>()
            let maxLen = 78

            // str.splitlines(): only \r and \n are left unquoted
            let lines = quoted.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n')

            let lines =
                if quoted.EndsWith "\n" || quoted.EndsWith "\r" then
                    lines.[.. lines.Length - 2]
                else
                    lines

            for line in lines do
                let mutable start = 0
                let lastStart = line.Length - 1 - maxLen

                while start <= lastStart do
                    let stop = start + maxLen - 1

                    if line.[stop - 2] = '=' then
                        out.Add(line.Substring(start, stop - 1 - start))
                        start <- stop - 2
                    elif line.[stop - 1] = '=' then
                        out.Add(line.Substring(start, stop - start))
                        start <- stop - 1
                    else
                        out.Add(line.Substring(start, stop - start) + "=")
                        start <- stop

                if line.Length > 0 && (line.[line.Length - 1] = ' ' || line.[line.Length - 1] = '\t') then
                    let room = start - lastStart
                    let last = line.[line.Length - 1]
                    let quote = sprintf "=%02X" (int last)

                    let q =
                        if room >= 3 then quote
                        elif room = 2 then string last + "=\n"
                        else "=\n" + quote

                    out.Add(line.Substring(start, line.Length - 1 - start) + q)
                else
                    out.Add(line.Substring start)

            if body.[body.Length - 1] = 10uy || body.[body.Length - 1] = 13uy then
                out.Add ""

            String.Join("\n", out)

    /// email.contentmanager's base64 body: 57 bytes (76 characters) a line.
    let private base64Lines (data: byte[]) =
        String.Join("", [ for i in 0..57 .. data.Length - 1 -> Convert.ToBase64String(data, i, min 57 (data.Length - i)) + "\n" ])

    /// set_content's choice of Content-Transfer-Encoding and the encoded body (email.contentmanager
    /// _encode_text with the default policy): 7bit or 8bit when no line is over 78 bytes; otherwise
    /// quoted-printable or base64, whichever is shorter on the first ten lines.
    let encodeBody (text: string) : string * string =
        let lines = splitLines (UTF8Encoding(false, true).GetBytes text)
        let normal = joinLines lines

        if lines |> List.forall (fun l -> l.Length <= 78) then
            if normal |> Array.forall (fun b -> b < 128uy) then
                "7bit", Encoding.ASCII.GetString normal
            else
                "8bit", Encoding.UTF8.GetString normal
        else
            let sniff = joinLines (List.truncate 10 lines)
            let sniffQp = quotedPrintable sniff

            if sniffQp.Length > Convert.ToBase64String(sniff).Length + 1 then
                "base64", base64Lines normal
            elif lines.Length <= 10 then
                "quoted-printable", sniffQp
            else
                "quoted-printable", quotedPrintable normal

    /// The message as SMTPHandler's EmailMessage writes it: From, To, Subject (folded, RFC 2047 for
    /// non-ASCII, see MailHeader), Date, Content-Type, Content-Transfer-Encoding, MIME-Version and the body,
    /// with "\n" line ends (the SMTP client sends CRLF); and whether the body is 8bit. A subject Python
    /// refuses (a line break, a lone surrogate) is refused with its message.
    let message (fromAddr: string) (toAddrs: string list) (subject: string) (sent: DateTimeOffset) (body: string) =
        let subjectHeader =
            match MailHeader.fold "Subject" subject with
            | Ok h -> h
            | Error e -> raise (ArgumentException e)

        let cte, encoded = encodeBody body

        String.Join(
            "\n",
            [
                "From: " + fromAddr
                "To: " + String.Join(",", toAddrs)
                subjectHeader
                "Date: " + date sent
                "Content-Type: text/plain; charset=\"utf-8\""
                "Content-Transfer-Encoding: " + cte
                "MIME-Version: 1.0"
                ""
                encoded
            ]
        ),
        cte = "8bit"
