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

    /// A record made now (`ns` on the manager's clock, `startNs` when it started), on this thread and task.
    let make
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
        : LogRecord =
        let extraCopy =
            if isNull extra then
                LogRecord.noExtra
            else
                match LogRecord.copyExtra extra with
                | Ok e -> e
                | Error message -> raise (ArgumentException(message, "extra"))

        let struct (file, modl) = ManagerCaches.fileAndModule site.PathName
        let th = Thread.CurrentThread

        {
            Name = name
            Msg = msg
            Args = (if isNull args then [||] else args)
            LevelNo = level
            LevelName = LevelTable.nameOf level
            PathName = (if isNull site.PathName then "" else site.PathName)
            FileName = file
            Module = modl
            LineNo = site.LineNo
            FuncName = (if isNull site.FuncName then "" else site.FuncName)
            CreatedNs = ns
            RelativeCreated = float (ns - startNs) / 1e6
            Thread = int64 th.ManagedThreadId
            ThreadName = ManagerCaches.threadName th
            Process = ManagerCaches.processId
            ProcessName = processName.Value
            TaskName =
                (match Task.CurrentId with
                 | id when id.HasValue -> ManagerCaches.taskName id.Value
                 | _ -> null)
            ExcInfo = exc
            ExcText = null
            StackInfo = stackInfo
            Extra = extraCopy
            TimeZone = clock.LocalTimeZone
            Activity = Diagnostics.Activity.Current
        }

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
