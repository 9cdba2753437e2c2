namespace FuncLog

open System
open System.Collections.Generic

/// colorlog's escape codes (colorlog/escape_codes.py, 6.7.0): color names to ANSI sequences, and the
/// parsing of a comma-separated color list ("bold_red,bg_white").
[<RequireQualifiedAccess>]
module internal EscapeCodes =
    let private esc (codes: int list) = "\027[" + String.Join(";", codes) + "m"

    let private foreground = [
        "black", 30
        "red", 31
        "green", 32
        "yellow", 33
        "blue", 34
        "purple", 35
        "cyan", 36
        "white", 37
        "light_black", 90
        "light_red", 91
        "light_green", 92
        "light_yellow", 93
        "light_blue", 94
        "light_purple", 95
        "light_cyan", 96
        "light_white", 97
    ]

    let private background = [
        "black", 40
        "red", 41
        "green", 42
        "yellow", 43
        "blue", 44
        "purple", 45
        "cyan", 46
        "white", 47
        "light_black", 100
        "light_red", 101
        "light_green", 102
        "light_yellow", 103
        "light_blue", 104
        "light_purple", 105
        "light_cyan", 106
        "light_white", 107
        // bold backgrounds do not exist; colorlog keeps the names
        "bold_black", 100
        "bold_red", 101
        "bold_green", 102
        "bold_yellow", 103
        "bold_blue", 104
        "bold_purple", 105
        "bold_cyan", 106
        "bold_white", 107
    ]

    /// Every name colorlog knows, with its sequence.
    let table: IReadOnlyDictionary<string, string> =
        let d = Dictionary<string, string>(StringComparer.Ordinal)
        d.["reset"] <- esc [ 0 ]
        d.["bold"] <- esc [ 1 ]
        d.["thin"] <- esc [ 2 ]

        for prefix in [ ""; "fg_" ] do
            for name, code in foreground do
                d.[prefix + name] <- esc [ code ]
                d.[prefix + "bold_" + name] <- esc [ 1; code ]
                d.[prefix + "thin_" + name] <- esc [ 2; code ]

        for name, code in background do
            d.["bg_" + name] <- esc [ code ]

        for code in 0..255 do
            d.["fg_" + string code] <- esc [ 38; 5; code ]
            d.["bg_" + string code] <- esc [ 48; 5; code ]

        d :> _

    /// parse_colors: the sequences of a comma-separated list of names (empty names skipped); an unknown
    /// name is Python's KeyError.
    let parse (colors: string) : Result<string, FormatError> =
        if String.IsNullOrEmpty colors then
            Ok ""
        else
            let names = colors.Split ','

            match names |> Array.tryFind (fun n -> n <> "" && not (table.ContainsKey n)) with
            | Some bad ->
                Error {
                    Kind = KeyError
                    Message = PyValue.stringRepr bad
                }
            | None -> Ok(String.Join("", names |> Array.filter ((<>) "") |> Array.map (fun n -> table.[n])))
