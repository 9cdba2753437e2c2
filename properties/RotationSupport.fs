module FuncLog.Properties.RotationSupport

open System
open System.IO
open System.IO.Abstractions
open System.Text
open FsCheck
open FsCheck.FSharp
open Xunit
open FuncLog
open FuncLog.Properties.Props

/// IO properties write real files: fewer cases, each still reaching the edges.
let ioConfig = Config.QuickThrowOnFailure.WithMaxTest 150
let checkIO (p: Property) = Check.One(ioConfig, p)

let utf8 = UTF8Encoding(false)

/// The library's clock that moves only when told to.
type Clock = ManualTimeProvider

/// A property that fails with a message saying what was found.
let holds (ok: bool) (message: string) = if ok then true else failwith message

let tempDir () =
    let d =
        Path.Combine(Path.GetTempPath(), "funclog-props", Guid.NewGuid().ToString "N")

    Directory.CreateDirectory d |> ignore
    d

let tree (dir: string) =
    Directory.GetFiles dir
    |> Array.map (fun f -> Path.GetFileName f, File.ReadAllText(f, utf8))
    |> Array.sortBy fst
    |> List.ofArray

/// Messages from empty to long, with multi-byte and non-BMP characters (len() counts code points).
let genMessage =
    Gen.frequency [
        1, Gen.constant ""
        6, Gen.choose (1, 30) |> Gen.map (fun n -> String('x', n))
        2, Gen.choose (1, 10) |> Gen.map (fun n -> String.replicate n "é")
        1, Gen.choose (1, 5) |> Gen.map (fun n -> String.replicate n "😀")
        1, Gen.choose (60, 200) |> Gen.map (fun n -> String('L', n))
    ]
