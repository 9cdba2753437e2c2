namespace FuncLog

open System

/// A LoggingConfig back as a dictConfig tree (Python's class names for the catalogue's handlers).
[<RequireQualifiedAccess>]
module internal ConfigRender =
    /// The configuration back as a dictConfig tree (Python's class names for FuncLog's handlers): what
    /// `ofDict` reads back to the same value.
    let toDict (schemas: Map<string, HandlerSchema>) (c: LoggingConfig) : PyData =
        let opt k v =
            v |> Option.map (fun x -> k, x) |> Option.toList

        let strs (xs: string list) =
            PyData.List(xs |> List.map PyData.Str)

        let pyClass (cls: string) =
            match schemas.TryFind cls with
            | Some s -> s.Module + "." + cls
            | None -> cls

        let arg (v: PyData) =
            match v with
            | PyData.Ref r -> PyData.Str("ext://" + r)
            | v -> v

        let logger (l: LoggerConfig) =
            PyData.fields(
                opt "level" (l.Level |> Option.map (int64 >> PyData.ofInt64))
                @ opt "propagate" (l.Propagate |> Option.map PyData.Bool)
                @ (if l.Filters.IsEmpty then
                       []
                   else
                       [ "filters", strs l.Filters ])
                @ (if l.Handlers.IsEmpty then
                       []
                   else
                       [ "handlers", strs l.Handlers ])
            )

        PyData.fields(
            [
                "version", PyData.ofInt64 1L
                if c.Incremental then
                    "incremental", PyData.Bool true
                if not c.DisableExistingLoggers then
                    "disable_existing_loggers", PyData.Bool false
                "formatters",
                PyData.fields [
                    for n, f in c.Formatters ->
                        n,
                        PyData.fields(
                            opt "format" (Option.ofObj f.Format |> Option.map PyData.Str)
                            @ opt "datefmt" (Option.ofObj f.DateFmt |> Option.map PyData.Str)
                            @ (if f.Style <> "%" then
                                   [ "style", PyData.Str f.Style ]
                               else
                                   [])
                            @ (if not f.Validate then
                                   [ "validate", PyData.Bool false ]
                               else
                                   [])
                            @ opt "defaults" (f.Defaults |> Option.map PyData.fields)
                            @ opt "class" (Option.ofObj f.Class |> Option.map PyData.Str)
                        )
                ]
                "filters",
                PyData.fields [
                    for n, f in c.Filters ->
                        n,
                        if isNull f.Factory then
                            PyData.fields [ "name", PyData.Str f.Name ]
                        else
                            PyData.fields(("()", PyData.Str f.Factory) :: f.Args)
                ]
                "handlers",
                PyData.fields [
                    for n, h in c.Handlers ->
                        n,
                        PyData.fields(
                            [ "class", PyData.Str(pyClass h.Class) ]
                            @ opt "level" (h.Level |> Option.map (int64 >> PyData.ofInt64))
                            @ opt "formatter" (h.Formatter |> Option.map PyData.Str)
                            @ (if h.Filters.IsEmpty then
                                   []
                               else
                                   [ "filters", strs h.Filters ])
                            @ (h.Args |> List.map (fun (k, v) -> k, arg v))
                            @ (if h.Properties.IsEmpty then
                                   []
                               else
                                   [ ".", PyData.fields h.Properties ])
                        )
                ]
                "loggers", PyData.fields [ for n, l in c.Loggers -> n, logger l ]
                match c.Root with
                | Some r -> "root", logger r
                | None -> ()
            ]
        )
