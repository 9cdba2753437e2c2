namespace FuncLog

open System.Threading

/// The process-wide level-name table (Python's module-level _levelToName/_nameToLevel), swapped atomically.
[<RequireQualifiedAccess>]
module LevelTable =
    let mutable private current = LevelNames.Standard

    /// The current table.
    let get () = Volatile.Read &current

    /// Registers a level name (Python's addLevelName).
    let add (level: int) (name: string) =
        let rec loop () =
            let old = Volatile.Read &current

            if not (obj.ReferenceEquals(Interlocked.CompareExchange(&current, old.Add(level, name), old), old)) then
                loop ()

        loop ()

    /// The name of a level ("Level N" when unregistered).
    let nameOf (level: int) = (get ()).NameOf level

    /// A level number from a name; throws ArgumentException("Unknown level: 'X'") like Python's ValueError.
    let check (name: string) =
        match Level.parse (get ()) name with
        | Ok n -> n
        | Error e -> raise (System.ArgumentException e)
