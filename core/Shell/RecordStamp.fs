namespace FuncLog

open System
open System.Collections.Generic
open System.IO
open System.Text
open System.Threading
open System.Threading.Tasks

/// Caller information for a record (from C# caller attributes, or a stack frame).
[<Struct>]
type CallSite = {
    PathName: string
    LineNo: int
    FuncName: string
}

/// Per-process caches for the enabled path: what a record repeats (file and module of a call site, the
/// name of an unnamed thread) is computed once.
module internal ManagerCaches =
    let private files =
        Collections.Concurrent.ConcurrentDictionary<string, struct (string * string)>()

    /// The file and module of a path (call sites are few; the cache stops growing at 10,000 paths).
    let fileAndModule (path: string) : struct (string * string) =
        if isNull path then
            struct ("", "")
        else
            match files.TryGetValue path with
            | true, fm -> fm
            | _ ->
                let f, m = LogRecord.fileAndModule path

                if files.Count < 10_000 then
                    files.[path] <- struct (f, m)

                struct (f, m)

    type private ThreadSlot() =
        [<ThreadStatic; DefaultValue>]
        static val mutable private name: string

        static member Name(th: Thread) =
            match th.Name with
            | null ->
                match ThreadSlot.name with
                | null ->
                    let n = "Thread-" + string th.ManagedThreadId
                    ThreadSlot.name <- n
                    n
                | n -> n
            | n -> n

    /// Python's threadName: the .NET name, or "Thread-N".
    let threadName (th: Thread) = ThreadSlot.Name th

    let private tasks = Collections.Concurrent.ConcurrentDictionary<int, string>()

    /// "Task-N" for a task id (cached while there are fewer than 10,000).
    let taskName (id: int) =
        match tasks.TryGetValue id with
        | true, n -> n
        | _ ->
            let n = "Task-" + string id

            if tasks.Count < 10_000 then
                tasks.[id] <- n

            n

    /// This process's id.
    let processId = Environment.ProcessId

/// How a record is stamped with where and when it was made (Python's LogRecord.__init__ and makeRecord).
module internal RecordStamp =
    let private processName =
        lazy
            (try
                match Environment.ProcessPath with
                | null -> "MainProcess"
                | p -> Path.GetFileNameWithoutExtension p
             with _ ->
                 "MainProcess")

    /// Fills `r` as a record made now (`ns` on the manager's clock, `startNs` when it started), on this thread
    /// and task. Every field is set.
    let fill
        (r: LogRecord)
        (clock: TimeProvider)
        (ns: int64)
        (startNs: int64)
        (name: string)
        (level: int)
        (msg: obj)
        (args: obj[])
        (exc: exn)
        (extra: IReadOnlyDictionary<string, obj>)
        (stackInfo: string)
        (site: CallSite)
        =
        let extraCopy =
            if isNull extra || extra.Count = 0 then
                LogRecord.noExtra
            elif r.leased && (extra :? Dictionary<string, obj>) then
                // a plain Dictionary, read during the call only: checked, not copied (a copy that is kept takes
                // the values); any other mapping is copied, as its values may change as they are read
                match LogRecord.checkExtra (extra :?> Dictionary<string, obj>) with
                | null -> extra
                | message -> raise (ArgumentException(message, "extra"))
            else
                match LogRecord.copyExtra extra with
                | Ok e -> e
                | Error message -> raise (ArgumentException(message, "extra"))

        let struct (file, modl) = ManagerCaches.fileAndModule site.PathName
        let th = Thread.CurrentThread
        r.name <- name
        r.msg <- msg
        r.args <- (if isNull args then [||] else args)
        r.levelNo <- level
        r.levelName <- LevelTable.nameOf level
        r.pathName <- (if isNull site.PathName then "" else site.PathName)
        r.fileName <- file
        r.moduleName <- modl
        r.lineNo <- site.LineNo
        r.funcName <- (if isNull site.FuncName then "" else site.FuncName)
        r.createdNs <- ns
        r.relativeCreated <- float (ns - startNs) / 1e6
        r.thread <- int64 th.ManagedThreadId
        r.threadName <- ManagerCaches.threadName th
        r.processId <- ManagerCaches.processId
        r.processName <- processName.Value

        r.taskName <-
            (match Task.CurrentId with
             | id when id.HasValue -> ManagerCaches.taskName id.Value
             | _ -> null)

        r.excInfo <- exc
        r.excText <- null
        r.stackInfo <- stackInfo
        r.extra <- extraCopy
        r.timeZone <- clock.LocalTimeZone
        r.activity <- Diagnostics.Activity.Current

    /// The call site `stackLevel` frames above the caller (the given site when stackLevel is 1), and the
    /// stack text for stack_info (null unless asked for).
    let caller (stackInfo: bool) (stackLevel: int) (site: CallSite) : struct (CallSite * string) =
        let needFrames = stackInfo || stackLevel > 1

        let frames = if needFrames then CallStack.userFrames () else [||]

        let skip = max 0 (stackLevel - 1)

        let site =
            if stackLevel > 1 && frames.Length > skip then
                let f = frames.[skip]
                let m = f.GetMethod()

                {
                    PathName =
                        (match f.GetFileName() with
                         | null -> site.PathName
                         | p -> p)
                    LineNo = f.GetFileLineNumber()
                    FuncName = (if isNull m then site.FuncName else m.Name)
                }
            else
                site

        let sinfo =
            if stackInfo then
                let sb = StringBuilder("Stack (most recent call last):")

                for f in frames |> Array.skip (min skip frames.Length) |> Array.rev do
                    sb.Append('\n').Append(CallStack.line false f) |> ignore

                sb.ToString()
            else
                null

        struct (site, sinfo)

/// One reusable record per thread, lent to a logging call whose handlers all keep nothing of a record once
/// they return (Handler.Transient): such a call allocates no record. A call made while the lease is out (a
/// handler or formatter that logs) finds none and makes its own. Anything that may keep a record (an error
/// report, a changed copy from WithExtra) gets a copy (LogRecord.Kept), so kept records never change.
[<AbstractClass; Sealed>]
type internal RecordLease =
    [<ThreadStatic; DefaultValue>]
    static val mutable private spare: LogRecord

    /// This thread's spare record, or a new lease when it is out.
    static member Take() =
        let r = RecordLease.spare

        if isNull (box r) then
            let n = LogRecord()
            n.leased <- true
            n
        else
            RecordLease.spare <- Unchecked.defaultof<_>
            r

    /// Gives the record back, dropping what it referred to (the message, arguments, exception, extra and
    /// activity stay alive no longer than the call).
    static member Return(r: LogRecord) =
        r.msg <- null
        r.args <- null
        r.pack <- null
        r.excInfo <- null
        r.stackInfo <- null
        r.extra <- null
        r.activity <- null
        RecordLease.spare <- r

    /// True when a record of `level` may be lent to these handlers: there is at least one, and each that the
    /// level reaches is transient.
    static member Fits(handlers: Handler[], level: int) =
        let mutable ok = handlers.Length > 0
        let mutable i = 0

        while ok && i < handlers.Length do
            let h = handlers.[i]
            ok <- level < h.Level || h.Transient
            i <- i + 1

        ok
