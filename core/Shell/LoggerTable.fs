namespace FuncLog

open System
open System.Threading

/// The published snapshot: the tree, and each logger's name and view by slot. Names and Views may be longer
/// than Count: a new logger is written into the spare room past every published Count (no reader looks
/// there), so creating a logger costs its depth, not the size of the tree.
[<NoComparison; NoEquality>]
type internal ManagerState = {
    Hierarchy: Hierarchy<Handler>
    Names: string[]
    Views: LoggerView<Handler>[]
    Count: int
}

/// A manager's loggers: the tree as one immutable snapshot, swapped atomically on every change (logging reads
/// it without locks), and the logger objects by name. `refresh` gives a logger its threshold from the views
/// whenever they change; changes take `sync`, the manager's lock.
[<Sealed>]
type internal LoggerTable<'L when 'L: not struct>(sync: obj, refresh: 'L -> LoggerView<Handler>[] -> unit) =
    let mutable state: ManagerState =
        let h = Hierarchy.create Levels.Warning
        let names = [| Hierarchy.RootName |]

        {
            Hierarchy = h
            Names = names
            Views = Snapshot.build names h
            Count = 1
        }

    // each logger with its slot, by name
    let loggers =
        Collections.Concurrent.ConcurrentDictionary<string, struct ('L * int)>(StringComparer.Ordinal)

    /// The current snapshot.
    member _.State = Volatile.Read &state

    /// The views of all loggers by slot.
    member _.Views = (Volatile.Read &state).Views

    /// The logger of that name (which must exist).
    member _.Item
        with get (name: string) =
            let struct (l, _) = loggers.[name]
            l

    /// The names of all loggers created so far, root excluded.
    member _.Names =
        loggers.Keys |> Seq.filter (fun k -> k <> Hierarchy.RootName) |> Array.ofSeq

    /// Adds the root logger (slot 0).
    member _.AddRoot(root: 'L) =
        refresh root state.Views
        loggers.[Hierarchy.RootName] <- struct (root, 0)

    /// The logger of that name, made by `create` with its slot on first use.
    member _.GetOrAdd(key: string, create: int -> 'L) : 'L =
        match loggers.TryGetValue key with
        | true, struct (l, _) -> l
        | _ ->
            lock sync (fun () ->
                match loggers.TryGetValue key with
                | true, struct (l, _) -> l
                | _ ->
                    // A new logger has no level, handlers or filters of its own, so no other logger's view
                    // changes (Python's placeholder fix-up changes parents, which are read from the tree).
                    let s = state
                    let slot = s.Count
                    let isNew = (Hierarchy.tryFind key s.Hierarchy).IsNone
                    let h = Hierarchy.ensure key s.Hierarchy

                    // a logger the tree did not have takes its parent's view (its chain is the parent's)
                    let view =
                        let full () = Hierarchy.view key h

                        if not isNew then
                            full ()
                        else
                            match Hierarchy.parent key h with
                            | Some p ->
                                match loggers.TryGetValue p.Name with
                                | true, struct (_, i) -> Hierarchy.viewUnder s.Views.[i] h
                                | _ -> full ()
                            | None -> full ()

                    let names, views =
                        if slot < s.Names.Length then
                            s.Names, s.Views
                        else
                            let grow (a: 'a[]) =
                                let b = Array.zeroCreate (max 16 (2 * a.Length))
                                Array.blit a 0 b 0 slot
                                b

                            grow s.Names, grow s.Views

                    names.[slot] <- key
                    views.[slot] <- view
                    let l = create slot
                    refresh l views

                    Volatile.Write(
                        &state,
                        {
                            Hierarchy = h
                            Names = names
                            Views = views
                            Count = slot + 1
                        }
                    )

                    loggers.[key] <- struct (l, slot)
                    l)

    /// Applies a change to the tree at one logger, publishes the new snapshot and refreshes every logger's
    /// threshold (which the disabled path reads as one field).
    member _.Update(changed: string, f: Hierarchy<Handler> -> Hierarchy<Handler>) =
        lock sync (fun () ->
            let s = state
            let h = f s.Hierarchy
            let names = Array.sub s.Names 0 s.Count

            let next = {
                s with
                    Hierarchy = h
                    Names = names
                    Views = Snapshot.refresh names changed (Array.sub s.Views 0 s.Count) h
            }

            Volatile.Write(&state, next)

            for struct (l, _) in loggers.Values do
                refresh l next.Views)
