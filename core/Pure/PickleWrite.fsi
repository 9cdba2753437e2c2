namespace FuncLog

/// pickle.dumps(value, 1) as CPython's SocketHandler writes a record's dict (with its memo puts).
[<RequireQualifiedAccess>]
module internal PickleWrite =

    /// pickle.dumps(value, 1) as CPython writes it (with its memo puts).
    val dumps: value: PyData -> byte array
