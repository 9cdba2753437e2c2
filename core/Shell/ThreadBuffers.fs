namespace FuncLog

open System

/// A per-thread place for a record encoded before the handler's lock is taken: Ready/ReadyCount are the
/// bytes the write takes.
[<AllowNullLiteral>]
type internal EncodeBuffer() =
    [<ThreadStatic; DefaultValue>]
    static val mutable private local: EncodeBuffer

    let mutable bytes: byte[] = Array.zeroCreate 4096
    let mutable text = Text.StringBuilder(256)

    /// This thread's buffer, taken out of its slot until Return: a record logged on the same thread before
    /// the outer one is written (by an argument's ToString, a rotator, an error policy) gets its own.
    static member Take() =
        match EncodeBuffer.local with
        | null -> EncodeBuffer()
        | b ->
            EncodeBuffer.local <- null
            b.Reset()
            b

    /// Gives the buffer back to this thread.
    static member Return(b: EncodeBuffer) = EncodeBuffer.local <- b

    /// Gives back a rendering nobody took, when it is a buffer.
    static member Release(rendered: obj) =
        match rendered with
        | :? EncodeBuffer as b -> EncodeBuffer.Return b
        | _ -> ()

    /// Empties the text builder (one grown past 256K chars, 512 KB, is let go).
    member private _.Reset() =
        if text.Capacity > 262144 then
            text <- Text.StringBuilder(256)
        else
            text.Clear() |> ignore

    /// The builder the record is formatted into (empty when the buffer is taken).
    member _.Text = text

    /// How many bytes the kept buffer holds.
    member _.Capacity = bytes.Length

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
