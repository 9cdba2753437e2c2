// A deterministic rotation simulation: a fake clock, a timed and size-limited handler, and the file tree
// after each step. Nothing here waits: the clock moves when the script says so.
//   dotnet fsi samples/fsharp/rotation.fsx
#load "references.fsx"

open System
open System.IO
open FuncLog
open FuncLog.FSharp

let dir = Directory.CreateTempSubdirectory("funclog-rotation").FullName
let clock = ManualTimeProvider(DateTimeOffset(2026, 3, 1, 22, 0, 0, TimeSpan.Zero))
let manager = Manager(clock)

// Roll over at every midnight (UTC) and when the file would pass 80 bytes; keep 3 backups.
let handler =
    new TimedRotatingFileHandler(Path.Combine(dir, "app.log"), ``when`` = "midnight", backupCount = 3,
                                 utc = true, maxBytes = 80L, timeProvider = clock)

handler.SetFormatter(Formatter("%(asctime)s %(message)s"))
let log = Log.getLoggerOf manager "sim" |> Log.addHandler handler |> Log.setLevel Levels.Info

let tree step =
    printfn "after step %d (%s):" step (clock.GetUtcNow().ToString("yyyy-MM-dd HH:mm"))

    for f in Directory.GetFiles dir |> Array.sortBy Path.GetFileName do
        let lines = File.ReadAllLines f
        printfn "  %-22s %d line(s), last: %s" (Path.GetFileName f) lines.Length (Array.last lines)

for step in 1..7 do
    log |> Log.infoArgs "step %d" [ box step ]
    tree step
    clock.Advance(TimeSpan.FromHours 1.5)

manager.Shutdown()
Directory.Delete(dir, true)
