namespace FuncLog

/// Syslog's priorities and facilities (CPython's SysLogHandler tables) and its `<PRI>` framing.
[<RequireQualifiedAccess>]
module internal Syslog =

    /// CPython's priority_names.
    val priorityNames: Map<string, int>

    /// CPython's facility_names.
    val facilityNames: Map<string, int>

    /// CPython's mapPriority: a level name to a priority name ("warning" for anything else).
    val mapPriority: levelName: string -> string

    /// CPython's encodePriority: (facility << 3) | priority.
    val encodePriority: facility: int -> priority: int -> int

    /// The bytes SysLogHandler.emit sends: `<PRI>` + ident + message (+ NUL), UTF-8, for a priority name
    /// (what mapPriority gives for the record's level).
    val frame: facility: int -> priorityName: string -> ident: string -> appendNul: bool -> message: string -> byte array

/// SocketHandler's reconnect schedule (CPython's createSocket): the wait after a failed attempt.
[<RequireQualifiedAccess>]
module internal Reconnect =

    /// retryStart after the first failure, then the previous wait times retryFactor, at most retryMax.
    val nextWait: retryStart: float -> retryFactor: float -> retryMax: float -> previous: float voption -> float

/// The form encoding of Python's urllib.parse.urlencode (quote_plus) and HTTPHandler's fields.
[<RequireQualifiedAccess>]
module internal HttpForm =

    /// urllib.parse.quote_plus: letters, digits and `_.-~` as they are, space as `+`, the rest %XX of UTF-8.
    val quotePlus: s: string -> string

    /// urllib.parse.urlencode of (key, value) pairs.
    val urlencode: pairs: (string * string) seq -> string

    /// HTTPHandler.mapLogRecord: the record's attributes (record.__dict__) as str() of each value.
    val recordFields: r: LogRecord -> (string * string) list

/// The e-mail SMTPHandler sends, as Python's EmailMessage writes it.
[<RequireQualifiedAccess>]
module internal MailText =

    /// RFC 5322 date as email.utils.format_datetime writes it ("Sun, 01 Jun 2025 10:00:00 +0000").
    val date: t: System.DateTimeOffset -> string

    /// set_content's choice of Content-Transfer-Encoding and the encoded body (email.contentmanager
    /// _encode_text with the default policy): 7bit or 8bit when no line is over 78 bytes; otherwise
    /// quoted-printable or base64, whichever is shorter on the first ten lines.
    val encodeBody: text: string -> string * string

    /// The message as SMTPHandler's EmailMessage writes it: From, To, Subject (folded, RFC 2047 for
    /// non-ASCII, see MailHeader), Date, Content-Type, Content-Transfer-Encoding, MIME-Version and the body,
    /// with "\n" line ends (the SMTP client sends CRLF); and whether the body is 8bit. A subject Python
    /// refuses (a line break, a lone surrogate) is refused with its message.
    val message: fromAddr: string -> toAddrs: string list -> subject: string -> sent: System.DateTimeOffset -> body: string -> string * bool
