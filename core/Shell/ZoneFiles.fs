namespace FuncLog

open System
open System.Collections.Concurrent
open System.IO

/// The system's zoneinfo (TZif files, as glibc reads them): read once per zone and handed to the pure core's
/// ZoneSource, so %Z prints "CET"/"CEST" as CPython's tm_zone does and %z the offset to the second.
module internal ZoneFiles =
    let private dir =
        match Environment.GetEnvironmentVariable "TZDIR" with
        | null
        | "" -> "/usr/share/zoneinfo"
        | d -> d

    // one entry per zone the process uses (the system has about 600)
    let private cache = ConcurrentDictionary<string, TzifZone voption>(StringComparer.Ordinal)

    let private read (path: string) =
        try
            if File.Exists path then
                match Tzif.parse (File.ReadAllBytes path) with
                | Ok z -> ValueSome z
                | Error _ -> ValueNone
            else
                ValueNone
        with _ ->
            ValueNone

    /// The TZif data of a zone: the file named by its IANA id (the local zone's /etc/localtime when its id
    /// names none), or ValueNone.
    let load (zone: TimeZoneInfo) : TzifZone voption =
        if isNull zone || zone.Id.Contains ".." || Path.IsPathRooted zone.Id then
            ValueNone
        else
            cache.GetOrAdd(
                zone.Id,
                fun id ->
                    match read (Path.Combine(dir, id)) with
                    | ValueSome z -> ValueSome z
                    | ValueNone when obj.ReferenceEquals(zone, TimeZoneInfo.Local) || zone.Id = TimeZoneInfo.Local.Id ->
                        read "/etc/localtime"
                    | ValueNone -> ValueNone
            )

    /// Installs the zoneinfo as the pure core's zone source (once; every manager calls it).
    let install =
        lazy (ZoneSource.install (Func<TimeZoneInfo, TzifZone voption>(load)))
