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

/// Python's TimedRotatingFileHandler policy, validated (see Rotation.timePolicy).
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

/// What the next rollover will do and when: Rotation.explainSize / Rotation.explainTime.
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

/// Every rotation decision as a function of values: no clock, no file system.
[<RequireQualifiedAccess>]
module internal Rotation =
    let private midnight = 86400L

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
    let timePolicy (whenText: string) (interval: int) (utc: bool) (atTime: TimeSpan option) (backupCount: int) =
        let w = (if isNull whenText then "H" else whenText).ToUpperInvariant()

        let unit =
            match w with
            | "S" -> Ok(RolloverWhen.Second, 1L, "%Y-%m-%d_%H-%M-%S", @"[0-9]{4}-[0-9]{2}-[0-9]{2}_[0-9]{2}-[0-9]{2}-[0-9]{2}")
            | "M" -> Ok(RolloverWhen.Minute, 60L, "%Y-%m-%d_%H-%M", @"[0-9]{4}-[0-9]{2}-[0-9]{2}_[0-9]{2}-[0-9]{2}")
            | "H" -> Ok(RolloverWhen.Hour, 3600L, "%Y-%m-%d_%H", @"[0-9]{4}-[0-9]{2}-[0-9]{2}_[0-9]{2}")
            | "D" -> Ok(RolloverWhen.Day, midnight, "%Y-%m-%d", @"[0-9]{4}-[0-9]{2}-[0-9]{2}")
            | "MIDNIGHT" -> Ok(RolloverWhen.Midnight, midnight, "%Y-%m-%d", @"[0-9]{4}-[0-9]{2}-[0-9]{2}")
            | _ when w.StartsWith "W" ->
                if w.Length <> 2 then
                    Error(sprintf "You must specify a day for weekly rollover from 0 to 6 (0 is Monday): %s" w)
                elif w.[1] < '0' || w.[1] > '6' then
                    Error(sprintf "Invalid day specified for weekly rollover: %s" w)
                else
                    Ok(RolloverWhen.Weekday(int w.[1] - int '0'), 7L * midnight, "%Y-%m-%d", @"[0-9]{4}-[0-9]{2}-[0-9]{2}")
            | _ -> Error(sprintf "Invalid rollover interval specified: %s" w)

        match unit with
        | Error e -> Error e
        | Ok(kind, seconds, suffix, pattern) ->
            match atTime with
            | Some t when t < TimeSpan.Zero || t >= TimeSpan.FromDays 1.0 ->
                Error(sprintf "atTime must be a time of day (00:00:00 to 23:59:59), got %O" t)
            | _ ->
                Ok {
                    When = kind
                    Interval = seconds * int64 interval
                    Utc = utc
                    AtTime = atTime
                    BackupCount = backupCount
                    Suffix = suffix
                    SuffixPattern = "(?<![0-9])" + pattern + "(?![0-9])"
                }

    /// time.localtime / time.gmtime of Unix seconds: the broken-down time and whether DST is in force.
    let private breakDown (p: TimePolicy) (zone: TimeZoneInfo) (t: int64) =
        let z = if p.Utc || isNull zone then TimeZoneInfo.Utc else zone
        let instant = DateTimeOffset.FromUnixTimeSeconds t
        let bt = Strftime.breakDown z instant
        let dst = not p.Utc && z.IsDaylightSavingTime instant
        bt, dst

    let private isDst p zone t = snd (breakDown p zone t)

    /// TimedRotatingFileHandler.computeRollover: the next rollover after `now` (Unix seconds), with CPython's
    /// alignment for MIDNIGHT/W (atTime) and its one-hour DST corrections in local time.
    let computeRollover (p: TimePolicy) (zone: TimeZoneInfo) (now: int64) : int64 =
        match p.When with
        | RolloverWhen.Midnight
        | RolloverWhen.Weekday _ ->
            let bt, dstNow = breakDown p zone now
            let w = bt.Wall
            let mutable currentDay = (int w.DayOfWeek + 6) % 7

            let rotateTs =
                match p.AtTime with
                | None -> midnight
                | Some at -> int64 at.Hours * 3600L + int64 at.Minutes * 60L + int64 at.Seconds

            let mutable r =
                rotateTs - (int64 w.Hour * 3600L + int64 w.Minute * 60L + int64 w.Second)

            if r <= 0L then
                r <- r + midnight
                currentDay <- (currentDay + 1) % 7

            let mutable result = now + r

            match p.When with
            | RolloverWhen.Weekday dayOfWeek ->
                let day = currentDay

                if day <> dayOfWeek then
                    let daysToWait =
                        if day < dayOfWeek then
                            dayOfWeek - day
                        else
                            6 - day + dayOfWeek + 1

                    result <- result + int64 daysToWait * midnight

                result <- result + p.Interval - midnight * 7L
            | _ -> result <- result + p.Interval - midnight

            if not p.Utc then
                let dstAtRollover = isDst p zone result

                if dstNow <> dstAtRollover then
                    let addend =
                        if not dstNow then
                            if not (isDst p zone (result - 3600L)) then 0L else -3600L
                        else
                            3600L

                    result <- result + addend

            result
        | _ -> now + p.Interval

    /// The name the current file gets at a timed rollover: namer(base + "." + strftime(suffix, start of the
    /// interval)), where the interval started at rolloverAt - Interval (with CPython's DST correction).
    let timedName
        (p: TimePolicy)
        (zone: TimeZoneInfo)
        (namer: (string -> string) option)
        (baseFilename: string)
        (rolloverAt: int64)
        (now: int64)
        =
        let t = rolloverAt - p.Interval
        let bt, dstThen = breakDown p zone t

        let bt =
            if p.Utc then
                bt
            else
                let dstNow = isDst p zone now

                if dstNow <> dstThen then
                    fst (breakDown p zone (t + (if dstNow then 3600L else -3600L)))
                else
                    bt

        apply namer (baseFilename + "." + Strftime.format p.Suffix bt)

    let private fileName (path: string) =
        let i = path.LastIndexOfAny [| '/'; '\\' |]
        if i < 0 then path else path.Substring(i + 1)

    let private dirName (path: string) =
        let i = path.LastIndexOfAny [| '/'; '\\' |]
        if i < 0 then "" else path.Substring(0, i)

    let private join (dir: string) (name: string) =
        if dir = "" then
            name
        elif dir.EndsWith "/" || dir.EndsWith "\\" then
            dir + name
        else
            dir
            + string (
                if dir.Contains "\\" && not (dir.Contains "/") then
                    '\\'
                else
                    '/'
            )
            + name

    /// The timed backups among the names in the base file's directory, in no order, each with its sort key
    /// (suffix, index: 0 for none). With `indexed`, names may carry a ".N" index after the suffix
    /// (size-and-time mode).
    let private classifiedBackups
        (p: TimePolicy)
        (namer: (string -> string) option)
        (baseFilename: string)
        (indexed: bool)
        (names: string seq)
        =
        let dir = dirName baseFilename
        let baseName = fileName baseFilename
        let rx = Regex(p.SuffixPattern, RegexOptions.CultureInvariant)
        let full = Regex("^(?:" + p.SuffixPattern + @")\z", RegexOptions.CultureInvariant)

        let indexAfter (s: string) (at: int) =
            // ".N" right after the suffix, N without a leading zero
            if
                indexed
                && at < s.Length - 1
                && s.[at] = '.'
                && Char.IsAsciiDigit s.[at + 1]
                && s.[at + 1] <> '0'
            then
                let mutable j = at + 1

                while j < s.Length && Char.IsAsciiDigit s.[j] do
                    j <- j + 1

                match Int32.TryParse(s.AsSpan(at + 1, j - at - 1)) with
                | true, n -> Some(n, j)
                | _ -> None
            else
                None

        let classify (name: string) =
            match namer with
            | None ->
                let prefix = baseName + "."

                if name.StartsWith(prefix, StringComparison.Ordinal) then
                    let suffix = name.Substring prefix.Length

                    if full.IsMatch suffix then
                        Some(suffix, 0)
                    else
                        let m = rx.Match suffix

                        if m.Success && m.Index = 0 then
                            match indexAfter suffix m.Length with
                            | Some(n, e) when e = suffix.Length -> Some(m.Value, n)
                            | _ -> None
                        else
                            None
                else
                    None
            | Some f ->
                let rec search (from: int) =
                    if from > name.Length then
                        None
                    else
                        let m = rx.Match(name, from)

                        if not m.Success then
                            None
                        elif fileName (f (baseFilename + "." + m.Value)) = name then
                            Some(m.Value, 0)
                        else
                            match indexAfter name (m.Index + m.Length) with
                            | Some(n, _) when fileName (f (baseFilename + "." + m.Value + "." + string n)) = name -> Some(m.Value, n)
                            | _ -> search (m.Index + 1)

                search 0

        names |> Seq.choose (fun n -> classify n |> Option.map (fun k -> k, join dir n))

    /// The timed backups among the names in the base file's directory, oldest first: by suffix, then (in
    /// size-and-time mode) by index, the unnumbered one first.
    let timedBackups (p: TimePolicy) (namer: (string -> string) option) (baseFilename: string) (indexed: bool) (names: string seq) =
        classifiedBackups p namer baseFilename indexed names
        |> Seq.sortWith (fun ((s1, i1), p1) ((s2, i2), p2) ->
            if indexed then
                match String.CompareOrdinal(s1, s2) with
                | 0 -> compare i1 i2
                | c -> c
            else
                String.CompareOrdinal(p1, p2))
        |> Seq.map snd
        |> List.ofSeq

    /// TimedRotatingFileHandler.getFilesToDelete: all but the newest BackupCount backups (none if fewer).
    let timedFilesToDelete (p: TimePolicy) (namer: (string -> string) option) (baseFilename: string) (indexed: bool) (names: string seq) =
        let backups = timedBackups p namer baseFilename indexed names

        if backups.Length < p.BackupCount then
            []
        else
            List.take (backups.Length - p.BackupCount) backups

    /// A timed rollover (TimedRotatingFileHandler.doRollover) given the names in the base file's directory
    /// (the facts: a path exists when its name is among them). With `indexed` (size-and-time mode) a period that has backups already gets the index
    /// after the highest one of that period, so the newest backup always sorts last — even after the oldest
    /// of the period (the unnumbered one) was deleted, its free name is not reused.
    let timedPlan
        (p: TimePolicy)
        (zone: TimeZoneInfo)
        (namer: (string -> string) option)
        (baseFilename: string)
        (indexed: bool)
        (rolloverAt: int64)
        (now: int64)
        (names: string list)
        =
        let dir = dirName baseFilename
        let present = names |> List.map (join dir) |> Set.ofList
        let exists (path: string) = present.Contains path
        let dfn = timedName p zone namer baseFilename rolloverAt now

        let target =
            if indexed then
                let stem = timedName p zone None baseFilename rolloverAt now
                let suffix = stem.Substring(baseFilename.Length + 1)

                let highest =
                    classifiedBackups p namer baseFilename true names
                    |> Seq.filter (fun ((s, _), _) -> s = suffix)
                    |> Seq.map (fun ((_, i), _) -> i)
                    |> Seq.fold max -1

                if highest < 0 && not (exists dfn) then
                    Some dfn
                else
                    Seq.initInfinite (fun i -> apply namer (stem + "." + string (max highest 0 + 1 + i)))
                    |> Seq.find (exists >> not)
                    |> Some
            elif not (exists dfn) then
                Some dfn
            else
                None

        match target with
        | None -> TimedRollover.AlreadyRolled dfn
        | Some dfn ->
            let rotate = RotationStep.Rotate(baseFilename, dfn)

            let deletes =
                if p.BackupCount > 0 then
                    let after = names |> List.filter (fun n -> join dir n <> baseFilename)

                    let after =
                        if dirName dfn = dir then
                            fileName dfn :: after |> List.distinct
                        else
                            after

                    timedFilesToDelete p namer baseFilename indexed after
                    |> List.map RotationStep.Remove
                else
                    []

            TimedRollover.Steps(rotate :: deletes, computeRollover p zone now)

    /// Backups last written before now - maxAge (retention by age, on top of the count).
    let expired (now: DateTimeOffset) (maxAge: TimeSpan) (backups: ExistingFile seq) =
        backups
        |> Seq.filter (fun f -> f.LastWriteUtc < now - maxAge)
        |> Seq.map (fun f -> f.Path)
        |> List.ofSeq

    let private stamp (p: TimePolicy) (zone: TimeZoneInfo) (t: int64) =
        let bt, _ = breakDown p zone t
        Strftime.format "%Y-%m-%d %H:%M:%S %Z" bt

    /// What the next size rollover will do: at which size, and the steps given the files that exist.
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
    let explainTime
        (p: TimePolicy)
        (zone: TimeZoneInfo)
        (namer: (string -> string) option)
        (baseFilename: string)
        (rolloverAt: int64)
        (names: string list)
        =
        match timedPlan p zone namer baseFilename false rolloverAt rolloverAt names with
        | TimedRollover.AlreadyRolled target -> {
            At = Some rolloverAt
            Trigger =
                sprintf "%s is due to roll over at %s, but %s exists, so nothing will happen" baseFilename (stamp p zone rolloverAt) target
            Steps = []
          }
        | TimedRollover.Steps(steps, _) -> {
            At = Some rolloverAt
            Trigger = sprintf "%s rolls over at %s" baseFilename (stamp p zone rolloverAt)
            Steps = steps
          }

/// The rotation journal: a rollover's steps written down before they are carried out, with a mark after
/// each step, so a rollover cut short by a crash is completed at the next start.
[<RequireQualifiedAccess>]
module internal RotationJournal =
    /// The first line of a journal.
    [<Literal>]
    let Header = "funclog-rotation 1"

    [<Literal>]
    let private EndOfPlan = "end"

    let private escape (s: string) =
        s.Replace("\\", "\\\\").Replace("\t", "\\t").Replace("\n", "\\n").Replace("\r", "\\r")

    let private unescape (s: string) =
        let sb = StringBuilder(s.Length)
        let mutable i = 0
        let mutable ok = true

        while i < s.Length do
            if s.[i] = '\\' && i + 1 < s.Length then
                match s.[i + 1] with
                | '\\' -> sb.Append '\\' |> ignore
                | 't' -> sb.Append '\t' |> ignore
                | 'n' -> sb.Append '\n' |> ignore
                | 'r' -> sb.Append '\r' |> ignore
                | _ -> ok <- false

                i <- i + 2
            elif s.[i] = '\\' then
                ok <- false
                i <- i + 1
            else
                sb.Append s.[i] |> ignore
                i <- i + 1

        if ok then Some(sb.ToString()) else None

    /// The journal text for a plan: header, one line per step, and the end-of-plan line.
    let render (steps: RotationStep list) =
        let sb = StringBuilder()
        sb.Append(Header).Append('\n') |> ignore

        for s in steps do
            match s with
            | RotationStep.Remove p -> sb.Append("remove\t").Append(escape p)
            | RotationStep.Rename(a, b) -> sb.Append("rename\t").Append(escape a).Append('\t').Append(escape b)
            | RotationStep.Rotate(a, b) -> sb.Append("rotate\t").Append(escape a).Append('\t').Append(escape b)
            |> fun sb -> sb.Append('\n') |> ignore

        sb.Append(EndOfPlan).Append('\n') |> ignore
        sb.ToString()

    /// The line appended once step i (from 0) is done.
    let doneMark (i: int) = sprintf "done %d\n" i

    /// Reads a journal: Ok(Some(steps, number of steps done)), Ok None when the plan was never completely
    /// written (no step was started), or an error naming the line.
    let parse (text: string) : Result<(RotationStep list * int) option, string> =
        let lines = text.Split '\n'

        if lines.Length = 0 || lines.[0] <> Header then
            Error(sprintf "line 1: expected %s" (PyValue.stringRepr Header))
        else
            let steps = ResizeArray()
            let mutable i = 1
            let mutable err = None
            let mutable ended = false

            while err.IsNone && not ended && i < lines.Length do
                let l = lines.[i]

                if l = EndOfPlan && i < lines.Length - 1 then
                    ended <- true
                elif i = lines.Length - 1 then
                    // a last line without its newline: the plan was cut short while being written
                    i <- lines.Length
                else
                    let parts = l.Split '\t'

                    let path k =
                        if k < parts.Length then unescape parts.[k] else None

                    match parts.[0], parts.Length with
                    | "remove", 2 ->
                        match path 1 with
                        | Some p -> steps.Add(RotationStep.Remove p)
                        | None -> err <- Some(sprintf "line %d: bad escape" (i + 1))
                    | ("rename" | "rotate") as k, 3 ->
                        match path 1, path 2 with
                        | Some a, Some b ->
                            steps.Add(
                                if k = "rename" then
                                    RotationStep.Rename(a, b)
                                else
                                    RotationStep.Rotate(a, b)
                            )
                        | _ -> err <- Some(sprintf "line %d: bad escape" (i + 1))
                    | _ -> err <- Some(sprintf "line %d: unknown step %s" (i + 1) (PyValue.stringRepr l))

                if not ended then
                    i <- i + 1

            match err with
            | Some e -> Error e
            | None when not ended -> Ok None
            | None ->
                let mutable completed = 0

                for j in i + 1 .. lines.Length - 1 do
                    let l = lines.[j]

                    if l.StartsWith "done " && j < lines.Length - 1 then
                        match Int32.TryParse(l.AsSpan 5) with
                        | true, n when n = completed -> completed <- n + 1
                        | _ -> ()

                Ok(Some(List.ofSeq steps, min completed steps.Count))
