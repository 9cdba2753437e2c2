namespace FuncLog

open System
open System.Collections.Generic
open System.Diagnostics.Metrics

/// The health of the logging pipeline as a System.Diagnostics.Metrics meter named "FuncLog", visible to
/// dotnet-counters (`dotnet-counters monitor -n app --counters FuncLog`) and to OpenTelemetry metrics
/// (`AddMeter("FuncLog")`). Each instrument costs one flag test while nothing listens.
///
/// - funclog.records (counter, tag level): records made by enabled logging calls, per level name.
/// - funclog.handler.errors (counter, tag handler): failures reported through a handler's HandleError.
/// - funclog.records.dropped (counter, tags handler, reason): records a handler could not keep —
///   reason "queue_full" (a full queue), "disconnected" (a socket handler's peer is down),
///   "write_failed" (a file handler's retry buffer is full), "export_failed" (an exporter gave up).
/// - funclog.rollovers (counter, tag handler): rollovers carried out by the rotating file handlers.
/// - funclog.queue.depth (observable gauge, tag handler): records waiting in each live QueueHandler's queue.
/// - funclog.config.reloads (counter, tag outcome): configuration versions "applied" or "refused".
module PipelineMetrics =
    /// The meter's name.
    [<Literal>]
    let MeterName = "FuncLog"

    let private meter =
        new Meter(MeterName, Reflection.Assembly.GetExecutingAssembly().GetName().Version.ToString())

    let private records =
        meter.CreateCounter<int64>("funclog.records", "{record}", "Records made by enabled logging calls")

    let private errors =
        meter.CreateCounter<int64>("funclog.handler.errors", "{error}", "Failures reported by handlers")

    let private dropped =
        meter.CreateCounter<int64>("funclog.records.dropped", "{record}", "Records handlers could not keep")

    let private rollovers =
        meter.CreateCounter<int64>("funclog.rollovers", "{rollover}", "Log file rollovers carried out")

    let private reloads =
        meter.CreateCounter<int64>("funclog.config.reloads", "{version}", "Configuration versions applied or refused")

    // the live queues, weakly held: a closed or forgotten handler is dropped at the next observation
    let private queues = List<WeakReference<Func<struct (string * int64)>>>()

    let private observeQueues () : Measurement<int64> seq =
        lock queues (fun () ->
            let live = List<Measurement<int64>>()

            queues.RemoveAll(fun w ->
                match w.TryGetTarget() with
                | true, f ->
                    let struct (name, depth) = f.Invoke()
                    live.Add(Measurement<int64>(depth, KeyValuePair("handler", box name)))
                    false
                | _ -> true)
            |> ignore

            live :> _)

    let private depth =
        meter.CreateObservableGauge<int64>("funclog.queue.depth", Func<_>(observeQueues), "{record}", "Records waiting in queues")

    let inline private tag (key: string) (value: string) =
        KeyValuePair<string, obj>(key, box value)

    /// A record made at a level (by its name).
    let record (levelName: string) =
        if records.Enabled then
            records.Add(1L, tag "level" levelName)

    /// A failure reported by a handler.
    let handlerError (handler: string) =
        if errors.Enabled then
            errors.Add(1L, tag "handler" handler)

    /// Records a handler dropped, and why.
    let drop (handler: string) (reason: string) (count: int64) =
        if dropped.Enabled && count > 0L then
            dropped.Add(count, tag "handler" handler, tag "reason" reason)

    /// A rollover carried out.
    let rollover (handler: string) =
        if rollovers.Enabled then
            rollovers.Add(1L, tag "handler" handler)

    /// A configuration version applied (true) or refused.
    let reload (applied: bool) =
        if reloads.Enabled then
            reloads.Add(1L, tag "outcome" (if applied then "applied" else "refused"))

    /// Follows a queue's depth while `probe` is alive (keep a strong reference to it in the owner).
    let watchQueue (probe: Func<struct (string * int64)>) =
        lock queues (fun () -> queues.Add(WeakReference<_>(probe)))
        depth |> ignore

    /// The name a handler is reported under: its configured name, else its type's name.
    let handlerName (name: string) (handlerType: Type) =
        if String.IsNullOrEmpty name then handlerType.Name else name
