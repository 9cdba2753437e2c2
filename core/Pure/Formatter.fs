namespace FuncLog

open System
open System.Collections.Generic
open System.Runtime.InteropServices
open System.Text
open System.Text.RegularExpressions

/// How a Formatter turns record.created into a broken-down time (Python's converter attribute).
type TimeConverter =
    /// time.localtime: the record's local time zone (from the clock that created it).
    | LocalTime
    /// time.gmtime: UTC.
    | Utc

/// A formatter of this assembly that can render some records straight into a buffer (the JSON formatter):
/// Formatter.TryFormatInto asks it when its own % layouts do not apply.
[<AllowNullLiteral>]
type internal IFormatsInto =
    /// Appends the record's text and returns true, or returns false with sb untouched.
    abstract TryFormatInto: record: LogRecord * sb: StringBuilder -> bool

/// Turns a record into text: Python's logging.Formatter with the %, {} and $ styles, datefmt in
/// time.strftime codes and the default asctime "2010-12-12 11:41:42,612". Never changes the record.
[<AllowNullLiteral>]
type Formatter
    (
        [<Optional; DefaultParameterValue(null: string)>] fmt: string,
        [<Optional; DefaultParameterValue(null: string)>] datefmt: string,
        [<Optional; DefaultParameterValue('%')>] style: char,
        [<Optional; DefaultParameterValue(true)>] validate: bool,
        [<Optional; DefaultParameterValue(null: IReadOnlyDictionary<string, obj>)>] defaults: IReadOnlyDictionary<string, obj>,
        [<Optional; DefaultParameterValue(false)>] utc: bool
    ) =
    let fmt =
        if String.IsNullOrEmpty fmt then
            FormatStyles.defaultFormat style
        else
            fmt

    let compiled, usesTime =
        match FormatStyles.compile fmt style validate with
        | Ok c -> c
        | Error e -> raise (ArgumentException(e))

    // values a host supplies for fields its records usually carry (see FallbackDefaults)
    let mutable fallback: IReadOnlyDictionary<string, obj> = null

    // the FuncLog type whose exact instances keep nothing of the records they format (see IsPlain)
    let mutable plainType = typeof<Formatter>

    let fastPlan =
        match compiled with
        | PercentFmt t -> FastFormat.plan t
        | _ -> None

    /// The date-and-time text for a whole second (remembered per thread: strftime has nothing below a second).
    member private _.SecondText(record: LogRecord, format: string) =
        let secs = int64 (floor record.Created)

        let zone =
            if utc || isNull record.TimeZone then
                TimeZoneInfo.Utc
            else
                record.TimeZone

        match Scratch.trySecondText format zone utc secs with
        | null ->
            let instant = DateTimeOffset.UnixEpoch.AddSeconds(float secs)

            let text =
                Strftime.format
                    format
                    (if utc then
                         Strftime.gmtime instant // converter = time.gmtime: the zone is "GMT"
                     else
                         Strftime.breakDown zone instant)

            Scratch.rememberSecondText format zone utc secs text
            text
        | text -> text

    /// The format string (the style's default when none was given).
    member _.Fmt = fmt
    /// The date format, or null for the default.
    member _.DateFmt = datefmt
    /// The style character: '%', '{' or '$'.
    member _.Style = style
    /// Values used for fields the record lacks.
    member _.Defaults = defaults

    /// Values used for fields that neither the record nor Defaults have: set by a host (the
    /// Microsoft.Extensions.Logging provider supplies EventId, EventName, Category and Scopes) before the
    /// formatter is used.
    member internal _.FallbackDefaults
        with get () = fallback
        and set (v: IReadOnlyDictionary<string, obj>) = fallback <- v

    /// Called by a FuncLog formatter type's constructor: a formatter of exactly that type keeps nothing of a
    /// record it formats.
    member internal _.DeclarePlain(t: Type) = plainType <- t

    /// True for a formatter of a FuncLog type (no user subclass) that keeps nothing of a record it formats.
    member internal this.IsPlain = obj.ReferenceEquals(this.GetType(), plainType)

    /// LocalTime or Utc.
    member _.Converter = if utc then Utc else LocalTime
    /// True when the format refers to asctime.
    member _.UsesTime() = usesTime

    /// Python's default_time_format: the strftime format of asctime when there is no datefmt.
    abstract DefaultTimeFormat: string
    default _.DefaultTimeFormat = "%Y-%m-%d %H:%M:%S"

    /// Python's default_msec_format: "%s,%03d" % (time text, msecs), or null for no milliseconds.
    /// Override it ("%s.%03d") for ISO-style times.
    abstract DefaultMsecFormat: string
    default _.DefaultMsecFormat = "%s,%03d"

    /// Formats record.created with a strftime format (the default with ",mmm" when datefmt is null or empty).
    abstract FormatTime: record: LogRecord * datefmt: string -> string

    default this.FormatTime(record: LogRecord, datefmt: string) =
        if String.IsNullOrEmpty datefmt then
            let text = this.SecondText(record, this.DefaultTimeFormat)

            match this.DefaultMsecFormat with
            | null -> text
            | "%s,%03d" -> text + "," + (int record.Msecs).ToString("000")
            | msecFmt ->
                match PercentFormat.format msecFmt (Positional [| box text; box record.Msecs |]) with
                | Ok s -> s
                | Error e -> raise (LogFormatException e)
        else
            this.SecondText(record, datefmt)

    /// The text of an exception (Python prints a traceback; .NET prints Exception.ToString()).
    abstract FormatException: exn -> string

    default _.FormatException(e: exn) =
        let s = e.ToString()
        if s.EndsWith "\n" then s.Substring(0, s.Length - 1) else s

    /// The text of stack information (as captured).
    abstract FormatStack: string -> string
    default _.FormatStack(s: string) = s

    /// Renders the style's format with the record's values (Python's formatMessage): Ok text or Python's
    /// error. Override it to add values of your own (with TryRender) or to change the text.
    abstract TryFormatMessage: record: LogRecord * message: string * asctime: string -> Result<string, FormatError>

    default this.TryFormatMessage(record: LogRecord, message: string, asctime: string) =
        this.TryRender(record, message, asctime, null)

    /// Renders the style's format with the record's values, looking names up in `overlay` first (when given),
    /// then the record, then the defaults.
    member this.TryRender(record: LogRecord, message: string, asctime: string, overlay: Func<string, obj>) : Result<string, FormatError> =
        let lookup (key: string) =
            match (if isNull overlay then null else overlay.Invoke key) with
            | null ->
                match key with
                | "message" when not (isNull message) -> ValueSome(box message)
                | "asctime" when not (isNull asctime) -> ValueSome(box asctime)
                | _ ->
                    match LogRecord.attribute key record with
                    | ValueSome v -> ValueSome v
                    | ValueNone ->
                        let found =
                            if isNull defaults then
                                ValueNone
                            else
                                match defaults.TryGetValue key with
                                | true, v -> ValueSome v
                                | _ -> ValueNone

                        if found.IsNone && not (isNull fallback) then
                            match fallback.TryGetValue key with
                            | true, v -> ValueSome v
                            | _ -> ValueNone
                        else
                            found
            | v -> ValueSome v

        let r =
            match compiled with
            | PercentFmt t -> PercentFormat.render t (Mapping(box "<LogRecord>", lookup))
            | BraceFmt p -> BraceFormat.render p lookup
            | DollarFmt p -> DollarFormat.render p lookup
            | BraceInvalid e -> Error { Kind = ValueError; Message = e }

        match r with
        | Error { Kind = KeyError; Message = k } ->
            Error {
                Kind = ValueError
                Message = "Formatting field not found in record: " + k
            }
        | other -> other

    /// Formats a record, or returns the error Python would raise; nothing is written onto the record.
    member this.TryFormat(record: LogRecord) : Result<string, FormatError> =
        match LogRecord.message record with
        | Error e -> Error e
        | Ok message ->
            let asctime = if usesTime then this.FormatTime(record, datefmt) else null

            match this.TryFormatMessage(record, message, asctime) with
            | Error e -> Error e
            | Ok s when
                isNull record.ExcText
                && isNull record.ExcInfo
                && String.IsNullOrEmpty record.StackInfo
                ->
                Ok s
            | Ok s ->
                let sb = StringBuilder(s)

                let excText =
                    if not (isNull record.ExcText) then
                        record.ExcText
                    elif not (isNull record.ExcInfo) then
                        this.FormatException record.ExcInfo
                    else
                        null

                if not (String.IsNullOrEmpty excText) then
                    if sb.Length = 0 || sb.[sb.Length - 1] <> '\n' then
                        sb.Append '\n' |> ignore

                    sb.Append excText |> ignore

                if not (String.IsNullOrEmpty record.StackInfo) then
                    if sb.Length = 0 || sb.[sb.Length - 1] <> '\n' then
                        sb.Append '\n' |> ignore

                    sb.Append(this.FormatStack record.StackInfo) |> ignore

                Ok(sb.ToString())

    /// Formats a record (Python's Formatter.format); throws LogFormatException where Python raises.
    abstract Format: LogRecord -> string

    default this.Format(record: LogRecord) =
        let sb = Scratch.rentBuilder ()

        if this.TryFormatInto(record, sb) then
            let text = sb.ToString()
            Scratch.returnBuilder sb
            text
        else
            Scratch.returnBuilder sb

            match this.TryFormat record with
            | Ok s -> s
            | Error e -> raise (LogFormatException e)

    /// Appends the formatted record to sb: the same text as Format, but for the common % layouts it is
    /// rendered straight into sb without making a string (a handler that writes to a buffer of its own,
    /// a socket or an encoder can reuse one builder for every record). Throws as Format does.
    member this.FormatInto(record: LogRecord, sb: StringBuilder) : unit =
        if isNull sb then
            nullArg (nameof sb)

        let start = sb.Length

        try
            if not (this.TryFormatInto(record, sb)) then
                sb.Append(this.Format record) |> ignore
        with _ ->
            // nothing of a record that failed to format is left in the caller's builder
            sb.Length <- start
            reraise ()

    /// Formats the record into sb when the fast path applies (this exact type, a common % layout, no
    /// exception or stack text); false, sb untouched, otherwise. A handler can then encode the text
    /// without making a string of it.
    member internal this.TryFormatInto(record: LogRecord, sb: StringBuilder) : bool =
        match fastPlan with
        | Some plan when this.FastApplies record ->
            this.FormatFast(record, plan, sb)
            true
        | _ ->
            match box this with
            | :? IFormatsInto as f -> f.TryFormatInto(record, sb)
            | _ -> false

    member private this.FastApplies(record: LogRecord) =
        isNull record.ExcInfo
        && isNull record.ExcText
        && isNull record.StackInfo
        && obj.ReferenceEquals(this.GetType(), typeof<Formatter>)

    /// The common layouts (%(field)s with widths) rendered straight into a buffer.
    member private this.FormatFast(record: LogRecord, plan: FastPart[], sb: StringBuilder) : unit =
        let inline orNone (s: string) = if isNull s then "None" else s

        for p in plan do
            if p.Width < 0 then
                sb.Append p.Text |> ignore
            else
                let start = sb.Length

                match p.Field with
                | FastField.Message -> this.AppendMessage(record, sb)
                | FastField.AscTime -> this.AppendAscTime(record, sb)
                | FastField.Name -> sb.Append(orNone record.Name) |> ignore
                | FastField.LevelName -> sb.Append(orNone record.LevelName) |> ignore
                | FastField.LevelNo -> FastText.appendInt sb (int64 record.LevelNo)
                | FastField.PathName -> sb.Append(orNone record.PathName) |> ignore
                | FastField.FileName -> sb.Append(orNone record.FileName) |> ignore
                | FastField.Module -> sb.Append(orNone record.Module) |> ignore
                | FastField.LineNo -> FastText.appendInt sb (int64 record.LineNo)
                | FastField.FuncName -> sb.Append(orNone record.FuncName) |> ignore
                | FastField.Thread -> FastText.appendInt sb record.Thread
                | FastField.ThreadName -> sb.Append(orNone record.ThreadName) |> ignore
                | FastField.Process -> FastText.appendInt sb (int64 record.Process)
                | _ -> sb.Append(orNone record.ProcessName) |> ignore

                if p.Width > 0 then
                    // Python's width counts code points
                    let n = FastText.codePointsFrom sb start

                    if n < p.Width then
                        if p.Left then
                            for _ in 1 .. p.Width - n do
                                sb.Append(' ') |> ignore
                        else
                            sb.Insert(start, " ", p.Width - n) |> ignore

    /// asctime as the fast layouts write it (the text of the second kept from record to record), for this
    /// exact type: FormatTime(record, datefmt) of this formatter's datefmt.
    member internal this.AppendAscTime(record: LogRecord, sb: StringBuilder) : unit =
        if String.IsNullOrEmpty datefmt then
            let text = this.SecondText(record, this.DefaultTimeFormat)

            if this.DefaultMsecFormat = "%s,%03d" then
                let ms = int record.Msecs
                sb.Append text |> ignore
                sb.Append(',') |> ignore
                sb.Append(char (48 + ms / 100)) |> ignore
                sb.Append(char (48 + ms / 10 % 10)) |> ignore
                sb.Append(char (48 + ms % 10)) |> ignore
            else
                sb.Append(this.FormatTime(record, datefmt)) |> ignore
        else
            sb.Append(this.SecondText(record, datefmt)) |> ignore

    /// The message: straight into sb when it is a plain %s/%d format of strings and ints.
    member internal this.AppendMessage(record: LogRecord, sb: StringBuilder) : unit =
        match record.Msg with
        | :? MessageText as t -> sb.Append(t.Builder) |> ignore // a queue's copy: the message, formatted
        | :? string as m when
            not (isNull record.pack)
            && (record.pack.Count = 0 || PercentFormat.tryAppendPack m record.pack sb)
            ->
            if record.pack.Count = 0 then
                sb.Append m |> ignore
        | _ -> this.AppendMessageOfArgs(record, sb)

    member private _.AppendMessageOfArgs(record: LogRecord, sb: StringBuilder) : unit =
        let args = record.Args

        match record.Msg with
        | :? string as m when
            not (isNull args)
            && args.Length > 0
            && not (
                args.Length = 1
                && not (args.[0] :? string)
                && PyValue.isNonEmptyMapping args.[0]
            )
            && PercentFormat.tryAppend m args sb
            ->
            ()
        | :? string as m when isNull args || args.Length = 0 -> sb.Append m |> ignore
        | _ ->
            match LogRecord.message record with
            | Ok m -> sb.Append m |> ignore
            | Error e -> raise (LogFormatException e)


/// Formats a batch of records: header, each record with the line formatter, footer.
[<AllowNullLiteral>]
type BufferingFormatter([<Optional; DefaultParameterValue(null: Formatter)>] linefmt: Formatter) =
    let linefmt = if isNull linefmt then Formatter() else linefmt
    /// The formatter used for each record.
    member _.LineFormatter = linefmt
    /// Text before the records (empty by default).
    abstract FormatHeader: IReadOnlyList<LogRecord> -> string
    default _.FormatHeader _ = ""
    /// Text after the records (empty by default).
    abstract FormatFooter: IReadOnlyList<LogRecord> -> string
    default _.FormatFooter _ = ""

    /// Header, the records, footer; empty for no records.
    member this.Format(records: IReadOnlyList<LogRecord>) =
        if isNull records || records.Count = 0 then
            ""
        else
            let sb = StringBuilder(this.FormatHeader records)

            for r in records do
                sb.Append(linefmt.Format r) |> ignore

            sb.Append(this.FormatFooter records).ToString()
