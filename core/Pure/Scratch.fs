namespace FuncLog

open System
open System.Collections.Concurrent
open System.Text

/// The pure core's only per-thread and cached state, kept in this one module: two StringBuilders per thread for
/// formatting (a record's text, and a piece of it that is escaped on its way in), a per-thread memo of the date-and-time text of the last seconds formatted, and a bounded memo
/// of parsed % templates. None of them changes a result: they remember what pure functions returned.
module internal Scratch =
    [<Sealed; AbstractClass>]
    type private Slots =
        [<ThreadStatic; DefaultValue>]
        static val mutable private builder: StringBuilder

        [<ThreadStatic; DefaultValue>]
        static val mutable private spare: StringBuilder

        [<ThreadStatic; DefaultValue>]
        static val mutable private seconds: (string * TimeZoneInfo * bool * int64 * string)[]

        static member Builder
            with get () = Slots.builder
            and set v = Slots.builder <- v

        static member Spare
            with get () = Slots.spare
            and set v = Slots.spare <- v

        static member Seconds
            with get () = Slots.seconds
            and set v = Slots.seconds <- v

    /// One of this thread's two builders, taken out of its slot until Return: a record formatted on the same
    /// thread in the meantime (an argument's ToString that logs) gets another one instead of overwriting it.
    let rentBuilder () =
        match Slots.Builder with
        | null ->
            match Slots.Spare with
            | null -> StringBuilder(256)
            | sb ->
                Slots.Spare <- null
                sb.Clear()
        | sb ->
            Slots.Builder <- null
            sb.Clear()

    /// Gives a builder back to this thread (builders grown past 64K chars are let go).
    let returnBuilder (sb: StringBuilder) =
        if sb.Capacity <= 65536 then
            if isNull Slots.Builder then
                Slots.Builder <- sb
            elif not (obj.ReferenceEquals(Slots.Builder, sb)) then
                Slots.Spare <- sb

    let private seconds () =
        match Slots.Seconds with
        | null ->
            let m = Array.create 4 (null, null, false, Int64.MinValue, null)
            Slots.Seconds <- m
            m
        | m -> m

    /// The text of a whole second remembered on this thread for (format, zone, utc, second), or null: strftime
    /// has nothing below a second, and records come many a second. No closure is made for a hit.
    let trySecondText (format: string) (zone: TimeZoneInfo) (utc: bool) (secs: int64) : string =
        let memo = seconds ()
        let mutable found = null
        let mutable i = 0

        while isNull found && i < memo.Length do
            let f, z, u, s, text = memo.[i]

            if
                s = secs
                && u = utc
                && obj.ReferenceEquals(f, format)
                && obj.ReferenceEquals(z, zone)
            then
                found <- text

            i <- i + 1

        found

    /// Remembers the text of a second for the last four (format, zone, utc, second) of this thread: the
    /// oldest entry goes.
    let rememberSecondText (format: string) (zone: TimeZoneInfo) (utc: bool) (secs: int64) (text: string) =
        let memo = seconds ()
        Array.blit memo 0 memo 1 (memo.Length - 1)
        memo.[0] <- (format, zone, utc, secs, text)

    /// A memo of a pure function of strings: at most 4,096 entries, each for a key of at most 1,024 chars
    /// (longer keys are computed each time); cleared when full.
    type Memo<'T>(compute: string -> 'T) =
        let table = ConcurrentDictionary<string, 'T>(StringComparer.Ordinal)

        member _.Get(key: string) : 'T =
            match table.TryGetValue key with
            | true, v -> v
            | _ ->
                let v = compute key

                if key.Length <= 1024 then
                    if table.Count >= 4096 then
                        table.Clear()

                    table.TryAdd(key, v) |> ignore

                v
