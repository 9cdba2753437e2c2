// FuncLog from F#: the same API, and the pure core's functions as values.
//   dotnet run --project samples/FSharpQuickStart
open System
open FuncLog

Logging.BasicConfig(format = "%(levelname)-8s %(name)s: %(message)s", level = Levels.Debug, stream = Console.Out)

let log = Logging.GetLogger "app.fsharp"
log.Info("%s before you %s", "Look", "leap!")
log.Debug("%d items at %.2f", 3, 19.5)

// The pure core: format a record without any handler, clock or IO.
let record = LogRecord.Create("app.pure", Levels.Warning, "disk %d%% full", [| box 93 |])

match Formatter("%(levelname)s|%(name)s|%(message)s").TryFormat record with
| Ok text -> printfn "pure: %s" text
| Error e -> printfn "error: %O" e

// Python's % operator runs when a record's message is asked for; a format its arguments do not fit is an
// error value, not an exception.
let short = LogRecord.Create("app.pure", Levels.Warning, "%s has %d", [| box "x" |])
printfn "%A" (LogRecord.message short)
