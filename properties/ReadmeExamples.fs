/// The README's F# examples, as printed there, with their results asserted.
module FuncLog.Properties.ReadmeExamples

open System
open System.IO
open Xunit
open FuncLog

[<Fact>]
let ``the README's F# rotation simulation works as printed`` () =
    let dir = Directory.CreateTempSubdirectory("funclog-readme").FullName
    let out = Text.StringBuilder()

    let printfn fmt =
        Printf.kprintf (fun s -> out.Append(s).Append('\n') |> ignore) fmt

    try
        // --- README: begin
        let clock = ManualTimeProvider(DateTimeOffset(2025, 6, 1, 10, 0, 0, TimeSpan.Zero))
        let logging = LogManager(clock)
        let path = Path.Combine(dir, "sim.log")

        let handler =
            new RotatingFileHandler(path, maxBytes = 70L, backupCount = 2, timeProvider = clock)

        handler.SetFormatter(Formatter("%(asctime)s %(message)s"))
        logging.Root.AddHandler handler

        for step in 1..4 do
            logging.Warning("step %d", step)
            clock.Advance(TimeSpan.FromMinutes 1.0)

            for f in Directory.GetFiles dir |> Array.sort do
                printfn "%d %s %s" step (Path.GetFileName f) (File.ReadAllText(f).Replace("\n", "|"))
        // 1 sim.log 2025-06-01 10:00:00,000 step 1|
        // 2 sim.log 2025-06-01 10:00:00,000 step 1|2025-06-01 10:01:00,000 step 2|
        // 3 sim.log 2025-06-01 10:02:00,000 step 3|
        // 3 sim.log.1 2025-06-01 10:00:00,000 step 1|2025-06-01 10:01:00,000 step 2|
        // ...
        // --- README: end
        logging.Shutdown()

        let expected = [
            "1 sim.log 2025-06-01 10:00:00,000 step 1|"
            "2 sim.log 2025-06-01 10:00:00,000 step 1|2025-06-01 10:01:00,000 step 2|"
            "3 sim.log 2025-06-01 10:02:00,000 step 3|"
            "3 sim.log.1 2025-06-01 10:00:00,000 step 1|2025-06-01 10:01:00,000 step 2|"
            "4 sim.log 2025-06-01 10:02:00,000 step 3|2025-06-01 10:03:00,000 step 4|"
            "4 sim.log.1 2025-06-01 10:00:00,000 step 1|2025-06-01 10:01:00,000 step 2|"
        ]

        Assert.Equal(String.Join("\n", expected) + "\n", out.ToString())
    finally
        Directory.Delete(dir, true)
