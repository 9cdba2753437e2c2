namespace FuncLog

open System
open System.Buffers.Binary
open System.Text

/// A local time type of a zone: its UTC offset in seconds, whether it is daylight saving time, and its
/// abbreviation ("CET", "CEST", "+03", "LMT") — what glibc's localtime puts in tm_gmtoff, tm_isdst, tm_zone.
[<Struct>]
type internal ZoneTimeType = {
    OffsetSeconds: int
    IsDst: bool
    Abbreviation: string
}

/// A zone as a TZif file (RFC 8536) describes it: the transitions, the type each one starts, and the names of
/// the footer's POSIX TZ rule (used after the last transition).
[<NoEquality; NoComparison>]
type internal TzifZone = {
    Transitions: int64[]
    TypeOf: byte[]
    Types: ZoneTimeType[]
    /// The footer's standard and daylight names ("CET", "CEST"; the daylight one null when it has none).
    FooterStd: string
    FooterDst: string
}

/// Reading TZif data, and glibc's choice of local time type for an instant.
[<RequireQualifiedAccess>]
module internal Tzif =
    /// The names in a POSIX TZ string: std offset [dst [offset] [,rule]] with names alphabetic or <quoted>.
    let footerNames (tz: string) : string * string =
        let mutable i = 0

        let name () =
            if i < tz.Length && tz.[i] = '<' then
                let close = tz.IndexOf('>', i)

                if close < 0 then
                    null
                else
                    let n = tz.Substring(i + 1, close - i - 1)
                    i <- close + 1
                    n
            else
                let start = i

                while i < tz.Length && Char.IsAsciiLetter tz.[i] do
                    i <- i + 1

                if i > start then tz.Substring(start, i - start) else null

        let skipOffset () =
            while i < tz.Length && (Char.IsAsciiDigit tz.[i] || "+-:".Contains tz.[i]) do
                i <- i + 1

        let std = name ()
        skipOffset ()
        let dst = if i < tz.Length && tz.[i] <> ',' then name () else null
        std, dst

    /// Parses TZif data (versions 1 to 4; the 64-bit block when there is one).
    let parse (data: byte[]) : Result<TzifZone, string> =
        // Long by design: RFC 8536's layout read in order (header, v1 block skipped, v2+ block, footer TZ
        // string); each step checks the bytes present before reading them.
        let header (at: int) =
            if data.Length < at + 44 || Encoding.ASCII.GetString(data, at, 4) <> "TZif" then
                None
            else
                let count k = int (BinaryPrimitives.ReadUInt32BigEndian(ReadOnlySpan(data, at + 20 + 4 * k, 4)))
                // isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt
                Some(data.[at + 4], count 0, count 1, count 2, count 3, count 4, count 5)

        let block (at: int) (timeSize: int) =
            match header at with
            | None -> Error "not TZif data"
            | Some(_, isut, isstd, leap, timecnt, typecnt, charcnt) ->
                let size = timecnt * timeSize + timecnt + typecnt * 6 + charcnt + leap * (timeSize + 4) + isstd + isut

                if typecnt = 0 || data.Length < at + 44 + size then
                    Error "TZif data cut short"
                else
                    let p = at + 44

                    let transitions =
                        Array.init timecnt (fun k ->
                            if timeSize = 8 then
                                BinaryPrimitives.ReadInt64BigEndian(ReadOnlySpan(data, p + 8 * k, 8))
                            else
                                int64 (BinaryPrimitives.ReadInt32BigEndian(ReadOnlySpan(data, p + 4 * k, 4))))

                    let idx = p + timecnt * timeSize
                    let typeOf = data.[idx .. idx + timecnt - 1]
                    let tp = idx + timecnt
                    let chars = tp + typecnt * 6

                    let abbreviation (start: int) =
                        let mutable e = chars + start

                        while e < chars + charcnt && data.[e] <> 0uy do
                            e <- e + 1

                        Encoding.ASCII.GetString(data, chars + start, e - chars - start)

                    let types =
                        Array.init typecnt (fun k ->
                            let q = tp + 6 * k

                            {
                                OffsetSeconds = BinaryPrimitives.ReadInt32BigEndian(ReadOnlySpan(data, q, 4))
                                IsDst = data.[q + 4] <> 0uy
                                Abbreviation = abbreviation (int data.[q + 5])
                            })

                    if typeOf |> Array.exists (fun t -> int t >= typecnt) then
                        Error "a transition names a type that does not exist"
                    else
                        Ok(transitions, typeOf, types, at + 44 + size)

        match header 0 with
        | None -> Error "not TZif data"
        | Some(version, _, _, _, _, _, _) ->
            match block 0 4 with
            | Error e -> Error e
            | Ok(t1, o1, ty1, next) ->
                let v2 =
                    if version >= byte '2' then
                        match block next 8 with
                        | Ok(t, o, ty, afterV2) ->
                            // the footer: "\n<POSIX TZ>\n"
                            let footer =
                                if afterV2 < data.Length && data.[afterV2] = byte '\n' then
                                    let e = Array.IndexOf(data, byte '\n', afterV2 + 1)
                                    if e > afterV2 then Encoding.ASCII.GetString(data, afterV2 + 1, e - afterV2 - 1) else ""
                                else
                                    ""

                            Some(t, o, ty, footer)
                        | Error _ -> None
                    else
                        None

                let t, o, ty, footer = defaultArg v2 (t1, o1, ty1, "")
                let std, dst = footerNames footer

                Ok {
                    Transitions = t
                    TypeOf = o
                    Types = ty
                    FooterStd = std
                    FooterDst = dst
                }

    /// The local time type at an instant as glibc picks it: before the first transition, the first type that
    /// is not DST; from a transition on, its type; after the last one, ValueNone when the footer's rule
    /// decides (the caller knows whether DST is in force), else the last transition's type.
    let typeAt (zone: TzifZone) (epochSeconds: int64) : ZoneTimeType voption =
        let t = zone.Transitions

        if t.Length = 0 || epochSeconds < t.[0] then
            match zone.Types |> Array.tryFind (fun x -> not x.IsDst) with
            | Some x -> ValueSome x
            | None -> ValueSome zone.Types.[0]
        elif epochSeconds >= t.[t.Length - 1] && not (isNull zone.FooterStd) then
            ValueNone
        else
            let i = Array.BinarySearch(t, epochSeconds)
            let i = if i >= 0 then i else ~~~i - 1
            ValueSome zone.Types.[int zone.TypeOf.[i]]
