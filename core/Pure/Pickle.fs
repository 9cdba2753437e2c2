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

    /// pickle.loads for data only; an error names the offset and the refused opcode. The result has at most
    /// one value per byte of input, nests at most limits.MaxDepth deep, and no integer read from text has
    /// more than limits.MaxIntDigits digits (nor one read in binary more bytes than such a number needs).
    let loadsWith (limits: InputLimits) (input: ReadOnlySpan<byte>) : Result<PyData, string> =
        let data = input.ToArray()
        let stack = Stack<Node>() // null is a MARK
        let memo = Dictionary<int64, Node>()
        let mutable pos = 0
        let mutable result: Node = null
        let mutable error: string = null

        let fail (msg: string) =
            if isNull error then
                error <- sprintf "offset %d: %s" pos msg

        let need (n: int) =
            if n < 0 || int64 pos + int64 n > int64 data.Length then
                fail (sprintf "truncated: %d more bytes needed, %d left" n (data.Length - pos))
                false
            else
                true

        let push (n: Node) =
            if stack.Count > 100_000 then
                fail "too many items on the stack"
            else
                stack.Push n

        let pushV v = push (leaf v)

        let pop () : Node =
            if stack.Count = 0 then
                fail "stack underflow"
                leaf PyData.None
            else
                match stack.Pop() with
                | null ->
                    fail "unexpected mark"
                    leaf PyData.None
                | n -> n

        let popToMark () =
            let items = List<Node>()
            let mutable fin = false

            while not fin do
                if stack.Count = 0 then
                    fail "mark not found"
                    fin <- true
                else
                    match stack.Pop() with
                    | null -> fin <- true
                    | v -> items.Add v

            items.Reverse()
            items

        let container (kind: char) (items: seq<Node>) =
            let n = Node(kind)
            n.Items.AddRange items
            n

        let line () =
            let i = Array.IndexOf(data, byte '\n', pos)

            if i < 0 then
                fail "truncated line"
                ""
            else
                let s = Encoding.Latin1.GetString(data, pos, i - pos)
                pos <- i + 1
                s

        let byte1 () =
            if need 1 then
                pos <- pos + 1
                int64 data.[pos - 1]
            else
                0L

        let u32 () =
            if need 4 then
                let v = BinaryPrimitives.ReadUInt32LittleEndian(ReadOnlySpan(data, pos, 4))
                pos <- pos + 4
                int64 v
            else
                0L

        let u64 () =
            if need 8 then
                let v = BinaryPrimitives.ReadUInt64LittleEndian(ReadOnlySpan(data, pos, 8))
                pos <- pos + 8

                if v > uint64 Int32.MaxValue then
                    Int64.MaxValue
                else
                    int64 v
            else
                0L

        let take (n: int64) =
            if n > int64 Int32.MaxValue || not (need (int n)) then
                [||]
            else
                let b = data.AsSpan(pos, int n).ToArray()
                pos <- pos + int n
                b

        let addTo (target: Node) (items: seq<Node>) =
            if target.Kind = 'l' || target.Kind = 'd' then
                target.Items.AddRange items

                if target.Kind = 'd' && target.Items.Count % 2 = 1 then
                    fail "odd number of items for a dict"
            else
                fail "items added to something that is not a list or dict"

        let remember (key: int64) =
            if memo.Count > 1_000_000 then
                fail "memo too large"
            elif stack.Count = 0 then
                fail "memo put on an empty stack"
            else
                match stack.Peek() with
                | null -> fail "memo put on a mark"
                | v -> memo.[key] <- v

        // the bytes a binary integer of MaxIntDigits decimal digits needs
        let maxIntBytes = int64 (ceil (float limits.MaxIntDigits * Math.Log2 10.0 / 8.0)) + 1L

        let parseInt (s: string) =
            let digits = s.TrimStart('-', '+').Length

            if digits > limits.MaxIntDigits then
                fail (LimitText.intTooLong limits)
            else
                match BigInteger.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) with
                | true, n -> pushV (PyData.Int n)
                | _ -> fail (sprintf "bad integer %s" (PyValue.stringRepr s))

        while isNull error && isNull result && pos < data.Length do
            let op = data.[pos]
            pos <- pos + 1

            match char op with
            | '\x80' -> byte1 () |> ignore // PROTO
            | '\x95' -> u64 () |> ignore // FRAME
            | '.' -> result <- pop ()
            | '(' -> stack.Push null
            | '}' -> push (Node('d'))
            | ']' -> push (Node('l'))
            | ')' -> push (Node('t'))
            | 'N' -> pushV PyData.None
            | '\x88' -> pushV (PyData.Bool true)
            | '\x89' -> pushV (PyData.Bool false)
            | 'K' -> pushV (PyData.Int(BigInteger(byte1 ())))
            | 'M' ->
                if need 2 then
                    pushV (PyData.Int(BigInteger(int (BinaryPrimitives.ReadUInt16LittleEndian(ReadOnlySpan(data, pos, 2))))))
                    pos <- pos + 2
            | 'J' ->
                if need 4 then
                    pushV (PyData.Int(BigInteger(BinaryPrimitives.ReadInt32LittleEndian(ReadOnlySpan(data, pos, 4)))))
                    pos <- pos + 4
            | 'I' ->
                match line () with
                | "01" -> pushV (PyData.Bool true)
                | "00" -> pushV (PyData.Bool false)
                | s -> parseInt s
            | 'L' -> parseInt ((line ()).TrimEnd('L'))
            | '\x8a'
            | '\x8b' ->
                let n = if op = 0x8auy then byte1 () else u32 ()

                if n > maxIntBytes then
                    fail (LimitText.intTooLong limits)
                else
                    let b = take n

                    pushV (
                        PyData.Int(
                            if b.Length = 0 then
                                BigInteger.Zero
                            else
                                BigInteger(ReadOnlySpan b, false, false)
                        )
                    )
            | 'G' ->
                if need 8 then
                    pushV (PyData.Float(BinaryPrimitives.ReadDoubleBigEndian(ReadOnlySpan(data, pos, 8))))
                    pos <- pos + 8
            | 'F' ->
                match Double.TryParse(line (), NumberStyles.Float, CultureInfo.InvariantCulture) with
                | true, f -> pushV (PyData.Float f)
                | _ -> fail "bad FLOAT"
            | 'X' -> pushV (PyData.Str(Encoding.UTF8.GetString(take (u32 ()))))
            | '\x8c' -> pushV (PyData.Str(Encoding.UTF8.GetString(take (byte1 ()))))
            | '\x8d' -> pushV (PyData.Str(Encoding.UTF8.GetString(take (u64 ()))))
            | 'V' ->
                // raw-unicode-escape: \uXXXX and \UXXXXXXXX, everything else as latin-1
                let l = line ()
                let sb = StringBuilder(l.Length)
                let mutable i = 0

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
                            fail "bad \\u escape in UNICODE"
                            i <- l.Length
                    else
                        sb.Append l.[i] |> ignore
                        i <- i + 1

                pushV (PyData.Str(sb.ToString()))
            | 'T' -> pushV (PyData.Str(Encoding.Latin1.GetString(take (u32 ()))))
            | 'U' -> pushV (PyData.Str(Encoding.Latin1.GetString(take (byte1 ()))))
            | 'S' ->
                let s = line ()
                pushV (PyData.Str(if s.Length >= 2 then s.Substring(1, s.Length - 2) else s))
            | 'B' -> pushV (PyData.Bytes(take (u32 ())))
            | 'C' -> pushV (PyData.Bytes(take (byte1 ())))
            | '\x8e' -> pushV (PyData.Bytes(take (u64 ())))
            | 't' -> push (container 't' (popToMark ()))
            | '\x85' -> (let a = pop () in push (container 't' [ a ]))
            | '\x86' ->
                (let b = pop () in
                 let a = pop () in
                 push (container 't' [ a; b ]))
            | '\x87' ->
                (let c = pop () in
                 let b = pop () in
                 let a = pop () in
                 push (container 't' [ a; b; c ]))
            | 'l' -> push (container 'l' (popToMark ()))
            | 'd' ->
                let items = popToMark ()
                let d = Node('d')
                addTo d items
                push d
            | 'a' ->
                let v = pop ()
                let target = pop ()
                addTo target [ v ]
                push target
            | 'e'
            | 'u' ->
                let items = popToMark ()
                let target = pop ()
                addTo target items
                push target
            | 's' ->
                let v = pop ()
                let k = pop ()
                let target = pop ()
                addTo target [ k; v ]
                push target
            | 'p' ->
                match Int64.TryParse(line ()) with
                | true, k -> remember k
                | _ -> fail "bad PUT"
            | 'q' -> remember (byte1 ())
            | 'r' -> remember (u32 ())
            | '\x94' -> remember (int64 memo.Count)
            | 'g'
            | 'h'
            | 'j' ->
                let k =
                    match char op with
                    | 'g' ->
                        match Int64.TryParse(line ()) with
                        | true, k -> k
                        | _ -> -1L
                    | 'h' -> byte1 ()
                    | _ -> u32 ()

                match memo.TryGetValue k with
                | true, v -> push v
                | _ -> fail (sprintf "memo key %d not found" k)
            | '0' -> pop () |> ignore
            | '1' -> popToMark () |> ignore
            | '2' ->
                let v = pop ()
                push v
                push v
            | 'c'
            | '\x93' -> fail "refused: GLOBAL names a Python object (only data is accepted)"
            | 'R' -> fail "refused: REDUCE calls a Python object (only data is accepted)"
            | 'b' -> fail "refused: BUILD sets object state (only data is accepted)"
            | 'i'
            | 'o'
            | '\x81'
            | '\x92' -> fail "refused: the opcode constructs an object (only data is accepted)"
            | '\x82'
            | '\x83'
            | '\x84' -> fail "refused: EXT names a registered object (only data is accepted)"
            | 'P'
            | 'Q' -> fail "refused: persistent ids (only data is accepted)"
            | c -> fail (sprintf "unknown or unsupported opcode 0x%02x" (int c))

        if not (isNull error) then
            Error error
        elif isNull result then
            Error(sprintf "offset %d: truncated: no STOP" pos)
        else
            freeze limits (ref (budgetOf data.Length)) (HashSet<Node>(HashIdentity.Reference)) 0 result

    /// pickle.loads for data only, with the default limits.
    let loads (input: ReadOnlySpan<byte>) = loadsWith InputLimits.Default input
