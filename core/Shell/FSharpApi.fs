namespace FuncLog.FSharp

open System
open System.Collections.Generic
open FuncLog

/// Python's logging for F#: functions over FuncLog's loggers, made for pipelines (the logger comes last).
///
///     let log = Log.getLogger "app.orders"
///     log |> Log.info "started"
///     log |> Log.warningArgs "disk %d%% full" [ box 93 ]          // Python's % applied only if written
///     Log.infof log "order %d for %s" 42 "ann"                   // F#'s printf, checked when compiling
///     log |> Log.logExtra [ ("user", box "ann") ] Levels.Info "login" []
///
/// Records from these functions carry no call site (F# functions get no caller information):
/// `pathname`/`funcName` are Python's "(unknown file)"/"(unknown function)" and `lineno` is 0. The facade's
/// `Logger` methods fill them in from C#/F# caller attributes when a format needs them.
[<RequireQualifiedAccess>]
module Log =
    let private unknown = {
        PathName = "(unknown file)"
        LineNo = 0
        FuncName = "(unknown function)"
    }

    let private emit (logger: LoggerCore) (extra: IReadOnlyDictionary<string, obj>) level (msg: string) (args: obj list) (exc: exn) =
        if level >= logger.Threshold then
            logger.Log(level, box msg, List.toArray args, exc, extra, false, 1, unknown)

    /// The logger with this dotted name from the default manager ("" or "root" for the root).
    let getLogger (name: string) : LoggerCore = Manager.Default.GetLogger name

    /// The logger with this name from a given manager (tests, libraries with their own tree).
    let getLoggerOf (manager: Manager) (name: string) : LoggerCore = manager.GetLogger name

    /// Whether a record at `level` would be created (Python's isEnabledFor).
    let isEnabledFor (level: int) (logger: LoggerCore) = logger.IsEnabledFor level

    /// Sets the logger's level and returns it, for set-up pipelines.
    let setLevel (level: int) (logger: LoggerCore) =
        logger.SetLevel level
        logger

    /// Attaches a handler and returns the logger, for set-up pipelines.
    let addHandler (handler: Handler) (logger: LoggerCore) =
        logger.AddHandler handler
        logger

    /// Logs `msg % args` at `level` (Python's log(level, msg, *args)): the record keeps `msg` and `args`,
    /// and the `%` is applied only when a handler formats it.
    let logArgs (level: int) (msg: string) (args: obj list) (logger: LoggerCore) = emit logger null level msg args null

    /// Logs a message at `level`, printed as written (no args: a `%` in it stays a `%`, as in Python).
    let log (level: int) (msg: string) (logger: LoggerCore) = emit logger null level msg [] null

    /// Logs at DEBUG.
    let debug msg logger = log Levels.Debug msg logger
    /// Logs at INFO.
    let info msg logger = log Levels.Info msg logger
    /// Logs at WARNING.
    let warning msg logger = log Levels.Warning msg logger
    /// Logs at ERROR.
    let error msg logger = log Levels.Error msg logger
    /// Logs at CRITICAL.
    let critical msg logger = log Levels.Critical msg logger

    /// Logs `msg % args` at DEBUG.
    let debugArgs msg args logger = logArgs Levels.Debug msg args logger
    /// Logs `msg % args` at INFO.
    let infoArgs msg args logger = logArgs Levels.Info msg args logger
    /// Logs `msg % args` at WARNING.
    let warningArgs msg args logger = logArgs Levels.Warning msg args logger
    /// Logs `msg % args` at ERROR.
    let errorArgs msg args logger = logArgs Levels.Error msg args logger
    /// Logs `msg % args` at CRITICAL.
    let criticalArgs msg args logger = logArgs Levels.Critical msg args logger

    /// Logs an exception with its traceback at ERROR (Python's logger.exception): `log |> Log.exn e "payment failed"`.
    let exn (e: exn) (msg: string) (logger: LoggerCore) = emit logger null Levels.Error msg [] e

    /// Logs with an F# format string at `level`: `Log.logf Levels.Info log "%d items" 3`, checked by the
    /// compiler. F#'s printf formats its arguments even when the level is disabled; on hot paths below the
    /// level prefer `logArgs`, which then costs one comparison.
    let logf (level: int) (logger: LoggerCore) (format: Printf.StringFormat<'T, unit>) : 'T =
        Printf.ksprintf (fun text -> emit logger null level text [] null) format

    /// `logf` at DEBUG.
    let debugf logger format = logf Levels.Debug logger format
    /// `logf` at INFO.
    let infof logger format = logf Levels.Info logger format
    /// `logf` at WARNING.
    let warningf logger format = logf Levels.Warning logger format
    /// `logf` at ERROR.
    let errorf logger format = logf Levels.Error logger format
    /// `logf` at CRITICAL.
    let criticalf logger format = logf Levels.Critical logger format

    /// Logs `msg % args` at `level` with `extra` values on the record (printable as `%(key)s`). Partially
    /// applied it is F#'s LoggerAdapter: `let audit = Log.logExtra [ ("user", box "ann") ]` builds the values once,
    /// then `log |> audit Levels.Info "login" []`.
    let logExtra (extra: (string * obj) list) : int -> string -> obj list -> LoggerCore -> unit =
        let d = Dictionary<string, obj>(StringComparer.Ordinal)

        for k, v in extra do
            d.[k] <- v

        let values = d :> IReadOnlyDictionary<string, obj>
        fun level msg args logger -> emit logger values level msg args null
