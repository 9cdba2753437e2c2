namespace FuncLog

open System

/// A LoggingConfig back as a dictConfig tree (Python's class names for the catalogue's handlers).
[<RequireQualifiedAccess>]
module internal ConfigRender =
    let private opt k v =
        v |> Option.map (fun x -> k, x) |> Option.toList

    /// The key with a list of names, unless it is empty.
    let private names (k: string) (xs: string list) =
        if xs.IsEmpty then
            []
        else
            [ k, PyData.List(xs |> List.map PyData.Str) ]

    let private level (l: int option) =
        opt "level" (l |> Option.map (int64 >> PyData.ofInt64))

    let private logger (l: LoggerConfig) =
        PyData.fields (
            level l.Level
            @ opt "propagate" (l.Propagate |> Option.map PyData.Bool)
            @ names "filters" l.Filters
            @ names "handlers" l.Handlers
        )

    let private formatter (f: FormatterConfig) =
        PyData.fields (
            opt "format" (Option.ofObj f.Format |> Option.map PyData.Str)
            @ opt "datefmt" (Option.ofObj f.DateFmt |> Option.map PyData.Str)
            @ (if f.Style <> "%" then [ "style", PyData.Str f.Style ] else [])
            @ (if not f.Validate then [ "validate", PyData.Bool false ] else [])
            @ opt "defaults" (f.Defaults |> Option.map PyData.fields)
            @ opt "class" (Option.ofObj f.Class |> Option.map PyData.Str)
        )

    let private filter (f: FilterConfig) =
        if isNull f.Factory then
            PyData.fields [ "name", PyData.Str f.Name ]
        else
            PyData.fields (("()", PyData.Str f.Factory) :: f.Args)

    let private handler (schemas: Map<string, HandlerSchema>) (h: HandlerConfig) =
        let pyClass =
            match schemas.TryFind h.Class with
            | Some s -> s.Module + "." + h.Class
            | None -> h.Class

        let arg (v: PyData) =
            match v with
            | PyData.Ref r -> PyData.Str("ext://" + r)
            | v -> v

        PyData.fields (
            [ "class", PyData.Str pyClass ]
            @ level h.Level
            @ opt "formatter" (h.Formatter |> Option.map PyData.Str)
            @ names "filters" h.Filters
            @ (h.Args |> List.map (fun (k, v) -> k, arg v))
            @ (if h.Properties.IsEmpty then [] else [ ".", PyData.fields h.Properties ])
        )

    /// The configuration back as a dictConfig tree (Python's class names for FuncLog's handlers): what
    /// `DictConfig.parse` reads back to the same value.
    let toDict (schemas: Map<string, HandlerSchema>) (c: LoggingConfig) : PyData =
        PyData.fields [
            "version", PyData.ofInt64 1L
            if c.Incremental then
                "incremental", PyData.Bool true
            if not c.DisableExistingLoggers then
                "disable_existing_loggers", PyData.Bool false
            "formatters", PyData.fields [ for n, f in c.Formatters -> n, formatter f ]
            "filters", PyData.fields [ for n, f in c.Filters -> n, filter f ]
            "handlers", PyData.fields [ for n, h in c.Handlers -> n, handler schemas h ]
            "loggers", PyData.fields [ for n, l in c.Loggers -> n, logger l ]
            match c.Root with
            | Some r -> "root", logger r
            | None -> ()
        ]
