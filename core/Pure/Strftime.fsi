namespace FuncLog

/// A moment as time.localtime()/time.gmtime() break it down: wall-clock time, UTC offset, zone name.
[<Struct>]
type internal BrokenDownTime = {
    Wall: System.DateTime
    Offset: System.TimeSpan
    ZoneName: string
    EpochSeconds: int64
}

/// Where a zone's TZif data comes from (its local time types and their abbreviations, what %Z prints): the
/// one piece of process-wide state in the pure core, a source installed once by the shell (which reads the
/// system's zoneinfo). Without a source, or for a zone it does not know, names are made from .NET's zone data.
[<RequireQualifiedAccess>]
module internal ZoneSource =

    /// Installs the source (the shell does, when the first manager is made).
    val install: f: System.Func<System.TimeZoneInfo, TzifZone voption> -> unit

    /// The zone's TZif data, when the source knows it.
    val tryGet: zone: System.TimeZoneInfo -> TzifZone voption

/// Python's time.strftime as glibc implements it in the C locale, including GNU flags (- _ 0 ^ #).
[<RequireQualifiedAccess>]
module internal Strftime =

    /// Breaks an instant down in a time zone as time.localtime does: from the zone's TZif data when the
    /// ZoneSource has it (glibc's offset, to the second, and abbreviation), else from .NET's zone data.
    val breakDown: zone: System.TimeZoneInfo -> utc: System.DateTimeOffset -> BrokenDownTime

    /// time.gmtime: the instant in UTC, with glibc's zone name "GMT" (Formatter's converter = time.gmtime).
    val gmtime: utc: System.DateTimeOffset -> BrokenDownTime

    /// Formats a broken-down time with a strftime format.
    val format: fmt: string -> t: BrokenDownTime -> string
