namespace FuncLog

open System
open System.Globalization
open System.Text

/// A moment as time.localtime()/time.gmtime() break it down: wall-clock time, UTC offset, zone name.
[<Struct>]
type BrokenDownTime = {
    Wall: DateTime
    Offset: TimeSpan
    ZoneName: string
    EpochSeconds: int64
}

/// Python's time.strftime as glibc implements it in the C locale, including GNU flags (- _ 0 ^ #).
[<RequireQualifiedAccess>]
module Strftime =
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

    /// Breaks an instant down in a time zone (the pure core of time.localtime / time.gmtime).
    let breakDown (zone: TimeZoneInfo) (utc: DateTimeOffset) : BrokenDownTime =
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

    let rec private conv (sb: StringBuilder) (t: BrokenDownTime) (flag: char) (c: char) =
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

        let sub (f: string) =
            let mutable i = 0

            while i < f.Length do
                conv sb t '\000' f.[i + 1]
                i <- i + 2

                if i < f.Length && f.[i] <> '%' then
                    sb.Append f.[i] |> ignore
                    i <- i + 1

        match c with
        | 'a' -> text (days.[wday].Substring(0, 3))
        | 'A' -> text days.[wday]
        | 'b'
        | 'h' -> text (months.[d.Month - 1].Substring(0, 3))
        | 'B' -> text months.[d.Month - 1]
        | 'c' ->
            text (days.[wday].Substring(0, 3))
            sb.Append ' ' |> ignore
            text (months.[d.Month - 1].Substring(0, 3))
            sb.Append ' ' |> ignore
            num d.Day 2 ' '
            sb.Append ' ' |> ignore
            sub "%H:%M:%S"
            sb.Append ' ' |> ignore
            num d.Year 1 '0'
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
            let o = t.Offset
            sb.Append(if o < TimeSpan.Zero then '-' else '+') |> ignore
            let o = o.Duration()
            sb.Append(o.Hours.ToString("00")).Append(o.Minutes.ToString("00")) |> ignore
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
