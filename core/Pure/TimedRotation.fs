namespace FuncLog

open System
open System.Text
open System.Text.RegularExpressions

/// The timed rotation decisions (TimedRotatingFileHandler): the policy, rollover times with CPython's DST
/// corrections, backup names and which backups are old, as functions of values.
[<RequireQualifiedAccess>]
module internal TimedRotation =
    let private midnight = 86400L

    let private apply (name: (string -> string) option) (s: string) =
        match name with
        | Some f -> f s
        | None -> s

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

    let private stamp (p: TimePolicy) (zone: TimeZoneInfo) (t: int64) =
        let bt, _ = breakDown p zone t
        Strftime.format "%Y-%m-%d %H:%M:%S %Z" bt

    /// What the next size rollover will do: at which size, and the steps given the files that exist.

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
