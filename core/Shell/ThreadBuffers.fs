namespace FuncLog

open System

/// A per-thread place for a record encoded before the handler's lock is taken: Ready/ReadyCount are the
/// bytes the write takes.
[<AllowNullLiteral>]
type internal EncodeBuffer() =
    [<ThreadStatic; DefaultValue>]
    static val mutable private local: EncodeBuffer

    let mutable bytes: byte[] = Array.zeroCreate 4096

    /// This thread's buffer, taken out of its slot until Return: a record logged on the same thread before
    /// the outer one is written (by an argument's ToString, a rotator, an error policy) gets its own.
    static member Take() =
        match EncodeBuffer.local with
        | null -> EncodeBuffer()
        | b ->
            EncodeBuffer.local <- null
            b

    /// Gives the buffer back to this thread.
    static member Return(b: EncodeBuffer) = EncodeBuffer.local <- b

    /// A byte buffer of at least n bytes (records over 1 MB get one of their own, not kept).
    member _.Bytes(n: int) =
        if bytes.Length >= n then
            bytes
        elif n <= 1024 * 1024 then
            bytes <- Array.zeroCreate n
            bytes
        else
            Array.zeroCreate n

    /// The bytes of the record to write, and how many.
    member val Ready: byte[] = null with get, set
    member val ReadyCount = 0 with get, set
    /// Python's len() of the formatted record (code points, without the terminator), when asked for.
    member val CodePoints = 0 with get, set

/// The per-thread state of the handler contract, in one place: the rendering a handler's Render made for the
/// record being emitted on this thread. Handler.Dispatch puts it here before it calls Emit under the lock, and
/// Emit takes it (Handler.TakeRendered); one an Emit did not take is let go after it returns. A record logged
/// from inside an Emit (an error policy that logs) saves and restores the outer one.
[<AbstractClass; Sealed>]
type internal ThreadBuffers =
    [<ThreadStatic; DefaultValue>]
    static val mutable private handler: obj

    [<ThreadStatic; DefaultValue>]
    static val mutable private record: obj

    [<ThreadStatic; DefaultValue>]
    static val mutable private rendered: obj

    /// Puts a rendering in the slot; returns what was there.
    static member Offer(h: obj, r: LogRecord, value: obj) : struct (obj * obj * obj) =
        let saved = struct (ThreadBuffers.handler, ThreadBuffers.record, ThreadBuffers.rendered)
        ThreadBuffers.handler <- h
        ThreadBuffers.record <- r
        ThreadBuffers.rendered <- value
        saved

    /// The rendering made for this handler and this record, taken out of the slot (null when there is none,
    /// as when a subclass's Emit passes its base another record).
    static member Take(h: obj, r: LogRecord) : obj =
        if obj.ReferenceEquals(ThreadBuffers.handler, h) && obj.ReferenceEquals(ThreadBuffers.record, r) then
            let v = ThreadBuffers.rendered
            ThreadBuffers.rendered <- null
            v
        else
            null

    /// Puts back what Offer found, letting go of a rendering nobody took.
    static member Restore(saved: struct (obj * obj * obj)) =
        match ThreadBuffers.rendered with
        | :? EncodeBuffer as b -> EncodeBuffer.Return b
        | _ -> ()

        let struct (h, r, v) = saved
        ThreadBuffers.handler <- h
        ThreadBuffers.record <- r
        ThreadBuffers.rendered <- v
