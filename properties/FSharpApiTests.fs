/// The F# API (FuncLog.FSharp.Log): pipelines over loggers, Python's lazy %-args, F#'s typed formats.
module FuncLog.Properties.FSharpApiTests

open System
open System.Collections.Generic
open FsCheck
open FsCheck.FSharp
open Xunit
open FuncLog
open FuncLog.FSharp

type private Collect() =
    inherit Handler()
    let lines = List<string>()
    let records = List<LogRecord>()
    member _.Lines = List.ofSeq lines
    member _.Records = List.ofSeq records

    override this.Emit record =
        records.Add record
        lines.Add(this.Format record)

let private setup (format: string) =
    let manager =
        Manager(ManualTimeProvider(DateTimeOffset(2026, 11, 21, 9, 30, 0, TimeSpan.Zero)))

    let handler = Collect()
    handler.SetFormatter(Formatter(format))
    manager.Root.AddHandler handler
    manager, handler

[<Fact>]
let ``functions log through the hierarchy in pipelines`` () =
    let manager, h = setup "%(asctime)s %(levelname)s %(name)s: %(message)s"

    Log.getLoggerOf manager "shop" |> Log.setLevel Levels.Debug |> ignore
    let log = Log.getLoggerOf manager "shop.orders"

    log |> Log.debug "opened"
    log |> Log.info "100% plain: a % with no args is printed as written"
    log |> Log.warningArgs "disk %d%% full on %s" [ box 93; box "/var" ]
    Log.infof log "order %d for %s at %.2f" 42 "ann" 59.9
    Log.getLoggerOf manager "other" |> Log.info "root is at WARNING: not logged"

    Assert.Equal<string list>(
        [
            "2026-11-21 09:30:00,000 DEBUG shop.orders: opened"
            "2026-11-21 09:30:00,000 INFO shop.orders: 100% plain: a % with no args is printed as written"
            "2026-11-21 09:30:00,000 WARNING shop.orders: disk 93% full on /var"
            "2026-11-21 09:30:00,000 INFO shop.orders: order 42 for ann at 59.90"
        ],
        h.Lines
    )

[<Fact>]
let ``args stay on the record and are applied only when formatted; extra and exceptions reach it`` () =
    let manager, h = setup "%(levelname)s %(user)s %(message)s"
    let log = Log.getLoggerOf manager "svc"
    let audit = Log.logExtra [ ("user", box "ann") ]
    log |> audit Levels.Warning "login from %s" [ box "10.0.0.1" ]

    log
    |> Log.exn (InvalidOperationException "payment service down") "payment failed"
    |> ignore

    let r = h.Records.[0]
    Assert.Equal(box "login from %s", r.Msg)
    Assert.Equal<obj[]>([| box "10.0.0.1" |], r.Args)
    Assert.Equal("WARNING ann login from 10.0.0.1", h.Lines.[0])
    Assert.Equal("(unknown function)", r.FuncName)
    Assert.IsType<InvalidOperationException>(h.Records.[1].ExcInfo) |> ignore
    Assert.Equal(Levels.Error, h.Records.[1].LevelNo)

[<Fact>]
let ``a call below the level allocates nothing`` () =
    let manager, h = setup "%(message)s"
    let log = Log.getLoggerOf manager "quiet" |> Log.setLevel Levels.Error

    for _ in 1..100 do
        log |> Log.debug "x"

    let before = GC.GetAllocatedBytesForCurrentThread()

    for _ in 1..10_000 do
        log |> Log.debug "x"
        log |> Log.info "y"

    Assert.Equal(0L, GC.GetAllocatedBytesForCurrentThread() - before)
    Assert.Empty h.Lines

[<Fact>]
let ``a record is made exactly when its level reaches the effective level`` () =
    let levels = Gen.elements [ 0; 1; 5; 9; 10; 11; 19; 20; 25; 30; 40; 50; 51; 99 ]

    let prop (loggerLevel: int) (parentLevel: int) (level: int) (depth: int) =
        let manager, h = setup "%(message)s"
        manager.Root.SetLevel Levels.Warning
        Log.getLoggerOf manager "a" |> Log.setLevel parentLevel |> ignore

        let name =
            String.Join(".", Array.init (depth + 1) (fun i -> if i = 0 then "a" else sprintf "n%d" i))

        let log = Log.getLoggerOf manager name

        if depth > 0 then
            log.SetLevel loggerLevel

        log |> Log.logArgs level "at %d" [ box level ]

        let effective =
            if depth > 0 && loggerLevel <> 0 then loggerLevel
            elif parentLevel <> 0 then parentLevel
            else Levels.Warning

        let expected = if level >= effective then [ sprintf "at %d" level ] else []

        expected = h.Lines && Log.isEnabledFor level log = (level >= effective)

    let arb =
        Arb.fromGen (
            gen {
                let! a = levels
                let! b = levels
                let! c = levels
                let! d = Gen.choose (0, 3)
                return a, b, c, d
            }
        )

    Check.One(Config.QuickThrowOnFailure.WithMaxTest 300, Prop.forAll arb (fun (a, b, c, d) -> prop a b c d))
