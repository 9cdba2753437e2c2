namespace FuncLog

open System
open System.Globalization
open System.Text

/// An INI file as Python's configparser reads it: sections, keys (lower-cased), values with continuation
/// lines, DEFAULT values, `%(name)s` interpolation on request, and the line each key came from.
type internal IniFile = {
    Defaults: Map<string, string>
    /// Section name → (key → value, line number).
    Sections: Map<string, Map<string, string * int>>
    /// Section name → the line of its header.
    SectionLines: Map<string, int>
}

[<RequireQualifiedAccess>]
module internal Ini =
    /// Parses INI text; `defaults` are the DEFAULT values given by the caller (fileConfig's defaults=).
    let parse (defaults: Map<string, string>) (text: string) : Result<IniFile, ConfigError> =
        // Long by design: configparser's line loop (sections, keys, continuation lines, comments, interpolation
        // defaults), each line kind one short arm over the same state.
        let lines = text.Replace("\r\n", "\n").Split '\n'
        let mutable defaults = defaults
        let mutable sections: Map<string, Map<string, string * int>> = Map.empty
        let mutable sectionLines = Map.empty
        let mutable current: string option = None
        let mutable lastKey: string option = None
        let mutable error = None
        let mutable n = 0

        let set (key: string) (value: string) (line: int) =
            match current with
            | Some "DEFAULT" -> defaults <- defaults.Add(key, value)
            | Some sec -> sections <- sections.Add(sec, sections.[sec].Add(key, (value, line)))
            | None -> ()

        let get (key: string) =
            match current with
            | Some "DEFAULT" -> defaults.[key], 0
            | Some sec -> sections.[sec].[key]
            | None -> "", 0

        for raw in lines do
            n <- n + 1

            if error.IsNone then
                let stripped = raw.Trim()

                if stripped = "" || stripped.StartsWith "#" || stripped.StartsWith ";" then
                    // an empty line inside a value is kept by configparser only before more indented text
                    if stripped = "" then
                        lastKey <- lastKey
                elif Char.IsWhiteSpace raw.[0] && lastKey.IsSome then
                    let v, l = get lastKey.Value
                    set lastKey.Value (v + "\n" + stripped) l
                elif stripped.StartsWith "[" then
                    if not (stripped.EndsWith "]") then
                        error <-
                            Some {
                                Where = sprintf "line %d" n
                                Message = sprintf "bad section header %s" (PyValue.stringRepr raw)
                            }
                    else
                        let name = stripped.Substring(1, stripped.Length - 2)

                        if name <> "DEFAULT" && sections.ContainsKey name then
                            error <-
                                Some {
                                    Where = sprintf "line %d" n
                                    Message = sprintf "section %s already exists" (PyValue.stringRepr name)
                                }
                        else
                            if name <> "DEFAULT" then
                                sections <- sections.Add(name, Map.empty)
                                sectionLines <- sectionLines.Add(name, n)

                            current <- Some name
                            lastKey <- None
                elif current.IsNone then
                    error <-
                        Some {
                            Where = sprintf "line %d" n
                            Message = "text before the first [section]"
                        }
                else
                    let eq = stripped.IndexOfAny [| '='; ':' |]

                    if eq <= 0 then
                        error <-
                            Some {
                                Where = sprintf "line %d" n
                                Message = sprintf "expected key = value, got %s" (PyValue.stringRepr stripped)
                            }
                    else
                        let key = stripped.Substring(0, eq).Trim().ToLowerInvariant()
                        set key (stripped.Substring(eq + 1).Trim()) n
                        lastKey <- Some key

        match error with
        | Some e -> Error e
        | None ->
            Ok {
                Defaults = defaults
                Sections = sections
                SectionLines = sectionLines
            }

    /// A raw value (configparser's raw=True): section value, else DEFAULT, with its line.
    let tryRaw (ini: IniFile) (section: string) (key: string) : (string * int) option =
        match ini.Sections.TryFind section with
        | None -> None
        | Some s ->
            match s.TryFind key with
            | Some v -> Some v
            | None -> ini.Defaults.TryFind key |> Option.map (fun v -> v, ini.SectionLines.[section])

    /// configparser's BasicInterpolation: `%(name)s` from the section or DEFAULT, `%%` for `%`.
    let interpolate (ini: IniFile) (section: string) (value: string) (line: int) : Result<string, ConfigError> =
        let where = sprintf "[%s] line %d" section line

        let rec go (v: string) (depth: int) : Result<string, ConfigError> =
            if depth > 10 then
                Error {
                    Where = where
                    Message = "interpolation too deep (a reference loop?)"
                }
            else
                let sb = StringBuilder()
                let mutable i = 0
                let mutable err = None

                while err.IsNone && i < v.Length do
                    if v.[i] <> '%' then
                        sb.Append v.[i] |> ignore
                        i <- i + 1
                    elif i + 1 < v.Length && v.[i + 1] = '%' then
                        sb.Append '%' |> ignore
                        i <- i + 2
                    elif i + 1 < v.Length && v.[i + 1] = '(' then
                        let close = v.IndexOf(")s", i)

                        if close < 0 then
                            err <-
                                Some {
                                    Where = where
                                    Message = sprintf "bad interpolation syntax in %s" (PyValue.stringRepr v)
                                }
                        else
                            let name = v.Substring(i + 2, close - i - 2).ToLowerInvariant()

                            match tryRaw ini section name with
                            | None ->
                                err <-
                                    Some {
                                        Where = where
                                        Message = sprintf "%%(%s)s refers to no option or default" name
                                    }
                            | Some(r, _) ->
                                match go r (depth + 1) with
                                | Ok(x: string) -> sb.Append x |> ignore
                                | Error e -> err <- Some e

                            i <- close + 2
                    else
                        err <-
                            Some {
                                Where = where
                                Message = sprintf "'%%' must be followed by '%%' or '(' in %s" (PyValue.stringRepr v)
                            }

                match err with
                | Some e -> Error e
                | None -> Ok(sb.ToString())

        go value 0
