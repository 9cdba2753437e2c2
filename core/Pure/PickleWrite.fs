namespace FuncLog

open System
open System.Buffers.Binary
open System.Collections.Generic
open System.Globalization
open System.Numerics
open System.Text

/// pickle.dumps(value, 1) as CPython's SocketHandler writes a record's dict (with its memo puts).
[<RequireQualifiedAccess>]
module internal PickleWrite =
    let private memoPut (out: List<byte>) (memo: int byref) =
        if memo < 256 then
            out.Add(byte 'q')
            out.Add(byte memo)
        else
            out.Add(byte 'r')
            let b = Array.zeroCreate<byte> 4
            BinaryPrimitives.WriteInt32LittleEndian(Span b, memo)
            out.AddRange b

        memo <- memo + 1

    /// pickle.dumps(value, 1) as CPython writes it (with its memo puts).
    let dumps (value: PyData) : byte[] =
        // Long by design: one arm per pickle opcode CPython's protocol 1 writer emits, in the order it tries them.
        let out = List<byte>()
        let mutable memo = 0

        let int32 (n: int) =
            let b = Array.zeroCreate<byte> 4
            BinaryPrimitives.WriteInt32LittleEndian(Span b, n)
            out.AddRange b

        let rec write (v: PyData) =
            match v with
            | PyData.None -> out.Add(byte 'N')
            | PyData.Bool b -> out.AddRange(Encoding.ASCII.GetBytes(if b then "I01\n" else "I00\n"))
            | PyData.Int i when i >= BigInteger.Zero && i < BigInteger 256 ->
                out.Add(byte 'K')
                out.Add(byte (int i))
            | PyData.Int i when i >= BigInteger.Zero && i < BigInteger 65536 ->
                out.Add(byte 'M')
                let n = int i
                out.Add(byte (n &&& 0xff))
                out.Add(byte (n >>> 8))
            | PyData.Int i when i >= BigInteger Int32.MinValue && i <= BigInteger Int32.MaxValue ->
                out.Add(byte 'J')
                int32 (int i)
            | PyData.Int i -> out.AddRange(Encoding.ASCII.GetBytes("L" + i.ToString(CultureInfo.InvariantCulture) + "L\n"))
            | PyData.Float f ->
                out.Add(byte 'G')
                let b = Array.zeroCreate<byte> 8
                BinaryPrimitives.WriteDoubleBigEndian(Span b, f)
                out.AddRange b
            | PyData.Str s ->
                let b = Encoding.UTF8.GetBytes s
                out.Add(byte 'X')
                int32 b.Length
                out.AddRange b
                memoPut out &memo
            | PyData.Ref name -> write (PyData.Str name)
            | PyData.Bytes b ->
                // protocol 1 has no bytes opcode: CPython writes _codecs.encode(...); FuncLog writes latin-1 text
                write (PyData.Str(Encoding.Latin1.GetString b))
            | PyData.Tuple [] -> out.Add(byte ')')
            | PyData.Tuple xs ->
                out.Add(byte '(')

                for x in xs do
                    write x

                out.Add(byte 't')
                memoPut out &memo
            | PyData.List xs ->
                out.Add(byte ']')
                memoPut out &memo

                match xs with
                | [] -> ()
                | [ x ] ->
                    write x
                    out.Add(byte 'a')
                | xs ->
                    out.Add(byte '(')

                    for x in xs do
                        write x

                    out.Add(byte 'e')
            | PyData.Dict kv ->
                out.Add(byte '}')
                memoPut out &memo

                match kv with
                | [] -> ()
                | [ k, x ] ->
                    write k
                    write x
                    out.Add(byte 's')
                | kv ->
                    out.Add(byte '(')

                    for k, x in kv do
                        write k
                        write x

                    out.Add(byte 'u')

        write value
        out.Add(byte '.')
        out.ToArray()
