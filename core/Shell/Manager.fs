namespace FuncLog

open System
open System.Collections.Generic
open System.IO
open System.Runtime.InteropServices
open System.Text
open System.Threading

/// Holds the logger tree as one immutable snapshot, swapped atomically on every change; logging reads it
/// without locks. Several managers may live in one process; `Manager.Default` backs the static API.
[<AllowNullLiteral>]
type Manager(timeProvider: TimeProvider) as this =
    let sync = obj ()

    let table = LoggerTable<LoggerCore>(sync, (fun l views -> l.RefreshThreshold views))

    let registry = HandlerRegistry()

    let mutable clock =
        if isNull timeProvider then
            TimeProvider.System
        else
            timeProvider

    let nowNs (c: TimeProvider) =
        (c.GetUtcNow().UtcTicks - DateTime.UnixEpoch.Ticks) * 100L

    let mutable startNs = nowNs clock
    let mutable stderr: TextWriter = null
    let mutable raiseExceptions = true
    let mutable policy: IErrorPolicy = null
    let mutable lastResort: Handler = null
    let mutable emittedNoHandlerWarning = false

    static let defaultManager = lazy (Manager(TimeProvider.System))

    static do ZoneFiles.install.Force()

    // otelServiceName of every record: OpenTelemetry's standard variable until a handler or the host sets it
    static do
        match Environment.GetEnvironmentVariable "OTEL_SERVICE_NAME" with
        | null
        | "" -> ()
        | name when String.IsNullOrEmpty TraceFields.serviceName -> TraceFields.serviceName <- name
        | _ -> ()

    do
        policy <- PythonErrorReport(Func<_>(fun () -> this.Stderr), Func<_>(fun () -> this.RaiseExceptions))
        lastResort <- LastResortHandler(Func<_>(fun () -> this.Stderr))

        ProcessExit.register this

        table.AddRoot(LoggerCore(this, Hierarchy.RootName, 0))

    /// A manager on the system clock.
    new() = Manager(TimeProvider.System)

    /// The manager behind the static Logging API.
    static member Default = defaultManager.Value

    member internal _.State = table.State

    /// The views of all loggers by slot (read lock-free on the hot path).
    member internal _.Views = table.Views

    /// Applies a change to the tree at one logger and publishes the new snapshot.
    member internal _.Update(changed: string, f: Hierarchy<Handler> -> Hierarchy<Handler>) = table.Update(changed, f)

    /// What happens to a record logged on `name`: effective level and where it comes from, disabled, the
    /// propagation path, and the handlers each level reaches.
    member _.Explain(name: string) : LoggerExplanation =
        let describe (h: Handler) =
            let kind = h.GetType().Name

            let n =
                if isNull h.Name then
                    kind
                else
                    sprintf "%s (%s)" h.Name kind

            if h.Level > Levels.NotSet then
                sprintf "%s at %s" n (LevelTable.nameOf h.Level)
            else
                n

        let key =
            if String.IsNullOrEmpty name then
                Hierarchy.RootName
            else
                name

        Explain.logger (fun (h: Handler) -> h.Level) describe key table.State.Hierarchy

    /// Logs an ERROR about FuncLog itself (a refused frame, a bad configuration) on `loggerName`
    /// ("funclog.config", "funclog.receiver") through this manager's handlers.
    member internal this.ReportInternal(loggerName: string, source: string, message: string) =
        this
            .GetLogger(loggerName)
            .Log(
                Levels.Error,
                box "%s",
                [| box message |],
                null,
                null,
                false,
                1,
                {
                    PathName = source
                    LineNo = 0
                    FuncName = source
                }
            )

    /// Every handler attached to a logger of this manager now (each once).
    member internal _.AllHandlers: Handler list =
        let h = table.State.Hierarchy
        let seen = HashSet<Handler>(HashIdentity.Reference)

        [
            for n in h.Root :: (h.Loggers |> Map.toList |> List.map snd) do
                for x in n.Handlers do
                    if seen.Add x then
                        yield x
        ]

    member internal _.Track(h: Handler) =
        registry.Track h
        // one clock: a handler without a clock of its own reads this manager's
        h.UseManagerClock clock

    /// Forgets a handler that was closed (replaced by a configuration).
    member internal _.Untrack(h: Handler) = registry.Untrack h

    /// Every handler this manager will close at shutdown.
    member internal _.TrackedHandlers = registry.All

    /// The handler of that name among this manager's (attached to its loggers or made by its configuration),
    /// the most recent one when several share it; null when none (Python 3.12's getHandlerByName).
    member _.GetHandlerByName(name: string) : Handler = registry.ByName name

    /// The names of this manager's named handlers (Python 3.12's getHandlerNames).
    member _.GetHandlerNames() : IReadOnlySet<string> = registry.Names()

    /// The clock records take their time from; replacing it restarts relativeCreated.
    member _.TimeProvider
        with get () = clock
        and set (v: TimeProvider) =
            clock <- (if isNull v then TimeProvider.System else v)
            startNs <- nowNs clock

            for h in registry.All do
                h.UseManagerClock clock

    /// Where error reports and the last-resort handler write (null: the current Console.Error).
    member _.Stderr
        with get () = (if isNull stderr then Console.Error else stderr)
        and set v = stderr <- v

    /// Python's logging.raiseExceptions: report handler failures on stderr (true by default).
    member _.RaiseExceptions
        with get () = raiseExceptions
        and set v = raiseExceptions <- v

    /// The policy handlers report failures to (Python's report on stderr by default).
    member _.ErrorPolicy
        with get () = policy
        and set v = policy <- v

    /// The handler used when a record finds no handler (Python's lastResort); null for none.
    member _.LastResort
        with get () = lastResort
        and set v = lastResort <- v

    /// The root logger.
    member _.Root = table.[Hierarchy.RootName]

    /// The logger with this name, created (with its place in the tree) on first use; "" and "root" give the root.
    member this.GetLogger(name: string) : LoggerCore =
        let key =
            if String.IsNullOrEmpty name then
                Hierarchy.RootName
            else
                name

        table.GetOrAdd(key, (fun slot -> LoggerCore(this, key, slot)))

    /// The names of all loggers created so far (Python's loggerDict keys), root excluded.
    member _.LoggerNames = table.Names

    /// Python's logging.disable(level): no record at or below level is created, whatever the loggers say.
    member this.Disable(level: int) =
        this.Update(Hierarchy.RootName, Hierarchy.disable level)

    /// The current disable level.
    member _.DisableLevel = table.State.Hierarchy.Disable

    /// Creates a record stamped with this manager's clock (Python's makeRecord). Throws ArgumentException
    /// when `extra` would overwrite a record attribute, as Python raises KeyError.
    member this.MakeRecord
        (
            name: string,
            level: int,
            msg: obj,
            args: obj[],
            exc: exn,
            extra: IReadOnlyDictionary<string, obj>,
            stackInfo: string,
            site: CallSite
        ) : LogRecord =
        let r = LogRecord()
        this.FillRecord(r, name, level, msg, args, exc, extra, stackInfo, site)
        r

    /// MakeRecord into a given record (a new one, or a lent one: RecordLease).
    member internal _.FillRecord
        (
            r: LogRecord,
            name: string,
            level: int,
            msg: obj,
            args: obj[],
            exc: exn,
            extra: IReadOnlyDictionary<string, obj>,
            stackInfo: string,
            site: CallSite
        ) =
        RecordStamp.fill r clock (nowNs clock) startNs name level msg args exc extra stackInfo site
        PipelineMetrics.record r.LevelName

    member internal this.CallHandlers(loggerName: string, view: LoggerView<Handler>, record: LogRecord) =
        let hs = view.Handlers

        if hs.Length = 0 then
            match lastResort with
            | null ->
                if raiseExceptions && not emittedNoHandlerWarning then
                    emittedNoHandlerWarning <- true

                    try
                        this.Stderr.Write(sprintf "No handlers could be found for logger \"%s\"\n" loggerName)
                    with _ ->
                        ()
            | lr ->
                if record.LevelNo >= lr.Level then
                    lr.Dispatch(record, policy) |> ignore
        else
            for h in hs do
                if record.LevelNo >= h.Level then
                    h.Dispatch(record, policy) |> ignore

    /// Flushes and closes every handler attached through this manager, newest first (Python's shutdown).
    /// Failures are reported through the error policy; shutdown goes on.
    member _.Shutdown() = registry.Shutdown()

    /// True once Shutdown has run.
    member _.IsShutDown = registry.IsShutDown

    /// Flushes every handler of this manager (newest first, twice: a MemoryHandler flushes into its
    /// target, which is flushed after it); closes none. Run on a termination signal.
    member internal _.FlushAll() = registry.FlushAll()

    interface IExitParticipant with
        member this.Shutdown() = this.Shutdown()
        member this.FlushAll() = this.FlushAll()

    /// Python's basicConfig: adds a handler with a formatter to the root logger, unless it has handlers
    /// already (then nothing happens, unless force removes and closes them first).
    member this.BasicConfig
        (
            [<Optional; DefaultParameterValue(null: string)>] filename: string,
            [<Optional; DefaultParameterValue("a")>] filemode: string,
            [<Optional; DefaultParameterValue(null: string)>] format: string,
            [<Optional; DefaultParameterValue(null: string)>] datefmt: string,
            [<Optional; DefaultParameterValue('%')>] style: char,
            [<Optional; DefaultParameterValue(Nullable<int>())>] level: Nullable<int>,
            [<Optional; DefaultParameterValue(null: TextWriter)>] stream: TextWriter,
            [<Optional; DefaultParameterValue(null: IEnumerable<Handler>)>] handlers: IEnumerable<Handler>,
            [<Optional; DefaultParameterValue(false)>] force: bool,
            [<Optional; DefaultParameterValue(null: string)>] encoding: string,
            [<Optional; DefaultParameterValue(null: Abstractions.IFileSystem)>] fileSystem: Abstractions.IFileSystem,
            [<Optional; DefaultParameterValue(null: string)>] errors: string
        ) =
        lock sync (fun () ->
            let root = this.Root

            let plan =
                BasicConfig.plan
                    root.HandlerCount
                    force
                    filename
                    filemode
                    format
                    datefmt
                    style
                    (Option.ofNullable level)
                    stream
                    (Option.ofObj handlers |> Option.map List.ofSeq)
                    encoding
                    errors

            match plan with
            | Error e -> raise (ArgumentException e)
            | Ok plan ->
                if plan.RemoveExisting then
                    for h in root.Handlers do
                        root.RemoveHandler h
                        h.Close()

                match plan.Install with
                | None -> ()
                | Some(destination, fmt, datefmt, style) ->
                    let hs: Handler list =
                        match destination with
                        | UseHandlers hs -> hs
                        | ToFile(file, mode, enc, errors) -> [ FileHandler(file, mode, enc, false, fileSystem, 0, errors) ]
                        | ToStream s -> [ StreamHandler(if isNull s then this.Stderr else s) ]

                    let formatter = Formatter(fmt, datefmt, style)

                    for h in hs do
                        if isNull h.Formatter then
                            h.SetFormatter formatter

                        root.AddHandler h

                plan.Level |> Option.iter root.SetLevel)

/// One logger of a manager: its settings live in the manager's snapshot, so changing them is a swap and
/// reading them is lock-free. The facade's Logger wraps it; F# code can use it directly.
and [<AllowNullLiteral>] LoggerCore internal (manager: Manager, name: string, slot: int) =
    let mutable facade: obj = null
    // set from the snapshot by Manager.Publish before anyone sees this logger
    [<VolatileField>]
    let mutable threshold = 0

    /// The logger's name ("root" for the root).
    member _.Name = name
    /// The manager the logger belongs to.
    member _.Manager = manager
    /// The logger's index in the manager's snapshot.
    member _.Slot = slot
    /// A slot for the facade object that wraps this logger (set once).
    member _.Facade = Volatile.Read &facade

    /// Sets the facade object once; returns the one that won (a wrapper calls this when it first sees the logger).
    member _.SetFacade(f: obj) =
        Interlocked.CompareExchange(&facade, f, null) |> ignore
        Volatile.Read &facade

    member private _.Node =
        let h = manager.State.Hierarchy
        Hierarchy.settings name h

    /// The lowest enabled level right now (a field refreshed with every snapshot).
    member _.Threshold = threshold

    member internal _.RefreshThreshold(views: LoggerView<Handler>[]) =
        if slot < views.Length then
            threshold <- views.[slot].Threshold

    /// Python's isEnabledFor.
    member _.IsEnabledFor(level: int) = level >= manager.Views.[slot].Threshold

    /// The level set on this logger (NOTSET when it inherits).
    member this.Level = this.Node.Level

    /// Sets the level.
    member _.SetLevel(level: int) =
        manager.Update(name, Hierarchy.setLevel name level)

    /// Sets the level by name ("INFO", or a registered custom name).
    member this.SetLevel(level: string) = this.SetLevel(LevelTable.check level)
    /// The level that decides (Python's getEffectiveLevel).
    member _.EffectiveLevel = manager.Views.[slot].EffectiveLevel

    /// Whether records go on to the parent's handlers.
    member this.Propagate
        with get () = this.Node.Propagate
        and set v = manager.Update(name, Hierarchy.setPropagate name v)

    /// A disabled logger creates no records.
    member this.Disabled
        with get () = this.Node.Disabled
        and set v = manager.Update(name, Hierarchy.setDisabled name v)

    /// How many handlers are attached to this logger (no copy is made).
    member this.HandlerCount = this.Node.Handlers.Length

    /// The handlers attached to this logger.
    member this.Handlers: IReadOnlyList<Handler> = List<Handler>(this.Node.Handlers) :> _

    /// Attaches a handler (once).
    member _.AddHandler(h: Handler) =
        if isNull h then
            nullArg "h"

        manager.Track h
        manager.Update(name, Hierarchy.addHandler name h)

    /// Detaches a handler.
    member _.RemoveHandler(h: Handler) =
        manager.Update(name, Hierarchy.removeHandler name h)

    /// Python's hasHandlers: a handler here or on an ancestor reached through propagate.
    member _.HasHandlers() =
        manager.Views.[slot].Handlers.Length > 0

    /// The logger's filters.
    member this.Filters: IReadOnlyList<Filter> = List<Filter>(this.Node.Filters) :> _

    /// Adds a filter (once).
    member _.AddFilter(f: Filter) =
        manager.Update(name, Hierarchy.addFilter name f)

    /// Adds a predicate as a filter; returns the Filter made for it.
    member this.AddFilter(predicate: Func<LogRecord, bool>) =
        let f = Filter.FromPredicate predicate
        this.AddFilter f
        f

    /// Removes a filter.
    member _.RemoveFilter(f: Filter) =
        manager.Update(name, Hierarchy.removeFilter name f)

    /// The nearest existing ancestor (null for the root).
    member _.Parent: LoggerCore =
        match Hierarchy.parent name manager.State.Hierarchy with
        | None -> null
        | Some p -> manager.GetLogger p.Name

    /// Python's getChild: the logger named "<this>.<suffix>" (just suffix under the root).
    member _.GetChild(suffix: string) =
        manager.GetLogger(if slot = 0 then suffix else name + "." + suffix)

    /// The loggers directly below this one (Python 3.12's getChildren): those whose nearest existing ancestor
    /// is this logger and whose name has one more dotted part.
    member this.GetChildren() : LoggerCore list =
        let depth (n: string) =
            if n = Hierarchy.RootName then
                0
            else
                1 + (n |> Seq.filter ((=) '.') |> Seq.length)

        let mine = depth name

        [
            for n in manager.LoggerNames do
                let l = manager.GetLogger n

                if depth n = mine + 1 && obj.ReferenceEquals(l.Parent, this) then
                    yield l
        ]

    /// Sends a record through this logger's filters and the handler chain (Python's Logger.handle).
    member _.Handle(record: LogRecord) =
        let view = manager.Views.[slot]

        if not view.Disabled then
            if view.Filters.Length = 0 then
                manager.CallHandlers(name, view, record)
            else
                match Filters.run view.Filters record with
                | ValueSome r -> manager.CallHandlers(name, view, r)
                | ValueNone -> ()

    // Python's Logger._log, with the arguments as an array or a typed pack (one of them null). With no filters
    // and only transient handlers nothing keeps the record, so it is lent (no allocation).
    member private this.LogWith
        (
            level: int,
            msg: obj,
            args: obj[],
            pack: ArgPack,
            exc: exn,
            extra: IReadOnlyDictionary<string, obj>,
            stackInfo: bool,
            stackLevel: int,
            site: CallSite
        ) =
        if level >= manager.Views.[slot].Threshold then
            let struct (site, sinfo) =
                if stackInfo || stackLevel > 1 then
                    RecordStamp.caller stackInfo stackLevel site
                else
                    struct (site, null)

            let view = manager.Views.[slot]

            if
                not view.Disabled
                && view.Filters.Length = 0
                && RecordLease.Fits(view.Handlers, level)
            then
                let r = RecordLease.Take()

                try
                    manager.FillRecord(r, name, level, msg, args, exc, extra, sinfo, site)

                    if not (isNull pack) then
                        r.args <- null
                        r.pack <- pack

                    manager.CallHandlers(name, view, r)
                finally
                    RecordLease.Return r
            else
                let args = if isNull pack then args else pack.ToArray()
                this.Handle(manager.MakeRecord(name, level, msg, args, exc, extra, sinfo, site))

    /// Creates and handles a record if `level` is enabled (Python's Logger._log). `stackLevel` > 1
    /// takes the caller information from that many frames above the call site.
    member this.Log
        (
            level: int,
            msg: obj,
            args: obj[],
            exc: exn,
            extra: IReadOnlyDictionary<string, obj>,
            stackInfo: bool,
            stackLevel: int,
            site: CallSite
        ) =
        this.LogWith(level, msg, args, null, exc, extra, stackInfo, stackLevel, site)

    /// Log with the arguments in a typed pack (the facade's generic level methods): a lent record reads them
    /// unboxed; a record that is kept gets them boxed into an array. The pack is released before returning.
    member internal this.LogPacked
        (
            level: int,
            msg: obj,
            pack: ArgPack,
            exc: exn,
            extra: IReadOnlyDictionary<string, obj>,
            stackInfo: bool,
            stackLevel: int,
            site: CallSite
        ) =
        try
            this.LogWith(level, msg, null, pack, exc, extra, stackInfo, stackLevel, site)
        finally
            pack.Release()
