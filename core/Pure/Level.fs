namespace FuncLog

open System

/// Python's standard level numbers (logging.DEBUG and friends).
[<RequireQualifiedAccess>]
module Levels =
    /// NOTSET (0): inherit the level of the parent logger.
    [<Literal>]
    let NotSet = 0

    /// DEBUG (10).
    [<Literal>]
    let Debug = 10

    /// INFO (20).
    [<Literal>]
    let Info = 20

    /// WARNING (30), the root logger's default.
    [<Literal>]
    let Warning = 30

    /// ERROR (40).
    [<Literal>]
    let Error = 40

    /// CRITICAL (50).
    [<Literal>]
    let Critical = 50

/// The table of level names, both ways, as an immutable value (Python's _levelToName and _nameToLevel).
[<Sealed>]
type LevelNames private (toName: Map<int, string>, toNumber: Map<string, int>) =
    // names of levels 0..100 looked up without allocating (the table is immutable, so this is too)
    let small = Array.init 101 (fun i -> Map.tryFind i toName |> Option.toObj)

    /// The standard table: CRITICAL, FATAL, ERROR, WARN, WARNING, INFO, DEBUG, NOTSET.
    static member Standard =
        LevelNames(
            Map.ofList [
                50, "CRITICAL"
                40, "ERROR"
                30, "WARNING"
                20, "INFO"
                10, "DEBUG"
                0, "NOTSET"
            ],
            Map.ofList [
                "CRITICAL", 50
                "FATAL", 50
                "ERROR", 40
                "WARN", 30
                "WARNING", 30
                "INFO", 20
                "DEBUG", 10
                "NOTSET", 0
            ]
        )

    /// Associates a name with a level number (Python's addLevelName): a new table.
    member _.Add(level: int, name: string) =
        LevelNames(Map.add level name toName, Map.add name level toNumber)

    /// The name of a level: its registered name, or "Level N" for an unregistered number.
    member _.NameOf(level: int) =
        if level >= 0 && level <= 100 && not (isNull small.[level]) then
            small.[level]
        else
            match Map.tryFind level toName with
            | Some n -> n
            | None -> "Level " + string level

    /// The number registered for a name, if any (names are case-sensitive, as in Python).
    member _.TryNumberOf(name: string) = Map.tryFind name toNumber

    /// A copy of the name-to-number mapping (Python's getLevelNamesMapping).
    member _.NamesMapping = toNumber

/// Level checks as pure functions.
[<RequireQualifiedAccess>]
module internal Level =
    /// Python's _checkLevel for a name: the number, or the error Python raises ("Unknown level: 'X'").
    let parse (names: LevelNames) (name: string) : Result<int, string> =
        match names.TryNumberOf name with
        | Some n -> Ok n
        | None -> Error(sprintf "Unknown level: %s" (if isNull name then "None" else "'" + name + "'"))
