namespace FuncLog

/// The timed rotation decisions (TimedRotatingFileHandler): the policy, rollover times with CPython's DST
/// corrections, backup names and which backups are old, as functions of values.
[<RequireQualifiedAccess>]
module internal TimedRotation =

    val timePolicy:
        whenText: string -> interval: int -> utc: bool -> atTime: System.TimeSpan option -> backupCount: int -> Result<TimePolicy, string>

    /// TimedRotatingFileHandler.computeRollover: the next rollover after `now` (Unix seconds), with CPython's
    /// alignment for MIDNIGHT/W (atTime) and its one-hour DST corrections in local time.
    val computeRollover: p: TimePolicy -> zone: System.TimeZoneInfo -> now: int64 -> int64

    /// The name the current file gets at a timed rollover: namer(base + "." + strftime(suffix, start of the
    /// interval)), where the interval started at rolloverAt - Interval (with CPython's DST correction).
    val timedName:
        p: TimePolicy ->
        zone: System.TimeZoneInfo ->
        namer: (string -> string) option ->
        baseFilename: string ->
        rolloverAt: int64 ->
        now: int64 ->
            string

    /// The timed backups among the names in the base file's directory, oldest first: by suffix, then (in
    /// size-and-time mode) by index, the unnumbered one first.
    val timedBackups:
        p: TimePolicy -> namer: (string -> string) option -> baseFilename: string -> indexed: bool -> names: string seq -> string list

    /// TimedRotatingFileHandler.getFilesToDelete: all but the newest BackupCount backups (none if fewer).
    val timedFilesToDelete:
        p: TimePolicy -> namer: (string -> string) option -> baseFilename: string -> indexed: bool -> names: string seq -> string list

    /// A timed rollover (TimedRotatingFileHandler.doRollover) given the names in the base file's directory
    /// (the facts: a path exists when its name is among them). With `indexed` (size-and-time mode) a period that has backups already gets the index
    /// after the highest one of that period, so the newest backup always sorts last — even after the oldest
    /// of the period (the unnumbered one) was deleted, its free name is not reused.
    val timedPlan:
        p: TimePolicy ->
        zone: System.TimeZoneInfo ->
        namer: (string -> string) option ->
        baseFilename: string ->
        indexed: bool ->
        rolloverAt: int64 ->
        now: int64 ->
        names: string list ->
            TimedRollover

    /// What the next size rollover will do: at which size, and the steps given the files that exist.
    val explainTime:
        p: TimePolicy ->
        zone: System.TimeZoneInfo ->
        namer: (string -> string) option ->
        baseFilename: string ->
        rolloverAt: int64 ->
        names: string list ->
            RolloverForecast
