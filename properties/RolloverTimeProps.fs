module FuncLog.Properties.RolloverTimeProps

open System
open System.IO
open System.IO.Abstractions
open System.Text
open FsCheck
open FsCheck.FSharp
open Xunit
open FuncLog
open FuncLog.Properties.Props
open FuncLog.Properties.RotationSupport

// ---------------------------------------------------------------- computeRollover

let zones =
    [
        "UTC"
        "Europe/Berlin"
        "America/New_York"
        "Australia/Lord_Howe"
        "Asia/Kolkata"
        "America/St_Johns"
        "Pacific/Chatham"
        "America/Santiago"
    ]
    |> List.map TimeZoneInfo.FindSystemTimeZoneById

[<Fact>]
let ``computeRollover is strictly after now and lands on the interval boundary`` () =
    let gen =
        gen {
            let! whenText = Gen.elements [ "S"; "M"; "H"; "D"; "MIDNIGHT"; "W0"; "W3"; "W6" ]
            let! interval = Gen.choose (1, 3)
            let! utc = generate<bool>
            let! zone = Gen.elements zones

            let! at =
                Gen.frequency [ 1, Gen.constant None; 2, Gen.choose (0, 86399) |> Gen.map Some ]
            // 2020..2030, with extra weight on the hours around DST changes
            let! now = Gen.choose (0, 315_360_000) |> Gen.map (fun s -> 1_577_836_800L + int64 s)
            return whenText, interval, utc, zone, at, now
        }

    Prop.forAll (Arb.fromGen gen) (fun (whenText, interval, utc, zone, at, now) ->
        let atTime = at |> Option.map (fun s -> TimeSpan.FromSeconds(float s))

        match TimedRotation.timePolicy whenText interval utc atTime 0 with
        | Error e -> holds false e
        | Ok p ->
            let r = TimedRotation.computeRollover p zone now
            let z = if utc then TimeZoneInfo.Utc else zone
            let wall = TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeSeconds r, z)
            let target = defaultArg atTime TimeSpan.Zero

            let onBoundary =
                match p.When with
                | RolloverWhen.Midnight
                | RolloverWhen.Weekday _ ->
                    // CPython: with no atTime the rollover is at the midnight that ends day d (so the wall
                    // clock shows the start of the next day); with an atTime it is on day d itself
                    let dayOk =
                        match p.When with
                        | RolloverWhen.Weekday d ->
                            let expected = if atTime.IsNone then (d + 1) % 7 else d
                            (int wall.DayOfWeek + 6) % 7 = expected || wall.TimeOfDay <> target
                        | _ -> true
                    // local time: CPython corrects by one hour across a DST change, so the wall clock can be
                    // off by the zone's DST amount (30 min on Lord Howe) when a change falls in between
                    let off = (wall.TimeOfDay - target).Duration()

                    dayOk
                    && (off = TimeSpan.Zero
                        || (not utc && off <= TimeSpan.FromHours 1.0)
                        || off >= TimeSpan.FromHours 23.0)
                | _ -> r = now + p.Interval

            let bound = p.Interval + 3600L

            holds (r > now && r - now <= bound && onBoundary) (sprintf "now %d -> %d (%O in %s)" now r wall z.Id))
    |> check

[<Fact>]
let ``in UTC, MIDNIGHT and weekly rollovers land exactly at atTime on the right day`` () =
    Prop.forAll (Arb.fromGen (Gen.zip3 (Gen.choose (0, 315_360_000)) (Gen.choose (0, 86399)) (Gen.choose (-1, 6)))) (fun (s, at, day) ->
        let now = 1_577_836_800L + int64 s
        let w = if day < 0 then "MIDNIGHT" else sprintf "W%d" day

        match TimedRotation.timePolicy w 1 true (Some(TimeSpan.FromSeconds(float at))) 0 with
        | Error _ -> false
        | Ok p ->
            let r = TimedRotation.computeRollover p TimeZoneInfo.Utc now
            let wall = DateTimeOffset.FromUnixTimeSeconds r

            r > now
            && int64 wall.TimeOfDay.TotalSeconds = int64 at
            && (day < 0 || (int wall.DayOfWeek + 6) % 7 = day)
            && r - now <= (if day < 0 then 86400L else 7L * 86400L))
    |> check

// ---------------------------------------------------------------- the journal

let genPath =
    Gen.elements [
        "/var/log/app.log"
        "C:\\logs\\app.log"
        "a\tb"
        "line\nbreak"
        "back\\slash\\t"
        "é 😀"
        ""
        "\r"
    ]
    |> Gen.listOfLength 2
    |> Gen.map (fun parts -> String.Join("/", parts))

let genStep =
    Gen.oneof [
        Gen.map RotationStep.Remove genPath
        Gen.map2 (fun a b -> RotationStep.Rename(a, b)) genPath genPath
        Gen.map2 (fun a b -> RotationStep.Rotate(a, b)) genPath genPath
    ]

[<Fact>]
let ``the rotation journal round-trips any plan and any number of done marks`` () =
    Prop.forAll (Arb.fromGen (Gen.zip (Gen.listOf genStep) (Gen.choose (0, 20)))) (fun (steps, marks) ->
        let marks = min marks steps.Length

        let text =
            RotationJournal.render steps
            + String.Join("", [ for i in 0 .. marks - 1 -> RotationJournal.doneMark i ])

        RotationJournal.parse text = Ok(Some(steps, marks)))
    |> check

[<Fact>]
let ``a journal cut anywhere reads as not started or as a prefix of the marks, never as an error`` () =
    Prop.forAll
        (Arb.fromGen (Gen.zip3 (Gen.nonEmptyListOf genStep) (Gen.choose (0, 20)) (Gen.choose (0, 10_000))))
        (fun (steps, marks, cut) ->
            let marks = min marks steps.Length

            let text =
                RotationJournal.render steps
                + String.Join("", [ for i in 0 .. marks - 1 -> RotationJournal.doneMark i ])

            let planLength = (RotationJournal.render steps).Length
            let cut = cut % (text.Length + 1)

            match RotationJournal.parse (text.Substring(0, cut)) with
            | Ok None -> cut < planLength
            | Ok(Some(s, k)) -> cut >= planLength && s = steps && k <= marks
            | Error e -> holds (cut < RotationJournal.Header.Length + 1) e)
    |> check
