namespace FuncLog

open System
open System.Collections.Generic

/// The handlers a manager has seen attached or made by configuration, oldest first: what getHandlerByName
/// finds, what shutdown flushes and closes (newest first, as Python's _handlerList is walked).
[<Sealed>]
type internal HandlerRegistry() =
    let sync = obj ()
    let known = List<Handler>()
    let mutable isShutDown = false

    let newestFirst () =
        lock sync (fun () -> known.ToArray() |> Array.rev)

    /// Adds a handler (once).
    member _.Track(h: Handler) =
        lock sync (fun () ->
            if not (known.Contains h) then
                known.Add h)

    /// Forgets a handler that was closed (replaced by a configuration).
    member _.Untrack(h: Handler) =
        lock sync (fun () -> known.Remove h |> ignore)

    /// Every handler, oldest first.
    member _.All = lock sync (fun () -> List.ofSeq known)

    /// The most recent handler of that name; null when none.
    member _.ByName(name: string) : Handler =
        lock sync (fun () ->
            let mutable found = null

            for i in known.Count - 1 .. -1 .. 0 do
                if isNull found && known.[i].Name = name && not (isNull name) then
                    found <- known.[i]

            found)

    /// The names of the named handlers.
    member _.Names() : IReadOnlySet<string> =
        lock sync (fun () -> HashSet<string>(known |> Seq.choose (fun h -> Option.ofObj h.Name), StringComparer.Ordinal) :> _)

    /// Flushes and closes every handler, newest first; a failure is reported through the handler and shutdown
    /// goes on.
    member _.Shutdown() =
        isShutDown <- true

        for h in newestFirst () do
            h.FlushAndClose("shutdown", "shutdown")

    /// True once Shutdown has run.
    member _.IsShutDown = isShutDown

    /// Flushes every handler, newest first and twice (a MemoryHandler flushes into its target, which is flushed
    /// after it); closes none.
    member _.FlushAll() =
        let hs = newestFirst ()

        for _ in 1..2 do
            for h in hs do
                try
                    lock h.Lock (fun () -> h.Flush())
                with e ->
                    h.Report(LogRecord.make "flush" Levels.Error "ERROR" "flush" [||] 0L, e)
