namespace FuncLog

open System
open System.Text
open System.Text.RegularExpressions

/// One step of a rollover. The shell carries the steps out in order; each is safe to repeat.
[<RequireQualifiedAccess>]
type RotationStep =
    /// Delete a file (an old backup, or the file a rename is about to replace).
    | Remove of path: string
    /// Rename a backup to its next name (the size cascade).
    | Rename of source: string * target: string
    /// Hand the file being written to the rotator (a rename by default; gzip; the user's) under its new name.
    | Rotate of source: string * target: string

    /// The file the step takes away (the one that is gone once the step is done).
    member s.Source =
        match s with
        | Remove p -> p
        | Rename(src, _)
        | Rotate(src, _) -> src

    override s.ToString() =
        match s with
        | Remove p -> "remove " + p
        | Rename(a, b) -> sprintf "rename %s -> %s" a b
        | Rotate(a, b) -> sprintf "rotate %s -> %s" a b

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
    AtTime: TimeSpan option
    BackupCount: int
    /// The strftime format of the date suffix ("%Y-%m-%d" for D, MIDNIGHT and W).
    Suffix: string
    /// The regular expression a suffix matches (CPython's extMatch).
    SuffixPattern: string
}

/// A file next to the log file, as the shell saw it: full path and last write time.
type internal ExistingFile = {
    Path: string
    LastWriteUtc: DateTimeOffset
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

    override f.ToString() =
        let sb = StringBuilder()
        sb.Append(f.Trigger).Append('\n') |> ignore

        if f.Steps.IsEmpty then
            sb.Append("  (no files are renamed or deleted)\n") |> ignore

        for s in f.Steps do
            sb.Append("  ").Append(string s).Append('\n') |> ignore

        sb.ToString()

/// The size rotation decisions and the helpers every rotation shares, as functions of values: no clock, no
/// file system.
[<RequireQualifiedAccess>]
module internal Rotation =
    /// Python's len() of a str: code points, not UTF-16 units (a lone surrogate counts as one, as in Python).
    let codePoints (s: string) = FastText.codePointsOf (s.AsSpan())

    /// RotatingFileHandler.shouldRollover: the file is not empty and position + len(record + "\n") reaches MaxBytes.
    let sizeShouldRollover (p: SizePolicy) (position: int64) (recordLength: int64) =
        p.MaxBytes > 0L && position > 0L && position + recordLength >= p.MaxBytes

    let private apply (name: (string -> string) option) (s: string) =
        match name with
        | Some f -> f s
        | None -> s

    /// The name of backup i: namer(base + "." + i).
    let backupName (namer: (string -> string) option) (baseFilename: string) (i: int) =
        apply namer (baseFilename + "." + string i)

    /// The files whose existence the size cascade depends on: the backups 1..BackupCount. The shell finds
    /// which of them exist and passes that set to sizePlan.
    let sizeCandidates (p: SizePolicy) (namer: (string -> string) option) (baseFilename: string) : string list =
        [ for i in 1 .. p.BackupCount -> backupName namer baseFilename i ]

    /// The size cascade (RotatingFileHandler.doRollover): given which of the candidate files exist (the facts),
    /// the steps in order.
    let sizePlan (p: SizePolicy) (namer: (string -> string) option) (baseFilename: string) (existing: Set<string>) =
        if p.BackupCount <= 0 then
            []
        else
            let mutable added = Set.empty
            let mutable removed = Set.empty

            let has f =
                added.Contains f || (not (removed.Contains f) && existing.Contains f)

            let steps = ResizeArray()

            let remove f =
                steps.Add(RotationStep.Remove f)
                removed <- removed.Add f
                added <- added.Remove f

            for i in p.BackupCount - 1 .. -1 .. 1 do
                let sfn = backupName namer baseFilename i
                let dfn = backupName namer baseFilename (i + 1)

                if has sfn then
                    if has dfn then
                        remove dfn

                    steps.Add(RotationStep.Rename(sfn, dfn))
                    removed <- removed.Add sfn
                    added <- added.Add dfn

            let dfn = backupName namer baseFilename 1

            if has dfn then
                remove dfn

            steps.Add(RotationStep.Rotate(baseFilename, dfn))
            List.ofSeq steps

    /// Validates `when`, interval and atTime as TimedRotatingFileHandler does; the error is Python's ValueError text.

    let expired (now: DateTimeOffset) (maxAge: TimeSpan) (backups: ExistingFile seq) =
        backups
        |> Seq.filter (fun f -> f.LastWriteUtc < now - maxAge)
        |> Seq.map (fun f -> f.Path)
        |> List.ofSeq

    let explainSize
        (p: SizePolicy)
        (namer: (string -> string) option)
        (baseFilename: string)
        (currentSize: int64)
        (existing: Set<string>)
        =
        if p.MaxBytes <= 0L then
            {
                At = None
                Trigger = sprintf "%s never rolls over (maxBytes is 0)" baseFilename
                Steps = []
            }
        else
            {
                At = None
                Trigger =
                    sprintf
                        "%s rolls over before a record takes it from %d bytes to %d or more (%d bytes left)"
                        baseFilename
                        currentSize
                        p.MaxBytes
                        (max 0L (p.MaxBytes - currentSize - 1L))
                Steps = sizePlan p namer baseFilename existing
            }

    /// What the next timed rollover will do: when (in the policy's zone) and the steps given the files.
