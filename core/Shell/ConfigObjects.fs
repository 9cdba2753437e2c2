namespace FuncLog

open System
open System.Collections.Generic
open System.IO
open System.IO.Abstractions
open System.Reflection

/// A configuration that could not be applied. Nothing of it took effect: the previous handlers, levels
/// and loggers are as they were. `Error` says where (key path, INI section and line) and what.
type LogConfigException(error: ConfigError, inner: exn) =
    inherit Exception(string error, inner)
    new(error: ConfigError) = LogConfigException(error, null)
    /// Where and what.
    member _.Error = error

/// What a configuration may create besides FuncLog's own classes.
[<AllowNullLiteral>]
type ConfigOptions() =
    /// .NET types a configuration may name in "class" or "()" (besides FuncLog's). Types not listed here
    /// are found only if they derive from Handler, Filter or Formatter and are already loaded.
    member val AllowedTypes = List<Type>() with get

    /// The file system file handlers write through (null: the real one).
    member val FileSystem: IFileSystem = null with get, set

    /// The clock rotating handlers read (null: the manager's).
    member val TimeProvider: TimeProvider = null with get, set

    /// The folder relative file names ("filename" of the file handlers) resolve against (null: the current
    /// directory, as CPython's os.path.abspath). A host sets its content root here.
    member val BaseDirectory: string = null with get, set

    /// Create a file handler's missing folder (with its parents) when the configuration is applied. Off by
    /// default: CPython then fails with FileNotFoundError, and so does FuncLog. The
    /// Microsoft.Extensions.Logging provider turns it on.
    member val CreateDirectories = false with get, set

    /// Values every formatter this configuration builds falls back to for fields that neither the record nor
    /// the formatter's own `defaults` have (null: none, as CPython). The Microsoft.Extensions.Logging provider
    /// sets EventId, EventName, Category and Scopes here, so a format naming them does not fail for a record
    /// that lacks them.
    member val FormatterDefaults: IReadOnlyDictionary<string, obj> = null with get, set

    /// The budgets configuration text is held to: nesting depth, expansion through YAML aliases and cfg://
    /// references, integer digits (InputLimits.Default unless set).
    member val Limits = InputLimits.Default with get, set

    /// The limits of these options (the defaults for null options).
    static member LimitsOf(options: ConfigOptions) =
        if isNull options then
            InputLimits.Default
        else
            options.Limits

/// Builds the objects a configuration names: FuncLog's handlers from the catalogue, user types by reflection
/// (allow-listed or loaded, constructed from keyword arguments), formatters and filters; and reads a
/// configuration built in code as a tree.
[<RequireQualifiedAccess>]
module internal ConfigObjects =
    let err where msg =
        LogConfigException { Where = where; Message = msg }

    let rec toObj (manager: Manager) (v: PyData) : obj =
        match v with
        | PyData.None -> null
        | PyData.Bool b -> box b
        | SmallInt i when i >= int64 Int32.MinValue && i <= int64 Int32.MaxValue -> box (int i)
        | SmallInt i -> box i
        | PyData.Int i -> box i
        | PyData.Float f -> box f
        | PyData.Bytes b -> box b
        | PyData.Str s -> box s
        | PyData.Ref "sys.stdout" -> box Console.Out
        | PyData.Ref "sys.stderr" -> box manager.Stderr
        | PyData.Ref r -> box r
        | PyData.List xs
        | PyData.Tuple xs -> box [| for x in xs -> toObj manager x |]
        | PyData.Dict kv ->
            let d = Dictionary<string, obj>()

            for k, x in kv do
                d.[PyData.keyText k] <- toObj manager x

            box (d :> IReadOnlyDictionary<string, obj>)

    /// A user type named in a configuration: from the allow-list, or a loaded type deriving from `baseType`.
    let findType (options: ConfigOptions) (baseType: Type) (where: string) (name: string) : Type =
        let matches (t: Type) = t.FullName = name || t.Name = name

        match options.AllowedTypes |> Seq.tryFind matches with
        | Some t -> t
        | None ->
            let candidates =
                AppDomain.CurrentDomain.GetAssemblies()
                |> Seq.filter (fun a -> not a.IsDynamic)
                |> Seq.collect (fun a ->
                    try
                        a.GetTypes() :> seq<_>
                    with :? ReflectionTypeLoadException as e ->
                        e.Types |> Seq.filter (isNull >> not))
                |> Seq.filter (fun t -> t.FullName = name && baseType.IsAssignableFrom t && not t.IsAbstract)
                |> List.ofSeq

            match candidates with
            | [ t ] -> t
            | [] ->
                raise (
                    err
                        where
                        (sprintf
                            "Cannot resolve %s: not a %s type that is loaded, nor in ConfigOptions.AllowedTypes"
                            (PyValue.stringRepr name)
                            baseType.Name)
                )
            | _ -> raise (err where (sprintf "Cannot resolve %s: more than one loaded type has that name" (PyValue.stringRepr name)))

    /// A keyword as a parameter name matches it: case and underscores aside ("rename_fields" is renameFields).
    let private keyword (name: string) =
        name.Replace("_", "").ToLowerInvariant()

    /// Constructs a user type from keyword arguments matched to a constructor's parameter names (Python's
    /// snake_case names match .NET's camelCase ones).
    let construct (manager: Manager) (t: Type) (where: string) (args: (string * PyData) list) : obj =
        let given = args |> List.map (fun (k, v) -> keyword k, (k, v)) |> Map.ofList

        let fits (c: ConstructorInfo) =
            let ps = c.GetParameters()

            given
            |> Map.forall (fun k _ -> ps |> Array.exists (fun p -> keyword p.Name = k))
            && ps |> Array.forall (fun p -> given.ContainsKey(keyword p.Name) || p.IsOptional)

        match
            t.GetConstructors()
            |> Array.filter fits
            |> Array.sortByDescending (fun c -> c.GetParameters().Length)
        with
        | [||] ->
            raise (
                err
                    where
                    (sprintf
                        "%s has no public constructor taking %s"
                        t.FullName
                        (if args.IsEmpty then
                             "no arguments"
                         else
                             String.Join(", ", args |> List.map fst)))
            )
        | cs ->
            let c = cs.[0]

            let values =
                c.GetParameters()
                |> Array.map (fun p ->
                    match given.TryFind(keyword p.Name) with
                    | Some(_, v) ->
                        let o = toObj manager v

                        if isNull o || p.ParameterType.IsInstanceOfType o then
                            o
                        else
                            try
                                Convert.ChangeType(o, p.ParameterType, Globalization.CultureInfo.InvariantCulture)
                            with _ ->
                                raise (err (where + "." + p.Name) (sprintf "expected %s, got %s" p.ParameterType.Name (string v)))
                    | None -> p.DefaultValue)

            try
                c.Invoke values
            with :? TargetInvocationException as e ->
                raise (err where e.InnerException.Message)

    /// A handler of the catalogue, or a user type named by "class" or "()" built from its keyword arguments.
    /// A file handler's "filename" resolved against the options' BaseDirectory, its folder created when the
    /// options ask for it.
    let private filePlace (options: ConfigOptions) (args: (string * PyData) list) =
        match args |> List.tryFind (fst >> (=) "filename") with
        | Some(_, PyData.Str name) when not (isNull options) && not (String.IsNullOrEmpty name) ->
            let fs: IFileSystem =
                if isNull options.FileSystem then
                    FileSystem() :> _
                else
                    options.FileSystem

            let full =
                if String.IsNullOrEmpty options.BaseDirectory || fs.Path.IsPathRooted name then
                    name
                else
                    fs.Path.Combine(options.BaseDirectory, name)

            if options.CreateDirectories then
                match fs.Path.GetDirectoryName(fs.Path.GetFullPath full) with
                | null
                | "" -> ()
                | dir -> fs.Directory.CreateDirectory dir |> ignore

            args
            |> List.map (fun (k, v) -> if k = "filename" then k, PyData.Str full else k, v)
        | _ -> args

    let buildHandler
        (manager: Manager)
        (options: ConfigOptions)
        (others: IReadOnlyDictionary<string, Handler>)
        (where: string)
        (c: HandlerConfig)
        : Handler =
        try
            match HandlerCatalogue.tryFind c.Class with
            | Some entry ->
                let args =
                    // null clock: the handler reads its manager's (the manager that configures it tracks it)
                    HandlerArgs(
                        filePlace options c.Args,
                        manager.Stderr,
                        options.FileSystem,
                        options.TimeProvider,
                        others,
                        fun t n -> findType options t (where + ".listener") n
                    )

                entry.Build args
            | None ->
                let t = findType options typeof<Handler> (where + ".class") c.Class
                construct manager t where c.Args :?> Handler
        with
        | :? LogConfigException -> reraise ()
        | e -> raise (err where (sprintf "Unable to configure handler: %s" e.Message))

    /// Formatter classes by the names Python configurations give them.
    let private formatterNames =
        dict [
            "logging.Formatter", typeof<Formatter>
            "pythonjsonlogger.jsonlogger.JsonFormatter", typeof<JsonFormatter>
            "colorlog.ColoredFormatter", typeof<ColoredFormatter>
            "colorlog.formatter.ColoredFormatter", typeof<ColoredFormatter>
            "colorlog.TTYColoredFormatter", typeof<ColoredFormatter>
            "colorlog.formatter.TTYColoredFormatter", typeof<ColoredFormatter>
        ]

    let private formatterType (options: ConfigOptions) (where: string) (name: string) =
        match formatterNames.TryGetValue name with
        | true, t -> t
        | _ -> findType options typeof<Formatter> where name

    /// CPython's retry of a "()" formatter factory with `format` renamed `fmt` (when the factory has no
    /// `format` parameter, as Formatter and its subclasses have not).
    let private formatKey (t: Type) (args: (string * PyData) list) =
        let hasFormat =
            t.GetConstructors()
            |> Array.exists (fun c -> c.GetParameters() |> Array.exists (fun p -> keyword p.Name = "format"))

        if hasFormat then
            args
        else
            args |> List.map (fun (k, v) -> (if k = "format" then "fmt" else k), v)

    let private buildFormatterOnly (manager: Manager) (options: ConfigOptions) (where: string) (c: FormatterConfig) : Formatter =
        let defaults =
            match c.Defaults with
            | None -> null
            | Some d -> toObj manager (PyData.fields d) :?> IReadOnlyDictionary<string, obj>

        let datefmt = if String.IsNullOrEmpty c.DateFmt then null else c.DateFmt

        try
            match c.Class, c.Args with
            | null, [] -> Formatter(c.Format, datefmt, c.Style.[0], c.Validate, defaults)
            | null, args ->
                // "()": "logging.Formatter" with its keyword arguments, as CPython's Formatter takes them
                construct manager typeof<Formatter> where (formatKey typeof<Formatter> args) :?> Formatter
            | cls, [] ->
                // "class": the type gets fmt, datefmt and style (and validate and defaults when given), as
                // CPython passes them
                let t = formatterType options (where + ".class") cls

                let args = [
                    if not (isNull c.Format) then
                        yield "fmt", PyData.Str c.Format
                    if not (isNull datefmt) then
                        yield "datefmt", PyData.Str datefmt
                    if c.Style <> "%" then
                        yield "style", PyData.Str c.Style
                    if not c.Validate then
                        yield "validate", PyData.Bool false
                    match c.Defaults with
                    | Some d -> yield "defaults", PyData.fields d
                    | None -> ()
                ]

                construct manager t where args :?> Formatter
            | cls, args ->
                // a "()" factory: every other key is a keyword argument
                let t = formatterType options (where + ".()") cls
                construct manager t where (formatKey t args) :?> Formatter
        with
        | :? LogConfigException -> reraise ()
        | e -> raise (err where (sprintf "Unable to configure formatter: %s" e.Message))

    /// Builds a configured formatter, with the options' FormatterDefaults as its fallback.
    let buildFormatter (manager: Manager) (options: ConfigOptions) (where: string) (c: FormatterConfig) : Formatter =
        let f = buildFormatterOnly manager options where c

        if
            not (isNull options)
            && not (isNull options.FormatterDefaults)
            && isNull f.FallbackDefaults
        then
            f.FallbackDefaults <- options.FormatterDefaults

        f

    let buildFilter (manager: Manager) (options: ConfigOptions) (where: string) (c: FilterConfig) : Filter =
        if isNull c.Factory then
            Filter(c.Name)
        else
            let t = findType options typeof<Filter> (where + ".()") c.Factory
            construct manager t where c.Args :?> Filter

    let setProperties (where: string) (target: obj) (props: (string * PyData) list) (manager: Manager) =
        for name, v in props do
            match target.GetType().GetProperty(name, BindingFlags.Public ||| BindingFlags.Instance ||| BindingFlags.IgnoreCase) with
            | null -> raise (err (where + "." + name) (sprintf "%s has no property %s" (target.GetType().Name) name))
            | p -> p.SetValue(target, Convert.ChangeType(toObj manager v, p.PropertyType, Globalization.CultureInfo.InvariantCulture))

    /// A configuration built in code (dictionaries, lists, strings, numbers, booleans, null) as a tree.
    /// A dictionary that contains itself, or nesting past InputLimits.Default.MaxDepth, is refused.
    let rec ofObject (path: string) (o: obj) : PyData =
        ofObjectAt (HashSet<obj>(HashIdentity.Reference)) 0 path o

    and private ofObjectAt (visiting: HashSet<obj>) (depth: int) (path: string) (o: obj) : PyData =
        let ofObject p (v: obj) =
            if depth >= InputLimits.Default.MaxDepth then
                raise (err p (LimitText.tooDeep InputLimits.Default))

            match v with
            | :? Collections.IEnumerable as c when not (c :? string) ->
                if not (visiting.Add c) then
                    raise (err p "a configuration value contains itself")

                try
                    ofObjectAt visiting (depth + 1) p v
                finally
                    visiting.Remove c |> ignore
            | _ -> ofObjectAt visiting (depth + 1) p v

        let item i =
            if path = "" then
                sprintf "[%d]" i
            else
                sprintf "%s[%d]" path i

        let key (k: string) = if path = "" then k else path + "." + k

        match o with
        | null -> PyData.None
        | :? string as s -> PyData.Str s
        | :? bool as b -> PyData.Bool b
        | :? int as i -> PyData.ofInt64 (int64 i)
        | :? int64 as i -> PyData.ofInt64 i
        | :? int16 as i -> PyData.ofInt64 (int64 i)
        | :? byte as i -> PyData.ofInt64 (int64 i)
        | :? uint32 as i -> PyData.ofInt64 (int64 i)
        | :? float as f -> PyData.Float f
        | :? single as f -> PyData.Float(float f)
        | :? decimal as d -> PyData.Float(float d)
        | :? TimeOnly as t -> PyData.Str(t.ToString("HH:mm:ss", Globalization.CultureInfo.InvariantCulture))
        | :? PyData as v -> v
        | :? TextWriter as w when obj.ReferenceEquals(w, Console.Out) -> PyData.Ref "sys.stdout"
        | :? TextWriter as w when obj.ReferenceEquals(w, Console.Error) -> PyData.Ref "sys.stderr"
        | :? IEnumerable<KeyValuePair<string, obj>> as d -> PyData.fields [ for KeyValue(k, v) in d -> k, ofObject (key k) v ]
        | :? IEnumerable<KeyValuePair<string, string>> as d -> PyData.fields [ for KeyValue(k, v) in d -> k, PyData.Str v ]
        | :? Collections.IDictionary as d ->
            PyData.fields [
                for e in d |> Seq.cast<Collections.DictionaryEntry> ->
                    let k = string e.Key
                    k, ofObject (key k) e.Value
            ]
        | :? Collections.IEnumerable as xs -> PyData.List(xs |> Seq.cast<obj> |> Seq.mapi (fun i x -> ofObject (item i) x) |> List.ofSeq)
        | other -> raise (err path (sprintf "a configuration value cannot be a %s" (other.GetType().Name)))
