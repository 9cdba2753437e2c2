namespace FuncLog

open System
open System.Buffers.Binary
open System.Collections.Generic
open System.Globalization
open System.Numerics
open System.Text


/// Python's pickle, for data only: `dumps` writes protocol 1 as CPython's SocketHandler does; `loads`
/// reads protocols 0–5 but only the opcodes that build data (dict, list, tuple, str, bytes, int, float,
/// bool, None) and refuses every opcode that would name or construct an object (GLOBAL, REDUCE, BUILD,
/// INST, OBJ, NEWOBJ, EXT, persistent ids). Lengths are checked against the bytes present before anything
/// is allocated, so a frame never costs more memory than its own size.
[<RequireQualifiedAccess>]
module internal Pickle =
    /// pickle.dumps(value, 1) as CPython writes it (see PickleWrite).
    let dumps (value: PyData) : byte[] = PickleWrite.dumps value


    /// What the decoder builds: containers stay mutable until STOP, so appends cost O(1) and a memoized
    /// container sees the items added to it later, as in Python.
    [<AllowNullLiteral>]
    type private Node(kind: char) =
        member val Leaf = PyData.None with get, set
        member val Items = List<Node>() with get
        member _.Kind = kind // 'v' leaf, 'l' list, 't' tuple, 'd' dict (Items hold key, value, key, value …)

    let private leaf v = Node('v', Leaf = v)

    /// The values a frame of `length` bytes may come to: one per byte. A value shared through the memo (DUP,
    /// GET) counts again at each place it appears, so a few hundred bytes that share a value 2^30 times are
    /// refused when the copy reaches the budget, not after.
    let private budgetOf (length: int) = int64 length

    /// The decoded value as immutable data, copied out of the decoder's nodes: every copied value counts
    /// against the budget, nesting is bounded by limits.MaxDepth, and a container that contains itself is
    /// refused.
    let rec private freeze
        (limits: InputLimits)
        (budget: int64 ref)
        (visiting: HashSet<Node>)
        (depth: int)
        (n: Node)
        : Result<PyData, string> =
        budget.Value <- budget.Value - 1L

        if budget.Value < 0L then
            Error "the frame expands to more values than it has bytes (a value shared too often through the memo)"
        elif depth > limits.MaxDepth then
            Error(LimitText.tooDeep limits)
        elif n.Kind = 'v' then
            Ok n.Leaf
        elif not (visiting.Add n) then
            Error "a container contains itself (recursive data is refused)"
        else
            let parts = List<PyData>()
            let mutable err = None

            for x in n.Items do
                if err.IsNone then
                    match freeze limits budget visiting (depth + 1) x with
                    | Ok v -> parts.Add v
                    | Error e -> err <- Some e

            visiting.Remove n |> ignore

            match err with
            | Some e -> Error e
            | None ->
                match n.Kind with
                | 'l' -> Ok(PyData.List(List.ofSeq parts))
                | 't' -> Ok(PyData.Tuple(List.ofSeq parts))
                | _ ->
                    // later items win, as in a Python dict; each key keeps its first position
                    let merged = Dictionary<PyData, PyData>()
                    let order = List<PyData>()

                    for i in 0..2 .. parts.Count - 2 do
                        let k = parts.[i]

                        if not (merged.ContainsKey k) then
                            order.Add k

                        merged.[k] <- parts.[i + 1]

                    Ok(PyData.Dict [ for k in order -> k, merged.[k] ])

    /// raw-unicode-escape (the UNICODE opcode's text): \uXXXX and \UXXXXXXXX, everything else as latin-1.
    let private rawUnicodeEscape (l: string) : Result<string, string> =
        let sb = StringBuilder(l.Length)
        let mutable i = 0
        let mutable err = None

        let hex (start: int) (n: int) =
            if start + n <= l.Length then
                match Int32.TryParse(l.AsSpan(start, n), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture) with
                | true, v when v <= 0x10FFFF -> ValueSome v
                | _ -> ValueNone
            else
                ValueNone

        while i < l.Length do
            if l.[i] = '\\' && i + 1 < l.Length && (l.[i + 1] = 'u' || l.[i + 1] = 'U') then
                let n = if l.[i + 1] = 'u' then 4 else 8

                match hex (i + 2) n with
                | ValueSome v when v < 0xD800 || v > 0xDFFF ->
                    sb.Append(Char.ConvertFromUtf32 v) |> ignore
                    i <- i + 2 + n
                | ValueSome v when n = 4 ->
                    sb.Append(char v) |> ignore
                    i <- i + 6
                | _ ->
                    err <- Some "bad \\u escape in UNICODE"
                    i <- l.Length
            else
                sb.Append l.[i] |> ignore
                i <- i + 1

        match err with
        | Some e -> Error e
        | None -> Ok(sb.ToString())

    /// The decoder's machine: the input, the position, the stack (null is a MARK), the memo, and the first
    /// error (after which nothing more is read). Each opcode family is one member.
    type private Machine(limits: InputLimits, data: byte[]) =
        let stack = Stack<Node>()
        let memo = Dictionary<int64, Node>()
        let mutable pos = 0
        let mutable result: Node = null
        let mutable error: string = null
        // the bytes a binary integer of MaxIntDigits decimal digits needs
        let maxIntBytes = int64 (ceil (float limits.MaxIntDigits * Math.Log2 10.0 / 8.0)) + 1L

        member _.Pos = pos
        member _.Error = error
        member _.Result = result
        member _.Running = isNull error && isNull result && pos < data.Length

        member _.Fail(msg: string) =
            if isNull error then
                error <- sprintf "offset %d: %s" pos msg

        member this.Need(n: int) =
            if n < 0 || int64 pos + int64 n > int64 data.Length then
                this.Fail(sprintf "truncated: %d more bytes needed, %d left" n (data.Length - pos))
                false
            else
                true

        member this.Push(n: Node) =
            if stack.Count > 100_000 then
                this.Fail "too many items on the stack"
            else
                stack.Push n

        member this.PushV(v: PyData) = this.Push(leaf v)

        member this.Pop() : Node =
            if stack.Count = 0 then
                this.Fail "stack underflow"
                leaf PyData.None
            else
                match stack.Pop() with
                | null ->
                    this.Fail "unexpected mark"
                    leaf PyData.None
                | n -> n

        member this.PopToMark() =
            let items = List<Node>()
            let mutable fin = false

            while not fin do
                if stack.Count = 0 then
                    this.Fail "mark not found"
                    fin <- true
                else
                    match stack.Pop() with
                    | null -> fin <- true
                    | v -> items.Add v

            items.Reverse()
            items

        member _.Next() =
            pos <- pos + 1
            data.[pos - 1]

        member this.Line() =
            let i = Array.IndexOf(data, byte '\n', pos)

            if i < 0 then
                this.Fail "truncated line"
                ""
            else
                let s = Encoding.Latin1.GetString(data, pos, i - pos)
                pos <- i + 1
                s

        /// Reads `n` bytes at the position with `read` (the array and the offset); `dflt` when truncated.
        member this.Fixed(n: int, read: byte[] -> int -> 'T, dflt: 'T) =
            if this.Need n then
                let v = read data pos
                pos <- pos + n
                v
            else
                dflt

        member this.Byte1() = this.Fixed(1, (fun d i -> int64 d.[i]), 0L)
        member this.U32() = this.Fixed(4, (fun d i -> int64 (BinaryPrimitives.ReadUInt32LittleEndian(ReadOnlySpan(d, i, 4)))), 0L)

        member this.U64() =
            this.Fixed(8, (fun d i -> BinaryPrimitives.ReadUInt64LittleEndian(ReadOnlySpan(d, i, 8))), 0UL)
            |> fun v -> if v > uint64 Int32.MaxValue then Int64.MaxValue else int64 v

        member this.Take(n: int64) =
            if n > int64 Int32.MaxValue || not (this.Need(int n)) then
                [||]
            else
                let b = data.AsSpan(pos, int n).ToArray()
                pos <- pos + int n
                b

        member this.AddTo (target: Node) (items: seq<Node>) =
            if target.Kind = 'l' || target.Kind = 'd' then
                target.Items.AddRange items

                if target.Kind = 'd' && target.Items.Count % 2 = 1 then
                    this.Fail "odd number of items for a dict"
            else
                this.Fail "items added to something that is not a list or dict"

        member this.ParseInt(s: string) =
            if s.TrimStart('-', '+').Length > limits.MaxIntDigits then
                this.Fail(LimitText.intTooLong limits)
            else
                match BigInteger.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) with
                | true, n -> this.PushV(PyData.Int n)
                | _ -> this.Fail(sprintf "bad integer %s" (PyValue.stringRepr s))

        /// PROTO, FRAME, STOP, MARK and the scalar opcodes (None, bools, ints, floats); false for others.
        member this.Scalar(op: byte) =
            match char op with
            | '\x80' -> this.Byte1() |> ignore // PROTO
            | '\x95' -> this.U64() |> ignore // FRAME
            | '.' -> result <- this.Pop()
            | '(' -> stack.Push null
            | 'N' -> this.PushV PyData.None
            | '\x88' -> this.PushV(PyData.Bool true)
            | '\x89' -> this.PushV(PyData.Bool false)
            | 'K' -> this.PushV(PyData.Int(BigInteger(this.Byte1())))
            | 'M' -> this.Fixed(2, (fun d i -> this.PushV(PyData.Int(BigInteger(int (BinaryPrimitives.ReadUInt16LittleEndian(ReadOnlySpan(d, i, 2))))))), ())
            | 'J' -> this.Fixed(4, (fun d i -> this.PushV(PyData.Int(BigInteger(BinaryPrimitives.ReadInt32LittleEndian(ReadOnlySpan(d, i, 4)))))), ())
            | 'I' ->
                match this.Line() with
                | "01" -> this.PushV(PyData.Bool true)
                | "00" -> this.PushV(PyData.Bool false)
                | s -> this.ParseInt s
            | 'L' -> this.ParseInt((this.Line()).TrimEnd('L'))
            | '\x8a'
            | '\x8b' ->
                let n = if op = 0x8auy then this.Byte1() else this.U32()

                if n > maxIntBytes then
                    this.Fail(LimitText.intTooLong limits)
                else
                    let b = this.Take n
                    this.PushV(PyData.Int(if b.Length = 0 then BigInteger.Zero else BigInteger(ReadOnlySpan b, false, false)))
            | 'G' -> this.Fixed(8, (fun d i -> this.PushV(PyData.Float(BinaryPrimitives.ReadDoubleBigEndian(ReadOnlySpan(d, i, 8))))), ())
            | 'F' ->
                match Double.TryParse(this.Line(), NumberStyles.Float, CultureInfo.InvariantCulture) with
                | true, f -> this.PushV(PyData.Float f)
                | _ -> this.Fail "bad FLOAT"
            | _ -> ()

            "\x80\x95.(N\x88\x89KMJIL\x8a\x8bGF".Contains(char op)

        /// The text and bytes opcodes; false for others.
        member this.Text(op: byte) =
            let str (decode: byte[] -> string) (n: int64) = this.PushV(PyData.Str(decode (this.Take n)))
            let utf8 (b: byte[]) = Encoding.UTF8.GetString b
            let latin1 (b: byte[]) = Encoding.Latin1.GetString b

            match char op with
            | 'X' -> str utf8 (this.U32())
            | '\x8c' -> str utf8 (this.Byte1())
            | '\x8d' -> str utf8 (this.U64())
            | 'V' ->
                match rawUnicodeEscape (this.Line()) with
                | Ok s -> this.PushV(PyData.Str s)
                | Error e -> this.Fail e
            | 'T' -> str latin1 (this.U32())
            | 'U' -> str latin1 (this.Byte1())
            | 'S' ->
                let s = this.Line()
                this.PushV(PyData.Str(if s.Length >= 2 then s.Substring(1, s.Length - 2) else s))
            | 'B' -> this.PushV(PyData.Bytes(this.Take(this.U32())))
            | 'C' -> this.PushV(PyData.Bytes(this.Take(this.Byte1())))
            | '\x8e' -> this.PushV(PyData.Bytes(this.Take(this.U64())))
            | _ -> ()

            "X\x8c\x8dVTUSBC\x8e".Contains(char op)

        /// The container opcodes (build and fill lists, tuples, dicts); false for others.
        member this.Container(op: byte) =
            let container (kind: char) (items: seq<Node>) =
                let n = Node(kind)
                n.Items.AddRange items
                this.Push n

            let fill (items: seq<Node>) =
                let target = this.Pop()
                this.AddTo target items
                this.Push target

            match char op with
            | '}' -> this.Push(Node('d'))
            | ']' -> this.Push(Node('l'))
            | ')' -> this.Push(Node('t'))
            | 't' -> container 't' (this.PopToMark())
            | '\x85' -> container 't' [ this.Pop() ]
            | '\x86' -> (let b = this.Pop() in container 't' [ this.Pop(); b ])
            | '\x87' -> (let c = this.Pop() in let b = this.Pop() in container 't' [ this.Pop(); b; c ])
            | 'l' -> container 'l' (this.PopToMark())
            | 'd' ->
                let d = Node('d')
                this.AddTo d (this.PopToMark())
                this.Push d
            | 'a' -> (let v = this.Pop() in fill [ v ])
            | 'e'
            | 'u' -> fill (this.PopToMark())
            | 's' -> (let v = this.Pop() in let k = this.Pop() in fill [ k; v ])
            | _ -> ()

            "}])t\x85\x86\x87ldaeus".Contains(char op)

        /// The memo and stack opcodes (PUT, GET, MEMOIZE, POP, POP_MARK, DUP); false for others.
        member this.Memo(op: byte) =
            let remember (key: int64) =
                if memo.Count > 1_000_000 then
                    this.Fail "memo too large"
                elif stack.Count = 0 then
                    this.Fail "memo put on an empty stack"
                else
                    match stack.Peek() with
                    | null -> this.Fail "memo put on a mark"
                    | v -> memo.[key] <- v

            let recall (key: int64) =
                match memo.TryGetValue key with
                | true, v -> this.Push v
                | _ -> this.Fail(sprintf "memo key %d not found" key)

            let decimal () =
                match Int64.TryParse(this.Line()) with
                | true, k -> k
                | _ -> -1L

            match char op with
            | 'p' ->
                match decimal () with
                | k when k >= 0L -> remember k
                | _ -> this.Fail "bad PUT"
            | 'q' -> remember (this.Byte1())
            | 'r' -> remember (this.U32())
            | '\x94' -> remember (int64 memo.Count)
            | 'g' -> recall (decimal ())
            | 'h' -> recall (this.Byte1())
            | 'j' -> recall (this.U32())
            | '0' -> this.Pop() |> ignore
            | '1' -> this.PopToMark() |> ignore
            | '2' ->
                let v = this.Pop()
                this.Push v
                this.Push v
            | _ -> ()

            "pqr\x94ghj012".Contains(char op)

        /// Every other opcode: those that name or construct objects are refused by name, the rest as unknown.
        member this.Refuse(op: byte) =
            match char op with
            | 'c'
            | '\x93' -> this.Fail "refused: GLOBAL names a Python object (only data is accepted)"
            | 'R' -> this.Fail "refused: REDUCE calls a Python object (only data is accepted)"
            | 'b' -> this.Fail "refused: BUILD sets object state (only data is accepted)"
            | 'i'
            | 'o'
            | '\x81'
            | '\x92' -> this.Fail "refused: the opcode constructs an object (only data is accepted)"
            | '\x82'
            | '\x83'
            | '\x84' -> this.Fail "refused: EXT names a registered object (only data is accepted)"
            | 'P'
            | 'Q' -> this.Fail "refused: persistent ids (only data is accepted)"
            | c -> this.Fail(sprintf "unknown or unsupported opcode 0x%02x" (int c))

    /// pickle.loads for data only; an error names the offset and the refused opcode. The result has at most
    /// one value per byte of input, nests at most limits.MaxDepth deep, and no integer read from text has
    /// more than limits.MaxIntDigits digits (nor one read in binary more bytes than such a number needs).
    let loadsWith (limits: InputLimits) (input: ReadOnlySpan<byte>) : Result<PyData, string> =
        let data = input.ToArray()
        let m = Machine(limits, data)

        while m.Running do
            let op = m.Next()

            if not (m.Scalar op || m.Text op || m.Container op || m.Memo op) then
                m.Refuse op

        if not (isNull m.Error) then
            Error m.Error
        elif isNull m.Result then
            Error(sprintf "offset %d: truncated: no STOP" m.Pos)
        else
            freeze limits (ref (budgetOf data.Length)) (HashSet<Node>(HashIdentity.Reference)) 0 m.Result

    /// pickle.loads for data only, with the default limits.
    let loads (input: ReadOnlySpan<byte>) = loadsWith InputLimits.Default input
