namespace FuncLog

open System

/// A LoggingConfig back as a dictConfig tree (Python's class names for the catalogue's handlers).
[<RequireQualifiedAccess>]
module internal ConfigRender =
    /// The configuration back as a dictConfig tree (Python's class names for FuncLog's handlers): what
    /// `ofDict` reads back to the same value.
    let toDict (schemas: Map<string, HandlerSchema>) (c: LoggingConfig) : ConfigValue =
        let opt k v =
            v |> Option.map (fun x -> k, x) |> Option.toList

        let strs (xs: string list) =
            ConfigValue.List(xs |> List.map ConfigValue.Str)

        let pyClass (cls: string) =
            match schemas.TryFind cls with
            | Some s -> s.Module + "." + cls
            | None -> cls

        let arg (v: ConfigValue) =
            match v with
            | ConfigValue.Ref r -> ConfigValue.Str("ext://" + r)
            | v -> v

        let logger (l: LoggerConfig) =
            ConfigValue.Map(
                opt "level" (l.Level |> Option.map (int64 >> ConfigValue.Int))
                @ opt "propagate" (l.Propagate |> Option.map ConfigValue.Bool)
                @ (if l.Filters.IsEmpty then
                       []
                   else
                       [ "filters", strs l.Filters ])
                @ (if l.Handlers.IsEmpty then
                       []
                   else
                       [ "handlers", strs l.Handlers ])
            )

        ConfigValue.Map(
            [
                "version", ConfigValue.Int 1L
                if c.Incremental then
                    "incremental", ConfigValue.Bool true
                if not c.DisableExistingLoggers then
                    "disable_existing_loggers", ConfigValue.Bool false
                "formatters",
                ConfigValue.Map [
                    for n, f in c.Formatters ->
                        n,
                        ConfigValue.Map(
                            opt "format" (Option.ofObj f.Format |> Option.map ConfigValue.Str)
                            @ opt "datefmt" (Option.ofObj f.DateFmt |> Option.map ConfigValue.Str)
                            @ (if f.Style <> "%" then
                                   [ "style", ConfigValue.Str f.Style ]
                               else
                                   [])
                            @ (if not f.Validate then
                                   [ "validate", ConfigValue.Bool false ]
                               else
                                   [])
                            @ opt "defaults" (f.Defaults |> Option.map ConfigValue.Map)
                            @ opt "class" (Option.ofObj f.Class |> Option.map ConfigValue.Str)
                        )
                ]
                "filters",
                ConfigValue.Map [
                    for n, f in c.Filters ->
                        n,
                        if isNull f.Factory then
                            ConfigValue.Map [ "name", ConfigValue.Str f.Name ]
                        else
                            ConfigValue.Map(("()", ConfigValue.Str f.Factory) :: f.Args)
                ]
                "handlers",
                ConfigValue.Map [
                    for n, h in c.Handlers ->
                        n,
                        ConfigValue.Map(
                            [ "class", ConfigValue.Str(pyClass h.Class) ]
                            @ opt "level" (h.Level |> Option.map (int64 >> ConfigValue.Int))
                            @ opt "formatter" (h.Formatter |> Option.map ConfigValue.Str)
                            @ (if h.Filters.IsEmpty then
                                   []
                               else
                                   [ "filters", strs h.Filters ])
                            @ (h.Args |> List.map (fun (k, v) -> k, arg v))
                            @ (if h.Properties.IsEmpty then
                                   []
                               else
                                   [ ".", ConfigValue.Map h.Properties ])
                        )
                ]
                "loggers", ConfigValue.Map [ for n, l in c.Loggers -> n, logger l ]
                match c.Root with
                | Some r -> "root", logger r
                | None -> ()
            ]
        )
