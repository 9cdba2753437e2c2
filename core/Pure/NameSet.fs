namespace FuncLog

open System
open System.Collections.Concurrent

/// The names of one lineage, each with the position it was added at. Only grows; a value of the lineage sees
/// the names below its count.
[<Sealed; AllowNullLiteral>]
type NameStore(index: ConcurrentDictionary<string, int>, count: int) =
    let mutable count = count

    member _.Index = index

    /// How many names the store holds (changed only under the store's lock).
    member _.Count
        with get () = count
        and set v = count <- v

/// A persistent set of names, for the loggers that exist (see the signature file).
[<Sealed>]
type internal NameSet private (store: NameStore, count: int, lookup: ConcurrentDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>>)
    =
    static let empty =
        let index = ConcurrentDictionary<string, int>(StringComparer.Ordinal)
        NameSet(null, 0, index.GetAlternateLookup<ReadOnlySpan<char>>())

    static member Empty = empty

    member _.Count = count

    member _.Contains(name: string) =
        count > 0
        && (match store.Index.TryGetValue name with
            | true, i -> i < count
            | _ -> false)

    member _.Contains(name: ReadOnlySpan<char>) =
        count > 0
        && (let mutable i = 0
            lookup.TryGetValue(name, &i) && i < count)

    member this.Add(name: string) : NameSet =
        if this.Contains name then
            this
        else
            let grown (s: NameStore) =
                s.Index.[name] <- count
                s.Count <- count + 1
                NameSet(s, count + 1, s.Index.GetAlternateLookup<ReadOnlySpan<char>>())

            let fork () =
                // a fresh store with the names this value sees (a new lineage branches off here)
                let index = ConcurrentDictionary<string, int>(StringComparer.Ordinal)

                if not (isNull store) then
                    for KeyValue(k, i) in store.Index do
                        if i < count then
                            index.[k] <- i

                NameStore(index, count)

            if isNull store then
                grown (fork ())
            else
                lock store (fun () ->
                    if store.Count = count then
                        grown store
                    else
                        // an older value: its own lineage, in a store no other value has yet
                        grown (fork ()))
