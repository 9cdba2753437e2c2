namespace FuncLog

open System
open System.Text

/// The answer to "what happens to a record logged here?": Hierarchy.explain.
type LoggerExplanation = {
    Name: string
    EffectiveLevel: int
    /// The logger whose level is the effective level (None: no level set anywhere, NOTSET).
    LevelFrom: string option
    Disabled: bool
    /// The manager-wide disable level (Python's logging.disable).
    ManagerDisable: int
    /// The loggers a record passes, in order, and where propagation stops.
    Path: string list
    /// The logger's own filters (count; the handlers' filters run later).
    FilterCount: int
    /// For each standard level: None if the logger drops it, else the handlers (by description) it reaches.
    ByLevel: (int * string list option) list
    /// Whether any handler is on the propagation path (if none, the last resort handles WARNING and above).
    HasHandlers: bool
} with

    override e.ToString() =
        let sb = StringBuilder()
        let name (l: int) = LevelNames.Standard.NameOf l

        sb.AppendFormat(
            "logger '{0}': effective level {1}{2}\n",
            e.Name,
            name e.EffectiveLevel,
            (match e.LevelFrom with
             | Some n when n = e.Name -> " (its own)"
             | Some n -> sprintf " (from '%s')" n
             | None -> " (no level set on the way up)")
        )
        |> ignore

        if e.Disabled then
            sb.Append("disabled: records are dropped\n") |> ignore

        if e.ManagerDisable > Levels.NotSet then
            sb.AppendFormat("logging.disable: {0} and below are dropped everywhere\n", name e.ManagerDisable)
            |> ignore

        sb.Append("propagation: ").Append(String.Join(" -> ", e.Path)).Append('\n')
        |> ignore

        if e.FilterCount > 0 then
            sb.AppendFormat("filters: {0} on the logger\n", e.FilterCount) |> ignore

        for level, hs in e.ByLevel do
            match hs with
            | None -> sb.AppendFormat("{0}: dropped\n", name level) |> ignore
            | Some [] when not e.HasHandlers ->
                sb.AppendFormat("{0}: no handler (the last resort handles WARNING and above)\n", name level)
                |> ignore
            | Some [] -> sb.AppendFormat("{0}: below every handler's level\n", name level) |> ignore
            | Some hs -> sb.AppendFormat("{0}: {1}\n", name level, String.Join(", ", hs)) |> ignore

        sb.ToString()

[<RequireQualifiedAccess>]
module internal Explain =
    /// Explains a logger: its effective level and where it comes from, disabled, the propagation path, and,
    /// for each standard level, the handlers a record reaches (`levelOf` and `describe` read a handler).
    let logger (levelOf: 'H -> int) (describe: 'H -> string) (name: string) (h: Hierarchy<'H>) : LoggerExplanation =
        let chain = Hierarchy.chain name h
        let eff = Hierarchy.effectiveLevel name h

        let from =
            chain
            |> List.tryFind (fun n -> n.Level <> Levels.NotSet)
            |> Option.map (fun n -> n.Name)

        let rec path (nodes: LoggerNode<'H> list) =
            match nodes with
            | [] -> []
            | [ n ] -> [ n.Name ]
            | n :: rest when not n.Propagate -> [ n.Name + " (propagate off: stops here)" ]
            | n :: rest -> n.Name :: path rest

        let node = Hierarchy.tryFind name h
        let disabled = node |> Option.map (fun n -> n.Disabled) |> Option.defaultValue false
        let handlers = Hierarchy.handlerChain name h

        {
            Name = (if name = "" then Hierarchy.RootName else name)
            EffectiveLevel = eff
            LevelFrom = from
            Disabled = disabled
            ManagerDisable = h.Disable
            Path = path chain
            FilterCount = node |> Option.map (fun n -> n.Filters.Length) |> Option.defaultValue 0
            ByLevel = [
                for level in [ Levels.Debug; Levels.Info; Levels.Warning; Levels.Error; Levels.Critical ] ->
                    level,
                    if Hierarchy.isEnabledFor name level h then
                        Some(handlers |> List.filter (fun x -> level >= levelOf x) |> List.map describe)
                    else
                        None
            ]
            HasHandlers = not handlers.IsEmpty
        }
