namespace FuncLog

open System
open System.Collections.Generic
open System.IO
open System.Runtime.InteropServices

/// colorlog's ColoredFormatter (6.7.0): a Formatter whose format may name `%(log_color)s` (the record's
/// level color from `log_colors`), `%(<name>_log_color)s` (from `secondary_log_colors`), `%(reset)s` and
/// every colorlog color name (`%(bold_red)s`, `%(bg_white)s`, `%(fg_123)s`…); a reset is appended unless
/// `reset` is false. Colors are left out when NO_COLOR is set, `noColor` is true, or `stream` is not a
/// terminal; FORCE_COLOR or `forceColor` keeps them. Byte for byte colorlog's escape sequences.
[<AllowNullLiteral>]
type ColoredFormatter
    (
        [<Optional; DefaultParameterValue(null: string)>] fmt: string,
        [<Optional; DefaultParameterValue(null: string)>] datefmt: string,
        [<Optional; DefaultParameterValue('%')>] style: char,
        [<Optional; DefaultParameterValue(null: IReadOnlyDictionary<string, obj>)>] logColors: IReadOnlyDictionary<string, obj>,
        [<Optional; DefaultParameterValue(true)>] reset: bool,
        [<Optional; DefaultParameterValue(null: IReadOnlyDictionary<string, obj>)>] secondaryLogColors: IReadOnlyDictionary<string, obj>,
        [<Optional; DefaultParameterValue(true)>] validate: bool,
        [<Optional; DefaultParameterValue(null: TextWriter)>] stream: TextWriter,
        [<Optional; DefaultParameterValue(false)>] noColor: bool,
        [<Optional; DefaultParameterValue(false)>] forceColor: bool,
        [<Optional; DefaultParameterValue(null: IReadOnlyDictionary<string, obj>)>] defaults: IReadOnlyDictionary<string, obj>
    ) =
    inherit
        Formatter(
            (if isNull fmt then
                 match style with
                 | '{' -> "{log_color}{levelname}:{name}:{message}"
                 | '$' -> "${log_color}${levelname}:${name}:${message}"
                 | _ -> "%(log_color)s%(levelname)s:%(name)s:%(message)s"
             else
                 fmt),
            datefmt,
            style,
            validate,
            defaults
        )

    /// colorlog's default_log_colors.
    static let defaultLogColors: IReadOnlyDictionary<string, obj> =
        dict [
            "DEBUG", box "white"
            "INFO", box "green"
            "WARNING", box "yellow"
            "ERROR", box "red"
            "CRITICAL", box "bold_red"
        ]
        |> Dictionary
        :> _

    let logColors = if isNull logColors then defaultLogColors else logColors

    let secondary =
        if isNull secondaryLogColors then
            []
        else
            [
                for KeyValue(name, colors) in secondaryLogColors ->
                    name + "_log_color",
                    (match colors with
                     | :? IReadOnlyDictionary<string, obj> as d -> d
                     | _ -> Dictionary<string, obj>() :> IReadOnlyDictionary<_, _>)
            ]

    let colorOf (colors: IReadOnlyDictionary<string, obj>) (levelName: string) =
        match colors.TryGetValue(if isNull levelName then "" else levelName) with
        | true, v when not (isNull v) -> EscapeCodes.parse (PyValue.str v)
        | _ -> Ok ""

    do base.DeclarePlain typeof<ColoredFormatter> // it keeps nothing of a record it formats

    /// Where NO_COLOR and FORCE_COLOR are read (the process environment; tests give their own).
    member val internal Environment: Func<string, string> = Func<_, _>(Environment.GetEnvironmentVariable) with get, set

    /// The level colors.
    member _.LogColors = logColors
    /// Whether a reset is appended to every message.
    member _.Reset = reset

    /// colorlog's _blank_escape_codes: true when the escape codes are left out.
    member this.Blank =
        if forceColor || not (isNull (this.Environment.Invoke "FORCE_COLOR")) then
            false
        elif noColor || not (isNull (this.Environment.Invoke "NO_COLOR")) then
            true
        elif isNull stream then
            false
        elif obj.ReferenceEquals(stream, Console.Out) then
            Console.IsOutputRedirected
        elif obj.ReferenceEquals(stream, Console.Error) then
            Console.IsErrorRedirected
        else
            true // a writer of our own is not a terminal

    override this.TryFormatMessage(record: LogRecord, message: string, asctime: string) =
        let blank = this.Blank

        let codes =
            colorOf logColors record.LevelName
            |> Result.bind (fun main ->
                secondary
                |> List.fold
                    (fun acc (name, colors) ->
                        acc
                        |> Result.bind (fun m -> colorOf colors record.LevelName |> Result.map (fun c -> Map.add name c m)))
                    (Ok(Map.ofList [ "log_color", main ])))

        match codes with
        | Error e -> Error e
        | Ok codes ->
            let overlay =
                Func<string, obj>(fun key ->
                    match codes.TryFind key with
                    | Some c -> box (if blank then "" else c)
                    | None ->
                        match EscapeCodes.table.TryGetValue key with
                        | true, c -> box (if blank then "" else c)
                        | _ -> null)

            match this.TryRender(record, message, asctime, overlay) with
            | Ok text ->
                let resetCode = if blank then "" else EscapeCodes.table.["reset"]

                if reset && not (text.EndsWith(resetCode, StringComparison.Ordinal)) then
                    Ok(text + resetCode)
                else
                    Ok text
            | error -> error
