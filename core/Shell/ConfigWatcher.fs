namespace FuncLog

open System
open System.Collections.Generic
open System.IO.Abstractions
open System.Threading

/// Successive versions of one configuration applied to a manager: each is validated in full, then applied
/// in one swap that keeps open the handlers whose configuration did not change (the same instances: no
/// record is lost or written twice across a reload). The first version must be valid (its error is
/// thrown); a later bad version is reported on the "funclog.config" logger and the one in force stays.
/// Used by `ConfigWatcher` (a file) and by the facade for a reloadable Microsoft.Extensions.Configuration
/// section.
[<AllowNullLiteral>]
type internal LiveConfig(manager: Manager, options: ConfigOptions, source: string) =
    let sync = obj ()

    let mutable current: (LoggingConfig * IReadOnlyDictionary<string, Handler>) option =
        None

    let mutable reloads = 0
    let mutable failures = 0
    let mutable lastError: ConfigError option = None
    // the last version refused: a source that signals one change twice (IConfiguration's file reload does)
    // gets it reported once
    let mutable lastRefused: PyData option = None

    /// Where the versions come from (a path or a section name), used in messages.
    member _.Source = source
    /// Versions applied (the first one included).
    member _.Reloads = Volatile.Read &reloads
    /// Versions refused because they were not a valid configuration.
    member _.Failures = Volatile.Read &failures

    /// Why the last version was refused (null when it was applied).
    member _.LastError: ConfigError =
        match lastError with
        | Some e -> e
        | None -> Unchecked.defaultof<_>

    /// Applies a parsed version; true if applied. The first version's error is thrown as a
    /// LogConfigException naming the source; later errors are reported and return false.
    member _.Apply(version: Result<LoggingConfig, ConfigError>) : bool =
        lock sync (fun () ->
            let outcome =
                match version with
                | Error e -> Error e
                | Ok config ->
                    try
                        Ok(Configurator.applyKeeping manager options current config, config)
                    with :? LogConfigException as e ->
                        Error e.Error

            match outcome with
            | Ok(handlers, config) ->
                current <- Some(config, handlers)
                lastError <- None
                Interlocked.Increment &reloads |> ignore
                PipelineMetrics.reload true
                true
            | Error e ->
                lastError <- Some e
                Interlocked.Increment &failures |> ignore
                PipelineMetrics.reload false

                if current.IsNone then
                    raise (
                        LogConfigException {
                            e with
                                Where = source + ", " + e.Where
                        }
                    )

                manager.ReportInternal(
                    "funclog.config",
                    "ConfigWatcher",
                    sprintf "config reload of %s refused, the previous configuration stays: %s" source (string e)
                )

                false)

    /// Applies a version in dictConfig's shape (see `Apply`).
    /// The same tree refused twice in a row is refused once: not counted or reported again.
    member this.ApplyDict(tree: PyData) : bool =
        lock sync (fun () ->
            if current.IsSome && lastRefused = Some tree then
                false
            else
                let applied =
                    this.Apply(DictConfig.parse HandlerCatalogue.schemas (ConfigOptions.LimitsOf options) (LevelTable.get ()) tree)

                lastRefused <- (if applied then None else Some tree)
                applied)

/// Hot reload of a whole configuration file (JSON, YAML or INI, by extension), read through IFileSystem.
/// Each change is parsed and validated in full; a bad file is reported on the "funclog.config" logger and
/// the configuration in force stays. A good one is applied in one swap, and handlers whose configuration
/// did not change stay open (the same instances: no record is lost or written twice across a reload).
/// `Check()` looks for a change now; with a poll interval a timer from the TimeProvider calls it.
[<AllowNullLiteral>]
type ConfigWatcher(manager: Manager, path: string, options: ConfigOptions, pollInterval: TimeSpan, timeProvider: TimeProvider) =
    let fs: IFileSystem =
        if isNull options || isNull options.FileSystem then
            FileSystem() :> _
        else
            options.FileSystem

    let sync = obj ()
    let mutable lastText: string = null
    let live = LiveConfig(manager, options, path)
    let mutable timer: ITimer = null

    let parse (text: string) =
        let ext = fs.Path.GetExtension(path).ToLowerInvariant()
        let levels = LevelTable.get ()
        let limits = ConfigOptions.LimitsOf options

        match ext with
        | ".json" ->
            ConfigText.jsonWith limits text
            |> Result.bind (DictConfig.parse HandlerCatalogue.schemas limits levels)
        | ".yaml"
        | ".yml" ->
            ConfigText.yamlWith limits text
            |> Result.bind (DictConfig.parse HandlerCatalogue.schemas limits levels)
        | _ ->
            Ini.parse Map.empty text
            |> Result.bind (FileConfig.parse HandlerCatalogue.schemas limits levels true)

    /// The file watched.
    member _.Path = path
    /// Configurations applied (the first one included).
    member _.Reloads = live.Reloads
    /// Changes refused because the new file was not a valid configuration.
    member _.Failures = live.Failures

    /// Why the last change was refused (null when it was applied).
    member _.LastError: ConfigError = live.LastError

    /// Reads the file; if it changed since the last look, validates and applies it. True if applied.
    member _.Check() : bool =
        lock sync (fun () ->
            let text =
                try
                    Some(fs.File.ReadAllText path)
                with _ ->
                    None // missing for a moment (editors replace files): look again next time

            match text with
            | None -> false
            | Some t when t = lastText -> false
            | Some t ->
                lastText <- t
                live.Apply(parse t))

    /// Applies the file now (it must be valid) and starts polling when an interval was given.
    member this.Start() =
        this.Check() |> ignore

        if pollInterval > TimeSpan.Zero then
            let clock =
                if isNull timeProvider then
                    TimeProvider.System
                else
                    timeProvider

            timer <-
                clock.CreateTimer(
                    (fun _ ->
                        try
                            this.Check() |> ignore
                        with _ ->
                            ()),
                    null,
                    pollInterval,
                    pollInterval
                )

        this

    /// Stops polling.
    member _.Stop() =
        match timer with
        | null -> ()
        | t -> t.Dispose()

    interface IDisposable with
        member this.Dispose() = this.Stop()
