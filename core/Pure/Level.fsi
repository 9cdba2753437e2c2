namespace FuncLog

/// Python's standard level numbers (logging.DEBUG and friends).
[<RequireQualifiedAccess>]
module Levels =

    /// NOTSET (0): inherit the level of the parent logger.
    [<Literal>]
    val NotSet: int = 0

    /// DEBUG (10).
    [<Literal>]
    val Debug: int = 10

    /// INFO (20).
    [<Literal>]
    val Info: int = 20

    /// WARNING (30), the root logger's default.
    [<Literal>]
    val Warning: int = 30

    /// ERROR (40).
    [<Literal>]
    val Error: int = 40

    /// CRITICAL (50).
    [<Literal>]
    val Critical: int = 50

/// The table of level names, both ways, as an immutable value (Python's _levelToName and _nameToLevel).
[<Sealed>]
type LevelNames =

    /// Associates a name with a level number (Python's addLevelName): a new table.
    member Add: level: int * name: string -> LevelNames

    /// The name of a level: its registered name, or "Level N" for an unregistered number.
    member NameOf: level: int -> string

    /// The number registered for a name, if any (names are case-sensitive, as in Python).
    member TryNumberOf: name: string -> int option

    /// A copy of the name-to-number mapping (Python's getLevelNamesMapping).
    member NamesMapping: Map<string, int>

    /// The standard table: CRITICAL, FATAL, ERROR, WARN, WARNING, INFO, DEBUG, NOTSET.
    static member Standard: LevelNames

/// Level checks as pure functions.
[<RequireQualifiedAccess>]
module internal Level =

    /// Python's _checkLevel for a name: the number, or the error Python raises ("Unknown level: 'X'").
    val parse: names: LevelNames -> name: string -> Result<int, string>
