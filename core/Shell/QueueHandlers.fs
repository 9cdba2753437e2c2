namespace FuncLog

// QueueCounters uses an explicit layout (one cache line per counter), which F# reports as unverifiable
#nowarn "9"

open System
open System.Collections.Concurrent
open System.Collections.Generic
open System.Runtime.InteropServices
open System.Threading

/// What a bounded LogQueue does when it is full.
[<RequireQualifiedAccess>]
type QueueFullMode =
    /// Wait up to the queue's BlockTimeout for room, then drop and count the record.
    | Block = 0
    /// Drop the record at once and count it.
    | Drop = 1

/// The counters of a LogQueue, each on a cache line of its own: producers add to Reserved, the consumer to
/// Taken, so that neither writes a line the other writes for every record.
[<Struct; StructLayout(LayoutKind.Explicit, Size = 192)>]
type internal QueueCounters =
    /// Records reserved by producers (counted before they are enqueued).
    [<FieldOffset(64)>]
    val mutable Reserved: int64

    /// Records taken by consumers.
    [<FieldOffset(128)>]
    val mutable Taken: int64

/// The queue between a QueueHandler and a QueueListener: unbounded (Python's queue.Queue()) or bounded with
/// an explicit policy when full. Dropped records are counted, never silently lost. Producers and the
/// consumer do not share a lock: records go through a lock-free queue, producers and consumers count on
/// separate cache lines, and the consumer is woken only when it sleeps.
[<AllowNullLiteral>]
type LogQueue
    (
        [<Optional; DefaultParameterValue(0)>] capacity: int,
        [<Optional; DefaultParameterValue(QueueFullMode.Block)>] whenFull: QueueFullMode,
        [<Optional>] blockTimeout: Nullable<TimeSpan>
    ) =
    let items = ConcurrentQueue<LogRecord>()
    // records the listener is done with, for QueueHandler's next copies: a stack under its own lock, as deep
    // as the queue (1,024 for an unbounded one: about 0.5 MB of records and message builders kept after a
    // burst); a burst deeper than that makes new copies
    let pool: LogRecord[] =
        Array.zeroCreate (if capacity > 0 then min capacity 16_384 else 1_024)

    let mutable pooled = 0
    let mutable counters = QueueCounters()
    let mutable dropped = 0L
    let mutable consumerWaiting = 0
    let mutable producersWaiting = 0
    let wake = new SemaphoreSlim(0)
    let room = new SemaphoreSlim(0)

    let timeout =
        if blockTimeout.HasValue then
            blockTimeout.Value
        else
            TimeSpan.FromSeconds 1.0

    let tryReserve () =
        let mutable fin = false
        let mutable ok = false

        while not fin do
            let r = Volatile.Read &counters.Reserved

            if r - Volatile.Read &counters.Taken >= int64 capacity then
                fin <- true
            elif Interlocked.CompareExchange(&counters.Reserved, r + 1L, r) = r then
                ok <- true
                fin <- true

        ok

    /// The bound (0: unbounded).
    member _.Capacity = capacity
    /// What happens when the queue is full.
    member _.WhenFull = whenFull
    /// How long Put waits for room in Block mode.
    member _.BlockTimeout = timeout

    /// Records waiting.
    member _.Count =
        let taken = Volatile.Read &counters.Taken
        int (max 0L (Volatile.Read &counters.Reserved - taken))

    /// Records dropped because the queue was full.
    member _.Dropped = Interlocked.Read &dropped

    /// Adds a record (Python's put_nowait, with the full policy); false if it was dropped.
    /// A record to copy into, from the records the listener gave back, or a new one.
    member internal _.RentRecord() : LogRecord =
        let r =
            lock pool (fun () ->
                if pooled = 0 then
                    Unchecked.defaultof<_>
                else
                    pooled <- pooled - 1
                    let r = pool.[pooled]
                    pool.[pooled] <- Unchecked.defaultof<_>
                    r)

        if isNull (box r) then LogRecord() else r

    /// Gives back a record no one refers to any more (dropped when the pool is full).
    member internal _.ReturnRecord(r: LogRecord) =
        lock pool (fun () ->
            if pooled < pool.Length then
                pool.[pooled] <- r
                pooled <- pooled + 1)

    member _.Put(record: LogRecord) : bool =
        let reserved =
            if capacity <= 0 then
                Interlocked.Increment &counters.Reserved |> ignore
                true
            elif tryReserve () then
                true
            elif whenFull = QueueFullMode.Drop then
                false
            else
                // wait for the consumer to make room, up to the timeout
                let deadline = Environment.TickCount64 + int64 timeout.TotalMilliseconds
                let mutable ok = false
                Interlocked.Increment &producersWaiting |> ignore

                try
                    while not ok && Environment.TickCount64 < deadline do
                        if tryReserve () then
                            ok <- true
                        else
                            room.Wait(TimeSpan.FromMilliseconds(float (max 1L (min 50L (deadline - Environment.TickCount64)))))
                            |> ignore

                    ok || tryReserve ()
                finally
                    Interlocked.Decrement &producersWaiting |> ignore

        if reserved then
            items.Enqueue record

            // Enqueue is an interlocked operation, so this read cannot be ordered before it; the consumer sets
            // the flag with an interlocked exchange before it looks at the queue a last time. One of the two
            // always sees the other, and a busy consumer costs the producer no locked instruction here.
            if
                Volatile.Read &consumerWaiting = 1
                && Interlocked.CompareExchange(&consumerWaiting, 0, 1) = 1
            then
                wake.Release() |> ignore

            true
        else
            Interlocked.Increment &dropped |> ignore
            false

    /// Wakes a consumer waiting in TryTake now (or makes its next wait return at once), so that it can
    /// see that its listener is stopping.
    member _.WakeConsumer() = wake.Release() |> ignore

    /// Takes a record, waiting up to `wait`; none when none came.
    member _.TryTake(wait: TimeSpan) : LogRecord voption =
        let take () =
            let mutable r = Unchecked.defaultof<LogRecord>

            if items.TryDequeue(&r) then
                Interlocked.Increment &counters.Taken |> ignore

                if Volatile.Read &producersWaiting > 0 then
                    room.Release() |> ignore

                ValueSome r
            else
                ValueNone

        match take () with
        | ValueSome r -> ValueSome r
        | ValueNone when wait <= TimeSpan.Zero -> ValueNone
        | ValueNone ->
            // say we sleep, then look again (a producer that enqueued before seeing the flag is caught here)
            Interlocked.Exchange(&consumerWaiting, 1) |> ignore

            match take () with
            | ValueSome r ->
                Interlocked.Exchange(&consumerWaiting, 0) |> ignore
                ValueSome r
            | ValueNone ->
                wake.Wait wait |> ignore
                Interlocked.Exchange(&consumerWaiting, 0) |> ignore
                take ()

/// Python's QueueListener: a background thread that takes records from a LogQueue and hands them to its
/// handlers (by their level too with respectHandlerLevel). Stop drains the queue first, so nothing put
/// before Stop is lost; Close also closes the handlers.
[<AllowNullLiteral>]
type QueueListener(queue: LogQueue, handlers: Handler[], respectHandlerLevel: bool) =
    let sync = obj ()
    let mutable thread: Thread = null
    let mutable stopping = false
    let mutable handled = 0L

    /// A listener that gives every record to every handler.
    new(queue: LogQueue, [<ParamArray>] handlers: Handler[]) = new QueueListener(queue, handlers, false)

    /// How long the listener sleeps on an empty queue before looking again (it is woken sooner by a record
    /// and by Stop).
    static member internal IdleWait = TimeSpan.FromSeconds 5.0

    /// The queue read.
    member _.Queue = queue
    /// The handlers records go to.
    member _.Handlers = handlers
    /// Whether a handler's level is checked before it gets a record.
    member _.RespectHandlerLevel = respectHandlerLevel
    /// Records taken from the queue and handed on.
    member _.Handled = Interlocked.Read &handled

    /// Python's prepare: the record handed to the handlers (unchanged by default).
    abstract Prepare: LogRecord -> LogRecord
    default _.Prepare(record) = record

    // True when this listener (no subclass) hands a record of `level` only to handlers that keep nothing of it.
    member private this.LendsAt(level: int) =
        let mutable ok = obj.ReferenceEquals(this.GetType(), typeof<QueueListener>)

        for h in handlers do
            ok <- ok && (h.Transient || (respectHandlerLevel && level < h.Level))

        ok

    /// True when this listener (no subclass) hands records only to handlers that keep nothing of them, at
    /// any level: a QueueHandler feeding it may give it reusable copies (see Handle).
    member internal this.Reuses = this.LendsAt Int32.MaxValue

    /// Hands one record to the handlers (Python's handle).
    member this.Handle(record: LogRecord) =
        let r = this.Prepare record

        // a QueueHandler's own copy, seen only by handlers that keep nothing: lent to them, then reused
        let reuse = r.queued && obj.ReferenceEquals(r, record) && this.LendsAt r.LevelNo

        if reuse then
            r.leased <- true
        else
            match r.msg with
            | :? MessageText as t -> r.msg <- t.ToString() // kept: the text, not the builder reused later
            | _ -> ()

        try
            for h in handlers do
                if not respectHandlerLevel || r.LevelNo >= h.Level then
                    h.Handle r |> ignore
        finally
            if reuse then
                r.leased <- false
                r.queued <- false
                r.msg <- null
                r.args <- null
                r.extra <- null
                r.activity <- null
                queue.ReturnRecord r

        Interlocked.Increment &handled |> ignore

    member private this.Monitor() =
        let mutable fin = false

        while not fin do
            // producers wake the consumer when it sleeps, and Stop does: the wait is only a safety net
            match queue.TryTake(QueueListener.IdleWait) with
            | ValueSome r ->
                try
                    this.Handle r
                with _ ->
                    () // handlers report their own failures
            | ValueNone -> fin <- Volatile.Read &stopping && queue.Count = 0

    /// Starts the background thread.
    member this.Start() =
        lock sync (fun () ->
            if isNull thread then
                stopping <- false

                thread <- Thread((fun () -> this.Monitor()), IsBackground = true, Name = "FuncLog.QueueListener")

                thread.Start())

        this

    /// Waits until every record in the queue is handled, then stops the thread and flushes the handlers
    /// (Python's stop, which also processes what is queued). Safe to call more than once.
    member _.Stop() =
        let t =
            lock sync (fun () ->
                let t = thread
                thread <- null
                Volatile.Write(&stopping, true)
                t)

        if not (isNull t) then
            // a consumer asleep on an empty queue would otherwise notice only at the end of its wait
            queue.WakeConsumer()
            t.Join()

        for h in handlers do
            try
                lock h.Lock (fun () -> h.Flush())
            with e ->
                h.Report(LogRecord.make "queue" Levels.Error "ERROR" "flush" [||] 0L, e)

    /// Stops (draining the queue) and closes the handlers.
    member this.Close() =
        this.Stop()

        for h in handlers do
            try
                lock h.Lock (fun () -> h.Close())
            with e ->
                h.Report(LogRecord.make "queue" Levels.Error "ERROR" "close" [||] 0L, e)

    interface IDisposable with
        member this.Dispose() = this.Close()

/// Python's QueueHandler: puts a prepared copy of each record (message merged with the handler's
/// formatter, args, exception and stack cleared) on a LogQueue for a QueueListener — the async path that
/// makes slow handlers cheap for the caller. When the queue is full its policy applies; dropped records are
/// counted (DroppedCount) and reported once per outage. Close stops (drains) and closes the listener, if it
/// has one, so nothing logged before shutdown is lost.
[<AllowNullLiteral>]
type QueueHandler(queue: LogQueue, listener: QueueListener) =
    inherit Handler()
    do base.DeclareTransient typeof<QueueHandler>
    let mutable dropped = 0L
    // drops not reported yet, and when the last report was made (a monotonic timestamp; 0 for never)
    let mutable unreported = 0L
    let mutable lastReport = 0L

    // the queue's depth for the FuncLog meter, followed from the first record while this handler lives
    let mutable depthProbe: Func<struct (string * int64)> = null

    /// A handler for a queue read by someone else's listener.
    new(queue: LogQueue) = QueueHandler(queue, null)

    /// The queue written to.
    member _.Queue = queue
    /// The listener this handler owns (stopped and closed with it), or null.
    member _.Listener = listener
    /// Records dropped because the queue was full.
    member _.DroppedCount = Interlocked.Read &dropped

    /// Python's prepare: a copy with the formatted message as msg, and args (None), exc_info, exc_text and
    /// stack_info cleared.
    abstract Prepare: LogRecord -> LogRecord

    default this.Prepare(record: LogRecord) =
        let c = record.CopyTo(queue.RentRecord())
        // the queue's own copy: reused once the listener's handlers are done with it, if they keep nothing
        c.queued <- true

        if not (isNull listener) && listener.Reuses then
            // the message formatted into the copy's own builder, kept with it from record to record
            if isNull c.text then
                c.text <- MessageText()

            c.text.Builder.Clear() |> ignore
            this.FormatInto(record, c.text.Builder)
            c.msg <- c.text
        else
            c.msg <- this.Format record

        c.args <- null
        c.excInfo <- null
        c.excText <- null
        c.stackInfo <- null
        c

    /// Python's enqueue: puts the record on the queue; false if the queue dropped it.
    abstract Enqueue: LogRecord -> bool
    default _.Enqueue(record) = queue.Put record

    /// Reports the drops not reported yet (under the handler's lock): one report per burst, at most one a
    /// second however the queue fills and drains, each with its count; DroppedCount is always exact.
    member private this.ReportDrops(record: LogRecord, first: bool) =
        let n = unreported
        unreported <- 0L
        lastReport <- TimeProvider.System.GetTimestamp()

        this.Report(
            record,
            InvalidOperationException(
                sprintf
                    "the log queue is full (%d records, %s): %s (DroppedCount %d)"
                    queue.Capacity
                    (if queue.WhenFull = QueueFullMode.Drop then
                         "drop when full"
                     else
                         sprintf "after waiting %O" queue.BlockTimeout)
                    (if first then
                         "records are dropped and counted"
                     else
                         sprintf "%d more record%s dropped" n (if n = 1L then " was" else "s were"))
                    (Interlocked.Read &dropped)
            )
        )

    member private _.ReportDue =
        lastReport = 0L
        || TimeProvider.System.GetElapsedTime(lastReport) >= TimeSpan.FromSeconds 1.0

    override this.Emit(record: LogRecord) =
        if isNull depthProbe then
            depthProbe <- Func<_>(fun () -> struct (PipelineMetrics.handlerName this.Name (this.GetType()), int64 queue.Count))

            PipelineMetrics.watchQueue depthProbe

        if this.Enqueue(this.Prepare record) then
            // the burst is over: say how many were dropped since the last report
            if unreported > 0L && this.ReportDue then
                this.ReportDrops(record, false)
        else
            Interlocked.Increment &dropped |> ignore
            PipelineMetrics.drop (PipelineMetrics.handlerName this.Name (this.GetType())) "queue_full" 1L
            unreported <- unreported + 1L

            if this.ReportDue then
                this.ReportDrops(record, unreported = 1L && lastReport = 0L)

    override this.Close() =
        lock this.Lock (fun () ->
            if unreported > 0L then
                this.ReportDrops(LogRecord.make "queue" Levels.Error "ERROR" "close" [||] 0L, false))

        match listener with
        | null -> ()
        | l -> l.Close()

/// MemoryHandler and QueueHandler as configurations name them.
module internal QueueHandlerEntries =
    /// Python 3.12's listener key: QueueListener by its Python or FuncLog name, or a .NET type deriving from
    /// it with a (LogQueue, Handler[], bool) constructor.
    let private listener (a: HandlerArgs) (queue: LogQueue) (targets: Handler[]) (respect: bool) =
        let t =
            match a.Get "listener" with
            | Some(PyData.Str n)
            | Some(Fields [ "()", PyData.Str n ]) ->
                match n.Trim() with
                | "logging.handlers.QueueListener"
                | "handlers.QueueListener"
                | "QueueListener"
                | "FuncLog.QueueListener" -> typeof<QueueListener>
                | other -> a.FindType(typeof<QueueListener>, other)
            | _ -> typeof<QueueListener>

        if t = typeof<QueueListener> then
            new QueueListener(queue, targets, respect)
        else
            Activator.CreateInstance(t, [| box queue; box targets; box respect |]) :?> QueueListener

    let queue = {
        Schema = {
            Name = "QueueHandler"
            Module = "logging.handlers"
            Required = []
            Params = [
                "queue", ParamKind.Queue
                "listener", ParamKind.Listener
                "handlers", ParamKind.Handlers
                "respect_handler_level", ParamKind.Bool
            ]
        }
        Build =
            fun a ->
                let queue =
                    match a.Get "queue" with
                    | Some(Fields q) ->
                        let find k =
                            q |> List.tryFind (fst >> (=) k) |> Option.map snd

                        new LogQueue(
                            (match find "maxsize" with
                             | Some(SmallInt n) -> int n
                             | _ -> 0),
                            (match find "when_full" with
                             | Some(PyData.Str "drop") -> QueueFullMode.Drop
                             | _ -> QueueFullMode.Block),
                            (match find "block_timeout" with
                             | Some(SmallInt s) -> Nullable(TimeSpan.FromSeconds(float s))
                             | Some(PyData.Float s) -> Nullable(TimeSpan.FromSeconds s)
                             | _ -> Nullable())
                        )
                    | _ -> new LogQueue()

                let targets =
                    match a.Get "handlers" with
                    | Some(PyData.List xs) -> [|
                        for x in xs ->
                            match x with
                            | PyData.Str n -> a.Handler n
                            | _ -> null
                      |]
                    | _ -> [||]

                new QueueHandler(queue, (listener a queue targets (a.Bool("respect_handler_level", false))).Start())
    }
