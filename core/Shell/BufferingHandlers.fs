namespace FuncLog

open System
open System.Collections.Concurrent
open System.Collections.Generic
open System.Runtime.InteropServices
open System.Threading

/// Python's BufferingHandler: keeps records in a buffer and flushes when ShouldFlush says so (when the
/// buffer holds Capacity records). This base class's Flush just empties the buffer.
[<AllowNullLiteral>]
type BufferingHandler(capacity: int) =
    inherit Handler()
    let buffer = List<LogRecord>()

    /// How many records fill the buffer.
    member _.Capacity = capacity

    /// The records waiting (Python's buffer).
    member _.Buffer = buffer

    /// Whether to flush after this record was added (buffer full).
    abstract ShouldFlush: LogRecord -> bool
    default _.ShouldFlush(_record) = buffer.Count >= capacity

    override this.Emit(record: LogRecord) =
        buffer.Add record

        if this.ShouldFlush record then
            this.Flush()

    override this.Flush() =
        lock this.Lock (fun () -> buffer.Clear())

    override this.Close() = this.Flush()

/// Python's MemoryHandler: buffers records and hands them to Target when the buffer is full or a record at
/// FlushLevel or above arrives (and at Close unless flushOnClose is false). Without a target the buffer is
/// kept, as in CPython.
[<AllowNullLiteral>]
type MemoryHandler
    (
        capacity: int,
        [<Optional; DefaultParameterValue(Levels.Error)>] flushLevel: int,
        [<Optional; DefaultParameterValue(null: Handler)>] target: Handler,
        [<Optional; DefaultParameterValue(true)>] flushOnClose: bool
    ) =
    inherit BufferingHandler(capacity)
    let mutable target = target

    /// Records at this level or above flush the buffer.
    member _.FlushLevel = flushLevel
    /// Whether Close flushes the buffer to the target.
    member _.FlushOnClose = flushOnClose

    /// The handler the buffer is flushed to.
    member _.Target = target

    /// Sets the target (Python's setTarget).
    member this.SetTarget(t: Handler) = lock this.Lock (fun () -> target <- t)

    override this.ShouldFlush(record: LogRecord) =
        this.Buffer.Count >= capacity || record.LevelNo >= flushLevel

    override this.Flush() =
        lock this.Lock (fun () ->
            match target with
            | null -> ()
            | t ->
                for r in this.Buffer do
                    t.Handle r |> ignore

                this.Buffer.Clear())

    /// Python's close: flushes to the target unless flushOnClose is false, then lets the target go. Records
    /// not flushed stay in Buffer, as in CPython.
    override this.Close() =
        try
            if flushOnClose then
                this.Flush()
        finally
            lock this.Lock (fun () -> target <- null)

/// MemoryHandler as configurations name it.
module internal MemoryHandlerEntry =
    let memory = {
        Schema = {
            Name = "MemoryHandler"
            Module = "logging.handlers"
            Required = [ "capacity" ]
            Params = [
                "capacity", ParamKind.Int
                "flushLevel", ParamKind.Level
                "target", ParamKind.Handler
                "flushOnClose", ParamKind.Bool
            ]
        }
        Build =
            fun a ->
                let target =
                    match a.Get "target" with
                    | Some(PyData.Str t) -> a.Handler t
                    | _ -> null

                let flushLevel =
                    match a.Get "flushLevel" with
                    | Some(SmallInt l) -> int l
                    | Some(PyData.Str l) -> LevelTable.check l
                    | _ -> Levels.Error

                MemoryHandler(int (a.Int("capacity", 0L)), flushLevel, target, a.Bool("flushOnClose", true))
    }
