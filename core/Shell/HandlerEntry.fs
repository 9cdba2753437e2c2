namespace FuncLog

open System
open System.Collections.Generic
open System.IO
open System.IO.Abstractions

/// What a configuration gives a handler it names: its keyword arguments (already checked against the
/// handler's schema), and what the configuring manager provides — its stderr, file system, clock (null: the
/// handler reads its manager's), the handlers it has built so far, and the type finder for user types.
[<Sealed>]
type internal HandlerArgs
    (
        args: (string * PyData) list,
        stderr: TextWriter,
        fileSystem: IFileSystem,
        clock: TimeProvider,
        others: IReadOnlyDictionary<string, Handler>,
        findType: Type -> string -> Type
    ) =
    /// The argument, when given.
    member _.Get(name: string) =
        args |> List.tryFind (fst >> (=) name) |> Option.map snd

    member this.Str(name: string, dflt: string) =
        match this.Get name with
        | Some(PyData.Str s) -> s
        | _ -> dflt

    member this.Int(name: string, dflt: int64) =
        match this.Get name with
        | Some(SmallInt i) -> i
        | _ -> dflt

    member this.Float(name: string, dflt: float) =
        match this.Get name with
        | Some(SmallInt i) -> float i
        | Some(PyData.Float f) -> f
        | _ -> dflt

    member this.Bool(name: string, dflt: bool) =
        match this.Get name with
        | Some(PyData.Bool b) -> b
        | Some(SmallInt i) -> i <> 0L
        | _ -> dflt

    /// A stream argument: ext://sys.stdout, ext://sys.stderr (the manager's), or stderr when absent.
    member this.Stream(name: string) : TextWriter =
        match this.Get name with
        | Some(PyData.Ref "sys.stdout") -> Console.Out
        | _ -> stderr

    /// [user, password], or nulls.
    member this.Credentials =
        match this.Get "credentials" with
        | Some(PyData.List [ PyData.Str u; PyData.Str p ])
        | Some(PyData.Tuple [ PyData.Str u; PyData.Str p ]) -> u, p
        | _ -> null, null

    /// A handler the configuration built earlier (MemoryHandler's target, QueueHandler's handlers).
    member _.Handler(name: string) = others.[name]
    member _.FileSystem = fileSystem
    member _.Clock = clock
    member _.Stderr = stderr
    /// A user type deriving from the given one, as the configuration's options allow.
    member _.FindType(baseType: Type, name: string) = findType baseType name

/// A handler as configurations know it: its schema (Python's name, module and parameters, declared once) and
/// how to build it from checked arguments. Every handler file declares its entries; HandlerCatalogue lists them.
[<NoEquality; NoComparison>]
type internal HandlerEntry = {
    Schema: HandlerSchema
    Build: HandlerArgs -> Handler
}

/// The entries of the handlers of Handler.fs.
module internal BaseHandlerEntries =
    let stream = {
        Schema = {
            Name = "StreamHandler"
            Module = "logging"
            Required = []
            Params = [ "stream", ParamKind.Stream ]
        }
        Build = fun a -> StreamHandler(a.Stream "stream")
    }

    let nullHandler = {
        Schema = {
            Name = "NullHandler"
            Module = "logging"
            Required = []
            Params = []
        }
        Build = fun _ -> NullHandler()
    }
