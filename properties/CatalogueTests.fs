module FuncLog.Properties.CatalogueTests

open System
open System.Collections.Generic
open Xunit
open FuncLog

/// A handler that keeps the messages of the records it is given, up to a limit: the example of
/// docs/architecture.md ("adding a handler is one file plus one line").
type KeepingHandler(limit: int) =
    inherit Handler()
    member val Kept = List<string>()

    override this.Emit(record: LogRecord) =
        if this.Kept.Count < limit then
            this.Kept.Add(this.Format record)

/// KeepingHandler as configurations name it: its parameters, declared once.
module KeepingHandlerEntry =
    let internal keeping = {
        Schema = {
            Name = "KeepingHandler"
            Module = "logging.handlers"
            Required = [ "limit" ]
            Params = [ "limit", ParamKind.Int ]
        }
        Build = fun a -> KeepingHandler(int (a.Int("limit", 0L)))
    }

let private entries = HandlerCatalogue.entries @ [ KeepingHandlerEntry.keeping ]

let private schemas =
    entries |> List.map (fun e -> e.Schema.Name, e.Schema) |> Map.ofList

let private read (json: string) =
    ConfigText.json json
    |> Result.bind (DictConfig.parse schemas InputLimits.Default LevelNames.Standard)

[<Fact>]
let ``a handler declared by one entry is read, checked and built from a configuration`` () =
    match read """{"version": 1, "handlers": {"k": {"class": "logging.handlers.KeepingHandler", "limit": 2}}}""" with
    | Error e -> failwithf "refused: %O" e
    | Ok config ->
        let _, h = config.Handlers |> List.exactlyOne
        Assert.Equal("KeepingHandler", h.Class)
        let entry = entries |> List.find (fun e -> e.Schema.Name = h.Class)
        let handler = entry.Build(HandlerArgs(h.Args, Console.Error, null, null, Dictionary(), fun _ n -> failwith n)) :?> KeepingHandler

        for i in 1..3 do
            handler.Handle(LogRecord.Create("x", Levels.Warning, box (sprintf "m%d" i))) |> ignore

        Assert.Equal<string list>([ "m1"; "m2" ], List.ofSeq handler.Kept)

[<Fact>]
let ``the entry's schema refuses what the handler does not take, naming the key`` () =
    match read """{"version": 1, "handlers": {"k": {"class": "logging.handlers.KeepingHandler", "limit": "two"}}}""" with
    | Ok _ -> failwith "accepted"
    | Error e -> Assert.Equal("handlers.k.limit", e.Where)

    match read """{"version": 1, "handlers": {"k": {"class": "logging.handlers.KeepingHandler"}}}""" with
    | Ok _ -> failwith "accepted"
    | Error e -> Assert.Contains("limit", e.Message)
