namespace FuncLog

open System
open System.Collections.Generic
open System.Runtime.InteropServices

/// What the process-exit hooks ask of each live manager.
[<AllowNullLiteral>]
type internal IExitParticipant =
    /// Flushes and closes every handler (Python's atexit shutdown).
    abstract Shutdown: unit -> unit
    /// Flushes every handler and closes none.
    abstract FlushAll: unit -> unit

/// Every way out of the process reaches every live manager, as CPython's atexit does: a return from Main or
/// Environment.Exit (ProcessExit) and an unhandled exception on any thread (the runtime ends the process right
/// after the event) shut them down; a termination signal flushes them.
module internal ProcessExit =
    let private all = List<WeakReference<IExitParticipant>>()

    let private each (f: IExitParticipant -> unit) =
        let live =
            lock all (fun () ->
                all
                |> Seq.choose (fun w ->
                    match w.TryGetTarget() with
                    | true, m -> Some m
                    | _ -> None)
                |> Array.ofSeq)

        for m in live do
            try
                f m
            with _ ->
                ()

    // A termination signal flushes every handler and closes none: if the application (an ASP.NET Core host,
    // say) handles the signal and shuts down in its own time, its last records still have somewhere to go;
    // if it does not, the runtime ends the process right after, and nothing buffered is lost. The
    // registrations live as long as this value (a static field), that is, as long as the process.
    let private hooks =
        lazy
            (AppDomain.CurrentDomain.ProcessExit.Add(fun _ -> each (fun m -> m.Shutdown()))
             AppDomain.CurrentDomain.UnhandledException.Add(fun _ -> each (fun m -> m.Shutdown()))

             [
                 PosixSignal.SIGTERM
                 PosixSignal.SIGINT
                 PosixSignal.SIGHUP
                 PosixSignal.SIGQUIT
             ]
             |> List.choose (fun s ->
                 try
                     Some(PosixSignalRegistration.Create(s, fun _ -> each (fun m -> m.FlushAll())))
                 with _ ->
                     None)) // not on this platform

    /// Installs the hooks (once) and adds a participant, held weakly: a manager no one uses can be collected.
    let register (m: IExitParticipant) =
        hooks.Force() |> ignore

        lock all (fun () ->
            all.RemoveAll(fun w ->
                match w.TryGetTarget() with
                | true, _ -> false
                | _ -> true)
            |> ignore

            all.Add(WeakReference<IExitParticipant> m))
