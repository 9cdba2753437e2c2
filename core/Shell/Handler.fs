namespace FuncLog

open System
open System.Diagnostics
open System.IO
open System.Reflection
open System.Text
open System.Threading

/// What happens when a handler fails: one replaceable object (Python's handleError behaviour by default).
[<AllowNullLiteral>]
type IErrorPolicy =
    /// Called once for each failure of a handler while handling a record.
    abstract HandleError: handler: Handler * record: LogRecord * error: exn -> unit

/// The base of every handler: level, filters, formatter, a lock, Handle, Flush, Close, HandleError.
/// The contract, for the built-in handlers and every subclass alike, has two phases. Render runs on the logging
/// thread outside the lock (threads render in parallel) and returns what the handler will write — a file
/// handler's formatted, encoded bytes, a stream handler's text — or null. Emit runs under the lock and writes
/// the record, taking what Render made with TakeRendered(record) (null when nothing was rendered for that record,
/// and then Emit formats it itself, as CPython's emit does). A handler writes Emit, and Render when it wants
/// its formatting out of the lock. Handle is not overridable. A failure in either phase never reaches the
/// application: it is counted and reported through HandleError.
and [<AbstractClass; AllowNullLiteral>] Handler(level: int) =
    let sync = obj ()
    let mutable level = level
    let mutable formatter: Formatter = null
    let mutable filters: Filter[] = [||]
    let mutable name: string = null
    let mutable errorCount = 0L
    let mutable handledCount = 0L
    let mutable policy: IErrorPolicy = null
    let mutable dispatchPolicy: IErrorPolicy = null
    // the record Dispatch is emitting and what Render made for it: set and read only under the lock
    let mutable emitting: LogRecord = Unchecked.defaultof<_>
    let mutable rendered: obj = null
    // the clock this handler was given, and its manager's (null when none)
    let mutable ownClock: TimeProvider = null
    let mutable managerClock: TimeProvider = null
    // the FuncLog type whose exact instances are done with a record when Dispatch returns (see Transient)
    let mutable transientType: Type = null

    static let defaultFormatter = Formatter()

    /// A handler at level NOTSET.
    new() = Handler(Levels.NotSet)

    /// The handler's name (used by configuration), or null.
    member _.Name
        with get () = name
        and set v = name <- v

    /// The handler's level: records below it are not emitted.
    member _.Level = level
    /// Sets the level.
    member _.SetLevel(value: int) = level <- value
    /// Sets the level by name ("DEBUG", or a registered custom name).
    member _.SetLevel(value: string) = level <- LevelTable.check value

    /// The formatter, or null for Python's default ("%(message)s").
    member _.Formatter
        with get () = formatter
        and set v = formatter <- v

    /// Sets the formatter.
    member _.SetFormatter(f: Formatter) = formatter <- f

    /// The lock held around Emit (reentrant).
    member _.Lock = sync

    /// The clock this handler reads (one clock, as in Python): the TimeProvider it was given, else the clock of
    /// the manager whose logger it is attached to or whose configuration made it, else the system's.
    member _.Clock: TimeProvider =
        if not (isNull ownClock) then ownClock
        elif not (isNull managerClock) then managerClock
        else TimeProvider.System

    /// Gives the handler a clock of its own (for constructors with a timeProvider argument: OnClockChanged is
    /// not called, the subclass is not built yet).
    member internal _.SetOwnClock(c: TimeProvider) = ownClock <- c

    /// The clock of the manager the handler now belongs to (it reads it unless it has its own).
    member internal this.UseManagerClock(c: TimeProvider) =
        if not (obj.ReferenceEquals(managerClock, c)) then
            managerClock <- c

            if isNull ownClock then
                this.OnClockChanged()

    /// Called when Clock changes (a handler that computed a time from it computes it again).
    abstract OnClockChanged: unit -> unit
    default _.OnClockChanged() = ()

    /// The handler's own error policy, or null to use the manager's.
    member _.ErrorPolicy
        with get () = policy
        and set v = policy <- v

    /// How many failures this handler has reported.
    member _.ErrorCount = Threading.Interlocked.Read &errorCount
    /// How many records reached Emit (after filtering) without failing.
    member _.EmittedCount = Threading.Interlocked.Read &handledCount

    /// The filters, in order.
    member _.Filters = filters

    /// Adds a filter (once).
    member _.AddFilter(f: Filter) =
        filters <- filters |> List.ofArray |> Refs.addOnce f |> Array.ofList

    /// Adds a predicate as a filter; returns the Filter made for it (to remove it later).
    member this.AddFilter(predicate: Func<LogRecord, bool>) =
        let f = Filter.FromPredicate predicate
        this.AddFilter f
        f

    /// Removes a filter.
    member _.RemoveFilter(f: Filter) =
        filters <- filters |> List.ofArray |> Refs.remove f |> Array.ofList

    /// Runs the filters: the record to emit (maybe replaced), or null when rejected.
    member _.Filter(record: LogRecord) : LogRecord =
        if filters.Length = 0 then
            record
        else
            match Filters.run filters record with
            | ValueSome r -> r
            | ValueNone -> Unchecked.defaultof<_>

    /// Formats a record with this handler's formatter (or the default one).
    member _.Format(record: LogRecord) =
        (if isNull formatter then defaultFormatter else formatter).Format record

    /// Appends the record formatted with this handler's formatter to sb (Formatter.FormatInto: no string
    /// is made for the common % layouts). For handlers that write to a buffer of their own.
    member this.FormatInto(record: LogRecord, sb: StringBuilder) =
        (if isNull formatter then defaultFormatter else formatter).FormatInto(record, sb)

    /// Declares, from a handler type's constructor, that a handler of exactly type `exactType` keeps nothing of
    /// a record once Emit returns: it writes or sends what it formats and stores neither the record nor its
    /// Args, Extra or Msg. A logging call whose handlers are all transient (and which has no filters, and only
    /// FuncLog formatters) lends them a record it reuses, so it allocates none; a record seen by a handler
    /// that declared this falsely changes after the call. A subclass is not transient unless it declares so
    /// too. FuncLog's stream, file, rotating, syslog, socket, datagram, HTTP, SMTP, queue and null handlers do.
    member _.DeclareTransient(exactType: Type) = transientType <- exactType

    /// True when this handler keeps nothing of a record once Dispatch returns: a FuncLog type that declared
    /// so (no user subclass), no filters (a filter may be user code), and a plain formatter. A logging call
    /// whose handlers are all transient lends them a reused record (see RecordLease).
    member internal this.Transient =
        obj.ReferenceEquals(this.GetType(), transientType)
        && filters.Length = 0
        && (isNull formatter || formatter.IsPlain)

    /// The formatter records are formatted with (the default one when none was set).
    member internal _.EffectiveFormatter =
        if isNull formatter then defaultFormatter else formatter

    /// The first phase, outside the lock: what this handler will write for the record (null: nothing made
    /// ahead; Emit formats). Exceptions are reported, and the record is not emitted.
    abstract Render: LogRecord -> obj
    default _.Render _ = null

    /// The second phase: writes the record to the destination. Called under the lock; exceptions are
    /// reported, never raised.
    abstract Emit: LogRecord -> unit

    /// What Render made for this record, handed over once (null when Render made nothing, or for another
    /// record: a subclass's Emit may pass its base a changed copy, which is then formatted in Emit).
    member _.TakeRendered(record: LogRecord) : obj =
        if obj.ReferenceEquals(emitting, record) && Monitor.IsEntered sync then
            let v = rendered
            rendered <- null
            v
        else
            null

    /// Flushes buffered output.
    abstract Flush: unit -> unit
    default _.Flush() = ()

    /// Releases resources.
    abstract Close: unit -> unit
    default _.Close() = ()

    /// Reports a failure: by default through this handler's policy, or the dispatching manager's.
    abstract HandleError: record: LogRecord * error: exn -> unit

    default this.HandleError(record: LogRecord, error: exn) =
        let p =
            if not (isNull policy) then policy
            elif not (isNull dispatchPolicy) then dispatchPolicy
            else ErrorPolicy.Fallback

        p.HandleError(this, record, error)

    member internal this.Report(record: LogRecord, error: exn) =
        Threading.Interlocked.Increment &errorCount |> ignore
        PipelineMetrics.handlerError (PipelineMetrics.handlerName this.Name (this.GetType()))

        try
            // a policy may keep the record: never a lent one
            this.HandleError(record.Kept(), error)
        with _ ->
            ()

    /// Flushes and closes under the handler's lock; a failure is reported through the handler (as a record
    /// of logger `source` with `message`) and goes no further: shutdown and reconfiguration go on.
    member internal this.FlushAndClose(source: string, message: string) =
        try
            lock sync (fun () ->
                this.Flush()
                this.Close())
        with e ->
            this.Report(LogRecord.make source Levels.Error "ERROR" message [||] 0L, e)

    /// Filters the record and emits it under the lock (Python's Handler.handle); true if it passed the filters.
    member this.Handle(record: LogRecord) : bool = this.Dispatch(record, null)

    member internal this.Dispatch(record: LogRecord, managerPolicy: IErrorPolicy) : bool =
        let passed =
            try
                ValueOption.ofObj (this.Filter record)
            with e ->
                this.Report(record, e)
                ValueNone

        match passed with
        | ValueNone -> false
        | ValueSome r ->
            let mutable made: obj = null
            let mutable renderError: exn = null

            try
                made <- this.Render r
            with e ->
                renderError <- e

            lock sync (fun () ->
                // a record logged to this handler from inside Emit (an error policy that logs) nests: the
                // outer hand-off is saved and restored
                let saved = dispatchPolicy
                let outerRecord = emitting
                let outerRendered = rendered
                dispatchPolicy <- managerPolicy
                emitting <- r
                rendered <- made

                try
                    try
                        if not (isNull renderError) then
                            this.Report(r, renderError)
                        else
                            this.Emit r
                            // under the lock: a plain increment (EmittedCount reads it atomically)
                            handledCount <- handledCount + 1L
                    with e ->
                        this.Report(r, e)
                finally
                    // a rendering Emit did not take goes back to its thread
                    if not (isNull rendered) then
                        EncodeBuffer.Release rendered

                    emitting <- outerRecord
                    rendered <- outerRendered
                    dispatchPolicy <- saved)

            true

/// Ready-made error policies.
and [<AbstractClass; Sealed>] ErrorPolicy =
    static let fallback =
        PythonErrorReport(Func<_>(fun () -> Console.Error), Func<_>(fun () -> true))

    /// Python's report on Console.Error (used by handlers outside any manager).
    static member Fallback: IErrorPolicy = fallback

/// Python's handleError: "--- Logging error ---", the exception, the call stack, the message and its
/// arguments, written to stderr while raiseExceptions is on (and nothing otherwise).
and PythonErrorReport(stderr: Func<TextWriter>, raiseExceptions: Func<bool>) =
    /// Renders the report for one failure (what is written to stderr).
    static member Render(record: LogRecord, error: exn) =
        let sb = StringBuilder()
        sb.Append("--- Logging error ---\n") |> ignore
        sb.Append(error.ToString().Replace("\r\n", "\n")).Append('\n') |> ignore
        sb.Append("Call stack:\n") |> ignore

        let frames = CallStack.userFrames () |> Array.rev

        if frames.Length = 0 then
            sb.AppendFormat("Logged from file {0}, line {1}\n", record.FileName, record.LineNo)
            |> ignore
        else
            for f in frames do
                sb.Append(CallStack.line true f).Append('\n') |> ignore

        try
            sb.Append("Message: ").Append(PyValue.repr record.Msg).Append('\n') |> ignore

            sb.Append("Arguments: ").Append(PyValue.str (LogRecord.attribute "args" record |> ValueOption.toObj)).Append('\n')
            |> ignore
        with _ ->
            sb.Append(
                "Unable to print the message and arguments - possible formatting error.\nUse the traceback above to help find the error.\n"
            )
            |> ignore

        sb.ToString()

    interface IErrorPolicy with
        member _.HandleError(_handler, record, error) =
            if raiseExceptions.Invoke() then
                match stderr.Invoke() with
                | null -> ()
                | w ->
                    try
                        w.Write(PythonErrorReport.Render(record, error))
                        w.Flush()
                    with :? IOException ->
                        ()

/// Writes formatted records to a TextWriter (stderr by default), each followed by Terminator, and flushes.
[<AllowNullLiteral>]
type StreamHandler(stream: TextWriter) =
    inherit Handler()
    do base.DeclareTransient typeof<StreamHandler>
    let mutable stream = if isNull stream then Console.Error else stream
    let mutable terminator = "\n"

    /// A handler writing to Console.Error.
    new() = StreamHandler(null)

    /// The stream written to (null while a file handler has none open).
    member _.Stream
        with get () = stream
        and set v = stream <- v

    /// Text written after each record ("\n").
    member _.Terminator
        with get () = terminator
        and set v = terminator <- v

    /// Replaces the stream; returns the old one, or null if it was the same (Python's setStream).
    member this.SetStream(s: TextWriter) =
        if obj.ReferenceEquals(s, stream) then
            null
        else
            lock this.Lock (fun () ->
                let old = stream

                if not (isNull old) then
                    old.Flush()

                stream <- s
                old)

    /// Formats the record outside the lock.
    override this.Render(record: LogRecord) = box (this.Format record)

    override this.Emit(record: LogRecord) =
        let msg =
            match this.TakeRendered record with
            | :? string as s -> s
            | _ -> this.Format record

        stream.Write(msg + terminator)
        this.Flush()

    override _.Flush() =
        match stream with
        | null -> ()
        | s -> s.Flush()

/// A handler that does nothing: for libraries, so their records are not shown by the last-resort handler.
[<AllowNullLiteral>]
type NullHandler() =
    inherit Handler()
    do base.DeclareTransient typeof<NullHandler>
    override _.Emit _ = ()

/// Python's handler of last resort: WARNING and above, the bare message, to the current stderr.
[<AllowNullLiteral>]
type LastResortHandler(stderr: Func<TextWriter>) =
    inherit Handler(Levels.Warning)

    override this.Emit(record: LogRecord) =
        match stderr.Invoke() with
        | null -> ()
        | w ->
            w.Write(this.Format record + "\n")
            w.Flush()
