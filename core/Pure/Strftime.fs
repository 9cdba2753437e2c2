namespace FuncLog

open System
open System.Globalization
open System.Text

/// A moment as time.localtime()/time.gmtime() break it down: wall-clock time, UTC offset, zone name.
[<Struct>]
type internal BrokenDownTime = {
    Wall: DateTime
    Offset: TimeSpan
    ZoneName: string
    EpochSeconds: int64
}

/// Where a zone's TZif data comes from (its local time types and their abbreviations, what %Z prints): the
/// one piece of process-wide state in the pure core, a source installed once by the shell (which reads the
/// system's zoneinfo). Without a source, or for a zone it does not know, names are made from .NET's zone data.
[<RequireQualifiedAccess>]
module internal ZoneSource =
    let mutable private source: Func<TimeZoneInfo, TzifZone voption> = null

    /// Installs the source (the shell does, when the first manager is made).
    let install (f: Func<TimeZoneInfo, TzifZone voption>) = Threading.Volatile.Write(&source, f)

    /// The zone's TZif data, when the source knows it.
    let tryGet (zone: TimeZoneInfo) : TzifZone voption =
        match Threading.Volatile.Read &source with
        | null -> ValueNone
        | f -> f.Invoke zone

/// Python's time.strftime as glibc implements it in the C locale, including GNU flags (- _ 0 ^ #).
[<RequireQualifiedAccess>]
module internal Strftime =
    let private days = [|
        "Sunday"
        "Monday"
        "Tuesday"
        "Wednesday"
        "Thursday"
        "Friday"
        "Saturday"
    |]

    let private months = [|
        "January"
        "February"
        "March"
        "April"
        "May"
        "June"
        "July"
        "August"
        "September"
        "October"
        "November"
        "December"
    |]

    /// An instant broken down from .NET's zone data alone (no abbreviations: a short name when .NET has one,
    /// else the offset, as "+01").
    let private fromDotnet (zone: TimeZoneInfo) (utc: DateTimeOffset) : BrokenDownTime =
        let local = TimeZoneInfo.ConvertTime(utc, zone)

        let name =
            if zone.Id = "UTC" || zone.Id = "Etc/UTC" || zone = TimeZoneInfo.Utc then
                "UTC"
            else
                let n =
                    if zone.IsDaylightSavingTime local then
                        zone.DaylightName
                    else
                        zone.StandardName

                if not (String.IsNullOrEmpty n) && n.Length <= 6 && not (n.Contains ' ') then
                    n
                else
                    let o = local.Offset
                    let s = if o < TimeSpan.Zero then "-" else "+"
                    let o = o.Duration()

                    if o.Minutes = 0 then
                        sprintf "%s%02d" s o.Hours
                    else
                        sprintf "%s%02d%02d" s o.Hours o.Minutes

        {
            Wall = local.DateTime
            Offset = local.Offset
            ZoneName = name
            EpochSeconds = utc.ToUnixTimeSeconds()
        }

    /// Breaks an instant down in a time zone as time.localtime does: from the zone's TZif data when the
    /// ZoneSource has it (glibc's offset, to the second, and abbreviation), else from .NET's zone data.
    let breakDown (zone: TimeZoneInfo) (utc: DateTimeOffset) : BrokenDownTime =
        let epoch = utc.ToUnixTimeSeconds()

        match ZoneSource.tryGet zone with
        | ValueSome tz ->
            match Tzif.typeAt tz epoch with
            | ValueSome t ->
                let offset = TimeSpan.FromSeconds(float t.OffsetSeconds)

                {
                    Wall = utc.UtcDateTime + offset
                    Offset = offset
                    ZoneName = t.Abbreviation
                    EpochSeconds = epoch
                }
            | ValueNone ->
                // after the last transition: the footer's rule, whose DST .NET evaluates from the same data
                let local = TimeZoneInfo.ConvertTime(utc, zone)

                {
                    Wall = local.DateTime
                    Offset = local.Offset
                    ZoneName =
                        (if zone.IsDaylightSavingTime local && not (isNull tz.FooterDst) then
                             tz.FooterDst
                         else
                             tz.FooterStd)
                    EpochSeconds = epoch
                }
        | ValueNone -> fromDotnet zone utc

    /// time.gmtime: the instant in UTC, with glibc's zone name "GMT" (Formatter's converter = time.gmtime).
    let gmtime (utc: DateTimeOffset) : BrokenDownTime = {
        Wall = utc.UtcDateTime
        Offset = TimeSpan.Zero
        ZoneName = "GMT"
        EpochSeconds = utc.ToUnixTimeSeconds()
    }

    let rec private conv (sb: StringBuilder) (t: BrokenDownTime) (flag: char) (c: char) =
        // Long by design: one arm per strftime directive, a table kept in one place as glibc's is.
        let d = t.Wall

        let num (v: int) (width: int) (padc: char) =
            let s = string (abs v)

            let padc =
                match flag with
                | '-' -> '\000'
                | '_' -> ' '
                | '0' -> '0'
                | _ -> padc

            if v < 0 then
                sb.Append '-' |> ignore

            if padc <> '\000' && s.Length < width then
                sb.Append(padc, width - s.Length) |> ignore

            sb.Append s |> ignore

        let text (s: string) =
            let s =
                match flag with
                | '^' -> s.ToUpperInvariant()
                | '#' ->
                    if s = s.ToUpperInvariant() then
                        s.ToLowerInvariant()
                    else
                        s.ToUpperInvariant()
                | _ -> s

            sb.Append s |> ignore

        let wday = int d.DayOfWeek
        let yday = d.DayOfYear - 1
        let hour12 = if d.Hour % 12 = 0 then 12 else d.Hour % 12

        // glibc's subformats (%c %D %F %r %R %T %x %X) take no flag of their own; '^' upper-cases what they made
        let sub (f: string) =
            let start = sb.Length
            let mutable i = 0

            while i < f.Length do
                conv sb t '\000' f.[i + 1]
                i <- i + 2

                if i < f.Length && f.[i] <> '%' then
                    sb.Append f.[i] |> ignore
                    i <- i + 1

            if flag = '^' then
                let upper = sb.ToString(start, sb.Length - start).ToUpperInvariant()
                sb.Length <- start
                sb.Append upper |> ignore

        match c with
        | 'a' -> text (days.[wday].Substring(0, 3))
        | 'A' -> text days.[wday]
        | 'b'
        | 'h' -> text (months.[d.Month - 1].Substring(0, 3))
        | 'B' -> text months.[d.Month - 1]
        | 'c' -> sub "%a %b %e %H:%M:%S %Y"
        | 'C' -> num (d.Year / 100) 2 '0'
        | 'd' -> num d.Day 2 '0'
        | 'D'
        | 'x' -> sub "%m/%d/%y"
        | 'e' -> num d.Day 2 ' '
        | 'F' -> sub "%Y-%m-%d"
        | 'G' -> num (ISOWeek.GetYear d) 1 '0'
        | 'g' -> num (ISOWeek.GetYear d % 100) 2 '0'
        | 'H' -> num d.Hour 2 '0'
        | 'I' -> num hour12 2 '0'
        | 'j' -> num (yday + 1) 3 '0'
        | 'k' -> num d.Hour 2 ' '
        | 'l' -> num hour12 2 ' '
        | 'm' -> num d.Month 2 '0'
        | 'M' -> num d.Minute 2 '0'
        | 'n' -> sb.Append '\n' |> ignore
        | 'p' -> text (if d.Hour < 12 then "AM" else "PM")
        | 'P' -> sb.Append(if d.Hour < 12 then "am" else "pm") |> ignore
        | 'r' -> sub "%I:%M:%S %p"
        | 'R' -> sub "%H:%M"
        | 's' -> sb.Append t.EpochSeconds |> ignore
        | 'S' -> num d.Second 2 '0'
        | 't' -> sb.Append '\t' |> ignore
        | 'T'
        | 'X' -> sub "%H:%M:%S"
        | 'u' -> num (if wday = 0 then 7 else wday) 1 '0'
        | 'U' -> num ((yday + 7 - wday) / 7) 2 '0'
        | 'V' -> num (ISOWeek.GetWeekOfYear d) 2 '0'
        | 'w' -> num wday 1 '0'
        | 'W' -> num ((yday + 7 - (wday + 6) % 7) / 7) 2 '0'
        | 'y' -> num (d.Year % 100) 2 '0'
        | 'Y' -> num d.Year 1 '0'
        | 'z' ->
            // glibc: the sign, then |offset| in whole minutes as hhmm, a number of width 4 (so flags pad it)
            let o = t.Offset
            sb.Append(if o < TimeSpan.Zero then '-' else '+') |> ignore
            let minutes = int (o.Duration().TotalSeconds) / 60
            num (minutes / 60 * 100 + minutes % 60) 4 '0'
        | 'Z' -> text t.ZoneName
        | '%' -> sb.Append '%' |> ignore
        | _ -> ()

    let private known = "aAbhBcCdDxeFGgHIjklMmnpPrRsStTXuUVwWyYzZ%"

    /// Formats a broken-down time with a strftime format.
    let format (fmt: string) (t: BrokenDownTime) : string =
        let sb = StringBuilder(fmt.Length + 16)
        let mutable i = 0

        while i < fmt.Length do
            let c = fmt.[i]

            if c <> '%' || i + 1 >= fmt.Length then
                sb.Append c |> ignore
                i <- i + 1
            else
                let mutable j = i + 1
                let mutable flag = '\000'

                if "-_0^#".Contains fmt.[j] && j + 1 < fmt.Length then
                    flag <- fmt.[j]
                    j <- j + 1

                if
                    (fmt.[j] = 'E' || fmt.[j] = 'O')
                    && j + 1 < fmt.Length
                    && known.Contains fmt.[j + 1]
                then
                    j <- j + 1

                if known.Contains fmt.[j] then
                    conv sb t flag fmt.[j]
                else
                    sb.Append(fmt, i, j - i + 1) |> ignore

                i <- j + 1

        sb.ToString()
