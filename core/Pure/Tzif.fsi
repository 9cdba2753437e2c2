namespace FuncLog

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
    Transitions: int64 array
    TypeOf: byte array
    Types: ZoneTimeType array

    /// The footer's standard and daylight names ("CET", "CEST"; the daylight one null when it has none).
    FooterStd: string
    FooterDst: string
}

/// Reading TZif data, and glibc's choice of local time type for an instant.
[<RequireQualifiedAccess>]
module internal Tzif =

    /// The names in a POSIX TZ string: std offset [dst [offset] [,rule]] with names alphabetic or <quoted>.
    val footerNames: tz: string -> string * string

    /// Parses TZif data (versions 1 to 4; the 64-bit block when there is one).
    val parse: data: byte array -> Result<TzifZone, string>

    /// The local time type at an instant as glibc picks it: before the first transition, the first type that
    /// is not DST; from a transition on, its type; after the last one, ValueNone when the footer's rule
    /// decides (the caller knows whether DST is in force), else the last transition's type.
    val typeAt: zone: TzifZone -> epochSeconds: int64 -> ZoneTimeType voption
