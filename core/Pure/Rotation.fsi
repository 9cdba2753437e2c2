namespace FuncLog

/// One step of a rollover. The shell carries the steps out in order; each is safe to repeat.
[<RequireQualifiedAccess>]
type RotationStep =

    /// Delete a file (an old backup, or the file a rename is about to replace).
    | Remove of path: string

    /// Rename a backup to its next name (the size cascade).
    | Rename of source: string * target: string

    /// Hand the file being written to the rotator (a rename by default; gzip; the user's) under its new name.
    | Rotate of source: string * target: string

    override ToString: unit -> string

    /// The file the step takes away (the one that is gone once the step is done).
    member Source: string

/// Python's RotatingFileHandler limits: roll over before the file would reach MaxBytes; keep BackupCount backups.
type internal SizePolicy = {

    /// 0 never rolls over.
    MaxBytes: int64

    /// 0 never renames (the file is only reopened).
    BackupCount: int
}

/// Python's `when` for TimedRotatingFileHandler.
[<RequireQualifiedAccess>]
type RolloverWhen =
    | Second
    | Minute
    | Hour
    | Day
    | Midnight

    /// W0 (Monday) … W6 (Sunday).
    | Weekday of day: int

/// Python's TimedRotatingFileHandler policy, validated (see TimedRotation.timePolicy).
type internal TimePolicy = {
    When: RolloverWhen

    /// Seconds between rollovers (the unit times the interval given).
    Interval: int64

    /// Break times down in UTC instead of the local zone.
    Utc: bool

    /// The time of day for MIDNIGHT and weekly rollovers (None: midnight).
    AtTime: System.TimeSpan option
    BackupCount: int

    /// The strftime format of the date suffix ("%Y-%m-%d" for D, MIDNIGHT and W).
    Suffix: string

    /// The regular expression a suffix matches (CPython's extMatch).
    SuffixPattern: string
}

/// A file next to the log file, as the shell saw it: full path and last write time.
type internal ExistingFile = {
    Path: string
    LastWriteUtc: System.DateTimeOffset
}

/// What a timed rollover does now.
[<RequireQualifiedAccess>]
type internal TimedRollover =

    /// The target name exists: CPython does nothing (and keeps the old rollover time).
    | AlreadyRolled of target: string

    /// Carry out the steps, then roll over next at NextAt (Unix seconds).
    | Steps of steps: RotationStep list * nextAt: int64

/// What the next rollover will do and when: Rotation.explainSize / TimedRotation.explainTime.
type RolloverForecast = {

    /// When it happens, if it is a time (Unix seconds).
    At: int64 option

    /// What makes it happen, in words.
    Trigger: string

    /// The steps it will take, given the files that exist now.
    Steps: RotationStep list
} with

    override ToString: unit -> string

/// The size rotation decisions and the helpers every rotation shares, as functions of values: no clock, no
/// file system.
[<RequireQualifiedAccess>]
module internal Rotation =

    /// Python's len() of a str: code points, not UTF-16 units (a lone surrogate counts as one, as in Python).
    val codePoints: s: string -> int

    /// RotatingFileHandler.shouldRollover: the file is not empty and position + len(record + "\n") reaches MaxBytes.
    val sizeShouldRollover: p: SizePolicy -> position: int64 -> recordLength: int64 -> bool

    /// The name of backup i: namer(base + "." + i).
    val backupName: namer: (string -> string) option -> baseFilename: string -> i: int -> string

    /// The files whose existence the size cascade depends on: the backups 1..BackupCount. The shell finds
    /// which of them exist and passes that set to sizePlan.
    val sizeCandidates: p: SizePolicy -> namer: (string -> string) option -> baseFilename: string -> string list

    /// The size cascade (RotatingFileHandler.doRollover): given which of the candidate files exist (the facts),
    /// the steps in order.
    val sizePlan: p: SizePolicy -> namer: (string -> string) option -> baseFilename: string -> existing: Set<string> -> RotationStep list

    /// Validates `when`, interval and atTime as TimedRotatingFileHandler does; the error is Python's ValueError text.
    val expired: now: System.DateTimeOffset -> maxAge: System.TimeSpan -> backups: ExistingFile seq -> string list

    val explainSize:
        p: SizePolicy ->
        namer: (string -> string) option ->
        baseFilename: string ->
        currentSize: int64 ->
        existing: Set<string> ->
            RolloverForecast
