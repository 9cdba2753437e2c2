namespace FuncLog

[<AbstractClass; AllowNullLiteral>]
type internal ArgPack() =
    abstract Count: int
    abstract Get: index: int -> obj
    abstract TryAppendSimple: index: int * conv: char * sb: System.Text.StringBuilder -> bool
    abstract Release: unit -> unit

    member p.ToArray() : obj[] =
        let a = Array.zeroCreate p.Count

        for i in 0 .. a.Length - 1 do
            a.[i] <- p.Get i

        a
