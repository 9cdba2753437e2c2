module FuncLog.Properties.ConfigProps

open System
open FsCheck
open FsCheck.FSharp
open Xunit
open FuncLog
open FuncLog.Properties.Props
open FuncLog.Properties.RotationSupport

let levels = LevelNames.Standard

/// Names that are valid keys and still odd: dots, dashes, digits first, unicode.
let genKey =
    Gen.elements [ "a"; "b.c"; "x-y"; "9lives"; "ünï"; "with space"; "console"; "file" ]

let genLevel =
    Gen.elements [ None; Some 0; Some 10; Some 20; Some 30; Some 40; Some 50; Some 25 ]

let distinctKeys n =
    Gen.shuffle [| "a"; "b.c"; "x-y"; "9lives"; "ünï"; "with space"; "k1"; "k2" |]
    |> Gen.map (Array.truncate n >> List.ofArray)

/// A random valid configuration: formatters, filters, handlers that refer to them, loggers and root that
/// refer to the handlers and filters.
let internal genConfig =
    gen {
        let! fnames = Gen.choose (0, 3) |> Gen.bind distinctKeys
        let! filnames = Gen.choose (0, 2) |> Gen.bind distinctKeys
        let! hnames = Gen.choose (0, 3) |> Gen.bind distinctKeys

        let! formatters =
            fnames
            |> List.map (fun n ->
                gen {
                    let! style = Gen.elements [ "%"; "{"; "$" ]

                    let fmt =
                        match style with
                        | "{" -> "{levelname}:{message}"
                        | "$" -> "$levelname:$message"
                        | _ -> "%(levelname)s:%(message)s"

                    let! datefmt = Gen.elements [ null; "%H:%M"; "%Y-%m-%d %H:%M:%S" ]
                    let! validate = generate<bool>
                    let! defaults = Gen.elements [ None; Some [ "app", PyData.Str "demo" ] ]

                    return
                        n,
                        {
                            Format = fmt
                            DateFmt = datefmt
                            Style = style
                            Validate = validate
                            Defaults = defaults
                            Class = null
                            Args = []
                        }
                })
            |> Gen.sequenceToList

        let! filters =
            filnames
            |> List.map (fun n ->
                Gen.elements [ ""; "app"; "app.db" ]
                |> Gen.map (fun name ->
                    n,
                    {
                        Name = name
                        Factory = null
                        Args = []
                    }))
            |> Gen.sequenceToList

        let subset (xs: string list) = Gen.subListOf xs |> Gen.map List.ofSeq

        let! handlers =
            hnames
            |> List.map (fun n ->
                gen {
                    let! cls, args =
                        Gen.elements [
                            "StreamHandler", [ "stream", PyData.Ref "sys.stderr" ]
                            "StreamHandler", []
                            "NullHandler", []
                        ]

                    let! level = genLevel

                    let! fmt =
                        if fnames.IsEmpty then
                            Gen.constant None
                        else
                            Gen.elements (None :: List.map Some fnames)

                    let! fs = subset filnames

                    return
                        n,
                        {
                            Class = cls
                            Args = args
                            Level = level
                            Formatter = fmt
                            Filters = fs
                            Properties = []
                        }
                })
            |> Gen.sequenceToList

        let genLogger =
            gen {
                let! level = genLevel
                let! propagate = Gen.elements [ None; Some true; Some false ]
                let! hs = subset hnames
                let! fs = subset filnames

                return {
                    Level = level
                    Propagate = propagate
                    Filters = fs
                    Handlers = hs
                }
            }

        let! lnames = Gen.choose (0, 3) |> Gen.bind distinctKeys

        let! loggers =
            lnames
            |> List.map (fun n -> genLogger |> Gen.map (fun l -> n, l))
            |> Gen.sequenceToList

        let! root =
            Gen.optionOf (genLogger |> Gen.map (fun r -> { r with Propagate = None }))

        let! disable = generate<bool>

        return {
            Incremental = false
            DisableExistingLoggers = disable
            Formatters = formatters
            Filters = filters
            Handlers = handlers
            Loggers = loggers
            Root = root
        }
    }

[<Fact>]
let ``a configuration written as a dict reads back as the same configuration`` () =
    Prop.forAll (Arb.fromGen genConfig) (fun c ->
        let back = DictConfig.parse HandlerCatalogue.schemas InputLimits.Default levels (ConfigRender.toDict HandlerCatalogue.schemas c)
        holds (back = Ok c) (sprintf "read back %A" back))
    |> check

[<Fact>]
let ``a configuration survives JSON text, and its YAML reading agrees`` () =
    let rec json (v: PyData) =
        match v with
        | PyData.None -> "null"
        | PyData.Bool b -> if b then "true" else "false"
        | SmallInt i -> string i
        | PyData.Float f -> f.ToString("R", Globalization.CultureInfo.InvariantCulture)
        | PyData.Str s
        | PyData.Ref s -> Text.Json.JsonSerializer.Serialize s
        | PyData.List xs
        | PyData.Tuple xs -> "[" + String.Join(",", xs |> List.map json) + "]"
        | Fields kv ->
            "{"
            + String.Join(
                ",",
                kv
                |> List.map (fun (k, x) -> Text.Json.JsonSerializer.Serialize k + ":" + json x)
            )
            + "}"
        | v -> failwithf "not in a configuration: %O" v

    Prop.forAll (Arb.fromGen genConfig) (fun c ->
        let text = json (ConfigRender.toDict HandlerCatalogue.schemas c)
        // JSON is a subset of YAML: the YAML reader must give the same tree
        let viaJson = ConfigText.json text |> Result.bind (DictConfig.parse HandlerCatalogue.schemas InputLimits.Default levels)
        let viaYaml = ConfigText.yaml text |> Result.bind (DictConfig.parse HandlerCatalogue.schemas InputLimits.Default levels)
        holds (viaJson = Ok c && viaYaml = Ok c) (sprintf "%s\njson %A\nyaml %A" text viaJson viaYaml))
    |> check

/// One invalid edit of a valid configuration tree, and the key path its error must name.
let internal edits (c: LoggingConfig) : (string * (PyData -> PyData)) list =
    let setIn (path: string list) (value: PyData) =
        let rec go (p: string list) (v: PyData) =
            match p, v with
            | [], _ -> value
            | k :: rest, Fields kv ->
                if List.exists (fst >> (=) k) kv then
                    PyData.fields(kv |> List.map (fun (k2, x) -> if k2 = k then k2, go rest x else k2, x))
                else
                    PyData.fields(kv @ [ k, go rest (PyData.fields []) ])
            | _, v -> v

        go path

    [
        "version", setIn [ "version" ] (PyData.ofInt64 2L)
        for n, _ in c.Handlers do
            sprintf "handlers.%s.level" n, setIn [ "handlers"; n; "level" ] (PyData.Str "LOUD")
            sprintf "handlers.%s.formatter" n, setIn [ "handlers"; n; "formatter" ] (PyData.Str "no such formatter")
            sprintf "handlers.%s.stream" n, setIn [ "handlers"; n; "stream" ] (PyData.ofInt64 42L)
        for n, _ in c.Loggers do
            sprintf "loggers.%s.handlers[0]" n, setIn [ "loggers"; n; "handlers" ] (PyData.List [ PyData.Str "missing" ])
            sprintf "loggers.%s.propagate" n, setIn [ "loggers"; n; "propagate" ] (PyData.Str "maybe")
        for n, _ in c.Formatters do
            sprintf "formatters.%s.style" n, setIn [ "formatters"; n; "style" ] (PyData.Str "#")
    ]

[<Fact>]
let ``an invalid edit is reported at its key path and leaves the previous configuration in force`` () =
    let gen =
        gen {
            let! c = genConfig
            let es = edits c
            let! i = Gen.choose (0, es.Length - 1)
            return c, es.[i]
        }

    Prop.forAll (Arb.fromGen gen) (fun (c, (path, edit)) ->
        let m = Manager(TimeProvider.System)
        m.Stderr <- IO.TextWriter.Null
        Configurator.apply m null c
        let rootHandlers = m.Root.Handlers |> List.ofSeq

        let loggerLevels = [ for n, _ in c.Loggers -> m.GetLogger(n).Level ]

        let tree = edit (ConfigRender.toDict HandlerCatalogue.schemas c)

        let reported =
            try
                Configurator.dictConfig m null tree
                None
            with :? LogConfigException as e ->
                Some e.Error

        let stillInForce =
            List.forall2 (fun (a: Handler) (b: Handler) -> obj.ReferenceEquals(a, b)) rootHandlers (List.ofSeq m.Root.Handlers)
            && m.Root.Handlers.Count = rootHandlers.Length
            && loggerLevels = [ for n, _ in c.Loggers -> m.GetLogger(n).Level ]

        m.Shutdown()

        holds (stillInForce && (reported |> Option.map (fun e -> e.Where)) = Some path) (sprintf "edit at %s reported %A" path reported))
    |> check

[<Fact>]
let ``Python literals: what is written reads back, and nothing else is accepted`` () =
    let rec render (v: PyData) =
        match v with
        | PyData.None -> "None"
        | PyData.Bool b -> if b then "True" else "False"
        | SmallInt i -> string i
        | PyData.Str s -> PyValue.stringRepr s
        | PyData.Ref r -> r
        | PyData.Tuple [ x ] -> "(" + render x + ",)"
        | PyData.Tuple xs -> "(" + String.Join(", ", xs |> List.map render) + ")"
        | PyData.List xs -> "[" + String.Join(", ", xs |> List.map render) + "]"
        | Fields kv ->
            "{"
            + String.Join(", ", kv |> List.map (fun (k, x) -> PyValue.stringRepr k + ": " + render x))
            + "}"
        | PyData.Float f -> PyValue.floatRepr f
        | v -> failwithf "not generated: %O" v

    let genLeaf =
        Gen.oneof [
            Gen.constant PyData.None
            Gen.map PyData.Bool generate<bool>
            Gen.map (int64 >> PyData.ofInt64) generate<int>
            Gen.map PyData.Str (generate<string> |> Gen.map (fun s -> if isNull s then "" else s))
            Gen.elements [ "\U0001F600 \u00e9 \x00 \x7f \t\n\r \\ ' \""; "\u2028\U000E0001"; "" ]
            |> Gen.map PyData.Str
            Gen.elements [ PyData.Ref "sys.stdout"; PyData.Ref "sys.stderr" ]
        ]

    let rec genValue depth =
        if depth = 0 then
            genLeaf
        else
            Gen.frequency [
                3, genLeaf
                1, Gen.listOfLength 3 (genValue (depth - 1)) |> Gen.map PyData.Tuple
                1, Gen.listOf (genValue (depth - 1)) |> Gen.map PyData.List
                1,
                Gen.listOf (Gen.zip (Gen.elements [ "a"; "b"; "c d" ]) (genValue (depth - 1)))
                |> Gen.map (List.distinctBy fst >> PyData.fields)
            ]

    let resolve n =
        match n with
        | "sys.stdout"
        | "sys.stderr" -> Some(PyData.Ref n)
        | _ -> None

    Prop.forAll (Arb.fromGen (genValue 3)) (fun v ->
        let text = render v
        let back = PyLiteral.parse resolve text
        holds (back = Ok v) (sprintf "%s -> %A" text back))
    |> check

    for bad in
        [
            "__import__('os').system('x')"
            "open('f')"
            "(lambda: 1)()"
            "[x for x in y]"
            "1 if 2 else 3"
            "sys.modules"
        ] do
        match PyLiteral.parse resolve bad with
        | Ok v -> failwithf "accepted %s as %A" bad v
        | Error _ -> ()
