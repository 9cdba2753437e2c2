// FuncLog from an F# script: Python's logging, as functions.   dotnet fsi samples/fsharp/quickstart.fsx
#load "references.fsx"

open System
open FuncLog
open FuncLog.FSharp

Manager.Default.BasicConfig(format = "%(levelname)-8s %(name)s: %(message)s", level = Levels.Debug, stream = Console.Out)

let log = Log.getLogger "app.script"
log |> Log.info "started"
log |> Log.warningArgs "disk %d%% full on %s" [ box 93; box "/var" ]   // Python's %, applied when written
Log.infof log "%d orders, %.1f%% shipped" 42 97.5                       // F#'s printf, checked by the compiler

// Levels are inherited along the dots: quiet everything under "app.db" but its errors.
Log.getLogger "app.db" |> Log.setLevel Levels.Error |> ignore
Log.getLogger "app.db.pool" |> Log.info "not shown"
Log.getLogger "app.db.pool" |> Log.error "connection refused"

// A partially applied logExtra is F#'s LoggerAdapter.
let audit = Log.logExtra [ ("user", box "ann") ]
Manager.Default.Root.Handlers.[0].SetFormatter(Formatter("%(levelname)-8s %(name)s: %(message)s [%(user)s]"))
log |> audit Levels.Info "login from %s" [ box "10.0.0.7" ]

// The pure core needs no handler, clock or file: format a record, get errors as values.
let record = LogRecord.Create("app.pure", Levels.Warning, "disk %d%% full", [| box 93 |])

match Formatter("%(levelname)s|%(name)s|%(message)s").TryFormat record with
| Ok text -> printfn "pure: %s" text
| Error e -> printfn "error: %O" e

match Formatter("%(levelname)s %(nosuchfield)s").TryFormat record with
| Ok text -> printfn "pure: %s" text
| Error e -> printfn "pure error: %O" e
