namespace FuncLog

open System
open System.Text

/// Syslog's priorities and facilities (CPython's SysLogHandler tables) and its `<PRI>` framing.
[<RequireQualifiedAccess>]
module Syslog =
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
module Reconnect =
    /// retryStart after the first failure, then the previous wait times retryFactor, at most retryMax.
    let nextWait (retryStart: float) (retryFactor: float) (retryMax: float) (previous: float voption) =
        match previous with
        | ValueNone -> retryStart
        | ValueSome p -> min retryMax (p * retryFactor)

/// The form encoding of Python's urllib.parse.urlencode (quote_plus) and HTTPHandler's fields.
[<RequireQualifiedAccess>]
module HttpForm =
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
module MailText =
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

    /// The message: headers (From, To, Subject, Date, Content-Type, Content-Transfer-Encoding,
    /// MIME-Version) and the body, with "\n" line ends (the SMTP client sends CRLF). Lines of at most 78
    /// bytes go as 7bit (ASCII) or 8bit (UTF-8); longer ones as base64 (CPython may pick quoted-printable).
    let message (fromAddr: string) (toAddrs: string list) (subject: string) (sent: DateTimeOffset) (body: string) =
        let text = body.Replace("\r\n", "\n")
        let lines = text.Split '\n'
        let utf8 = Encoding.UTF8
        let short = lines |> Array.forall (fun l -> utf8.GetByteCount l <= 78)
        let ascii = text |> Seq.forall (fun c -> c < '\128')

        let cte, encoded =
            if short && ascii then
                "7bit", text + "\n"
            elif short then
                "8bit", text + "\n"
            else
                let b64 = Convert.ToBase64String(utf8.GetBytes(text + "\n"))
                "base64", String.Join("\n", Seq.chunkBySize 76 b64 |> Seq.map String) + "\n"

        String.Join(
            "\n",
            [
                "From: " + fromAddr
                "To: " + String.Join(",", toAddrs)
                "Subject: " + subject
                "Date: " + date sent
                "Content-Type: text/plain; charset=\"utf-8\""
                "Content-Transfer-Encoding: " + cte
                "MIME-Version: 1.0"
                ""
                encoded
            ]
        ),
        cte = "8bit"
