namespace FuncLog

/// Python's pickle, for data only: `dumps` writes protocol 1 as CPython's SocketHandler does; `loads`
/// reads protocols 0–5 but only the opcodes that build data (dict, list, tuple, str, bytes, int, float,
/// bool, None) and refuses every opcode that would name or construct an object (GLOBAL, REDUCE, BUILD,
/// INST, OBJ, NEWOBJ, EXT, persistent ids). Lengths are checked against the bytes present before anything
/// is allocated, so a frame never costs more memory than its own size.
[<RequireQualifiedAccess>]
module internal Pickle =

    /// pickle.dumps(value, 1) as CPython writes it (see PickleWrite).
    val dumps: value: PyData -> byte array

    /// pickle.loads for data only; an error names the offset and the refused opcode. The result has at most
    /// one value per byte of input, nests at most limits.MaxDepth deep, and no integer read from text has
    /// more than limits.MaxIntDigits digits (nor one read in binary more bytes than such a number needs).
    val loadsWith: limits: InputLimits -> input: System.ReadOnlySpan<byte> -> Result<PyData, string>

    /// pickle.loads for data only, with the default limits.
    val loads: input: System.ReadOnlySpan<byte> -> Result<PyData, string>
