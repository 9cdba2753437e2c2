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

/// A compiled format string in one of Python's three styles.
type internal CompiledFormat =
    | PercentFmt of PercentTemplate
    | BraceFmt of BracePart[]
    | DollarFmt of DollarPart[]
    /// A '{}' format that does not parse (validate=false): the error str.format raises when used.
    | BraceInvalid of string

/// Formatter styles and their validation, as functions.
module internal FormatStyles =
    let percentValidation =
        Regex(@"%\(\w+\)[#0+ -]*(\*|\d+)?(\.(\*|\d+))?[diouxefgcrsa%]", RegexOptions.IgnoreCase ||| RegexOptions.CultureInvariant)

    let braceField =
        Regex(@"^(\d+|\w+)(\.\w+|\[[^\]]+\])*$", RegexOptions.CultureInvariant)

    let braceSpec =
        Regex(
            @"^(.?[<>=^])?[+ -]?#?0?(\d+|{\w+})?[,_]?(\.(\d+|{\w+}))?[bcdefgnosx%]?$",
            RegexOptions.IgnoreCase ||| RegexOptions.CultureInvariant
        )

    let defaultFormat style =
        match style with
        | '{' -> "{message}"
        | '$' -> "${message}"
        | _ -> "%(message)s"

    /// Compiles (and, when asked, validates) a format string: the error is Python's ValueError text.
    let compile (fmt: string) (style: char) (validate: bool) : Result<CompiledFormat * bool, string> =
        match style with
        | '%' ->
            if validate && not (percentValidation.IsMatch fmt) then
                Error(sprintf "Invalid format '%s' for '%%' style" fmt)
            else
                Ok(PercentFmt(PercentFormat.parse fmt), fmt.Contains "%(asctime)")
        | '{' ->
            match BraceFormat.parse fmt with
            | Error e ->
                if validate then
                    Error("invalid format: " + e)
                else
                    Ok(BraceInvalid e, fmt.Contains "{asctime")
            | Ok parts ->
                let fields =
                    parts
                    |> Array.choose (function
                        | Field f -> Some f
                        | _ -> None)

                let check (f: BraceField) =
                    let full =
                        f.Name
                        + String.Join("", f.Indexes |> List.map (fun i -> if i.StartsWith "." then i else "[" + i + "]"))

                    if full <> "" && not (braceField.IsMatch full) then
                        Some(sprintf "invalid field name/expression: %s" (PyValue.stringRepr full))
                    elif f.Conversion.IsSome && not ("rsa".Contains f.Conversion.Value) then
                        Some(sprintf "invalid conversion: %s" (PyValue.stringRepr (string f.Conversion.Value)))
                    elif f.RawSpec <> "" && not (braceSpec.IsMatch f.RawSpec) then
                        Some(sprintf "bad specifier: %s" (PyValue.stringRepr f.RawSpec))
                    else
                        None

                let problems = if validate then fields |> Array.choose check else [||]

                if problems.Length > 0 then
                    Error("invalid format: " + problems.[0])
                elif validate && (fields |> Array.forall (fun f -> f.Name = "")) then
                    Error "invalid format: no fields"
                else
                    Ok(BraceFmt parts, fmt.Contains "{asctime")
        | '$' ->
            let parts = DollarFormat.parse fmt

            if
                validate
                && (parts
                    |> Array.exists (function
                        | DollarInvalid _ -> true
                        | _ -> false))
            then
                Error "invalid format: bare '$' not allowed"
            elif
                validate
                && not (
                    parts
                    |> Array.exists (function
                        | DollarField _ -> true
                        | _ -> false)
                )
            then
                Error "invalid format: no fields"
            else
                Ok(DollarFmt parts, fmt.Contains "$asctime" || fmt.Contains "${asctime}")
        | _ -> Error "Style must be one of: %,{,$"

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

    /// The format string (the style's default when none was given).
    member _.Fmt = fmt
    /// The date format, or null for the default.
    member _.DateFmt = datefmt
    /// The style character: '%', '{' or '$'.
    member _.Style = style
    /// Values used for fields the record lacks.
    member _.Defaults = defaults
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
        let secs = floor record.Created
        let utcTime = DateTimeOffset.UnixEpoch.AddSeconds secs

        let zone =
            if utc || isNull record.TimeZone then
                TimeZoneInfo.Utc
            else
                record.TimeZone

        let t = Strftime.breakDown zone utcTime

        if String.IsNullOrEmpty datefmt then
            let text = Strftime.format this.DefaultTimeFormat t

            match this.DefaultMsecFormat with
            | null -> text
            | "%s,%03d" -> text + "," + (int record.Msecs).ToString("000")
            | msecFmt ->
                match PercentFormat.format msecFmt (Positional [| box text; box record.Msecs |]) with
                | Ok s -> s
                | Error e -> raise (LogFormatException e)
        else
            Strftime.format datefmt t

    /// The text of an exception (Python prints a traceback; .NET prints Exception.ToString()).
    abstract FormatException: exn -> string

    default _.FormatException(e: exn) =
        let s = e.ToString()
        if s.EndsWith "\n" then s.Substring(0, s.Length - 1) else s

    /// The text of stack information (as captured).
    abstract FormatStack: string -> string
    default _.FormatStack(s: string) = s

    /// Renders the style's format with the record's values: Ok text or Python's error.
    member this.TryFormatMessage(record: LogRecord, message: string, asctime: string) : Result<string, FormatError> =
        let lookup (key: string) =
            match key with
            | "message" when not (isNull message) -> ValueSome(box message)
            | "asctime" when not (isNull asctime) -> ValueSome(box asctime)
            | _ ->
                match LogRecord.attribute key record with
                | ValueSome v -> ValueSome v
                | ValueNone ->
                    if isNull defaults then
                        ValueNone
                    else
                        match defaults.TryGetValue key with
                        | true, v -> ValueSome v
                        | _ -> ValueNone

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
        match this.TryFormat record with
        | Ok s -> s
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
