namespace FuncLog

open System
open System.Collections.Generic
open System.Runtime.InteropServices
open System.Text
open System.Text.RegularExpressions

/// A compiled format string in one of Python's three styles.
type internal CompiledFormat =
    | PercentFmt of PercentTemplate
    | BraceFmt of BracePart[]
    | DollarFmt of DollarPart[]
    /// A '{}' format that does not parse (validate=false): the error str.format raises when used.
    | BraceInvalid of string

/// Formatter styles and their validation, as functions.
module internal FormatStyles =
    let percentValidation =
        Regex(@"%\(\w+\)[#0+ -]*(\*|\d+)?(\.(\*|\d+))?[diouxefgcrsa%]", RegexOptions.IgnoreCase ||| RegexOptions.CultureInvariant)

    let braceField =
        Regex(@"^(\d+|\w+)(\.\w+|\[[^\]]+\])*$", RegexOptions.CultureInvariant)

    let braceSpec =
        Regex(
            // Python's validation_pattern; its '.' is one code point, so a surrogate pair is one fill too
            @"^((?:[\uD800-\uDBFF][\uDC00-\uDFFF]|.)?[<>=^])?[+ -]?#?0?(\d+|{\w+})?[,_]?(\.(\d+|{\w+}))?[bcdefgnosx%]?$",
            RegexOptions.IgnoreCase ||| RegexOptions.CultureInvariant
        )

    let defaultFormat style =
        match style with
        | '{' -> "{message}"
        | '$' -> "${message}"
        | _ -> "%(message)s"

    /// Compiles (and, when asked, validates) a format string: the error is Python's ValueError text.
    let compile (fmt: string) (style: char) (validate: bool) : Result<CompiledFormat * bool, string> =
        match style with
        | '%' ->
            if validate && not (percentValidation.IsMatch fmt) then
                Error(sprintf "Invalid format '%s' for '%%' style" fmt)
            else
                Ok(PercentFmt(PercentParse.parse fmt), fmt.Contains "%(asctime)")
        | '{' ->
            match BraceFormat.parse fmt with
            | Error e ->
                if validate then
                    Error("invalid format: " + e)
                else
                    Ok(BraceInvalid e, fmt.Contains "{asctime")
            | Ok parts ->
                let fields =
                    parts
                    |> Array.choose (function
                        | Field f -> Some f
                        | _ -> None)

                let check (f: BraceField) =
                    let full =
                        f.Name
                        + String.Join("", f.Indexes |> List.map (fun i -> if i.StartsWith "." then i else "[" + i + "]"))

                    if full <> "" && not (braceField.IsMatch full) then
                        Some(sprintf "invalid field name/expression: %s" (PyValue.stringRepr full))
                    elif f.Conversion.IsSome && not ("rsa".Contains f.Conversion.Value) then
                        Some(sprintf "invalid conversion: %s" (PyValue.stringRepr (string f.Conversion.Value)))
                    elif f.RawSpec <> "" && not (braceSpec.IsMatch f.RawSpec) then
                        Some(sprintf "bad specifier: %s" (PyValue.stringRepr f.RawSpec))
                    else
                        None

                let problems = if validate then fields |> Array.choose check else [||]

                if problems.Length > 0 then
                    Error("invalid format: " + problems.[0])
                elif validate && (fields |> Array.forall (fun f -> f.Name = "")) then
                    Error "invalid format: no fields"
                else
                    Ok(BraceFmt parts, fmt.Contains "{asctime")
        | '$' ->
            let parts = DollarFormat.parse fmt

            if
                validate
                && (parts
                    |> Array.exists (function
                        | DollarInvalid _ -> true
                        | _ -> false))
            then
                Error "invalid format: bare '$' not allowed"
            elif
                validate
                && not (
                    parts
                    |> Array.exists (function
                        | DollarField _ -> true
                        | _ -> false)
                )
            then
                Error "invalid format: no fields"
            else
                Ok(DollarFmt parts, fmt.Contains "$asctime" || fmt.Contains "${asctime}")
        | _ -> Error "Style must be one of: %,{,$"

/// A record attribute the fast path appends without boxing.
type internal FastField =
    | Message = 0
    | AscTime = 1
    | Name = 2
    | LevelName = 3
    | LevelNo = 4
    | PathName = 5
    | FileName = 6
    | Module = 7
    | LineNo = 8
    | FuncName = 9
    | Thread = 10
    | ThreadName = 11
    | Process = 12
    | ProcessName = 13

/// A piece of a % format the fast path renders: literal text, or a field with a width.
[<Struct>]
type internal FastPart = {
    Text: string
    Field: FastField
    Width: int
    Left: bool
}

module internal FastFormat =
    let private fields =
        dict [
            "message", FastField.Message
            "asctime", FastField.AscTime
            "name", FastField.Name
            "levelname", FastField.LevelName
            "levelno", FastField.LevelNo
            "pathname", FastField.PathName
            "filename", FastField.FileName
            "module", FastField.Module
            "lineno", FastField.LineNo
            "funcName", FastField.FuncName
            "thread", FastField.Thread
            "threadName", FastField.ThreadName
            "process", FastField.Process
            "processName", FastField.ProcessName
        ]

    let private isInt f =
        f = FastField.LevelNo
        || f = FastField.LineNo
        || f = FastField.Thread
        || f = FastField.Process

    /// The fast plan of a % format, when every conversion is %(field)s (or %d of an int field) with at most a
    /// width and '-': the common layouts. None sends formatting down the general path.
    let plan (t: PercentTemplate) : FastPart[] option =
        let parts =
            t.Parts
            |> Array.map (fun p ->
                match p with
                | Literal s ->
                    Some {
                        Text = s
                        Field = FastField.Message
                        Width = -1
                        Left = false
                    }
                | Conversion c ->
                    match c.Key with
                    | Some k when fields.ContainsKey k ->
                        let f = fields.[k]

                        let okConv = c.Conv = 's' || ((c.Conv = 'd' || c.Conv = 'i') && isInt f)
                        let okFlags = not (c.Plus || c.Space || c.Alt || c.Zero)

                        let width =
                            match c.Width with
                            | NoWidth -> Some 0
                            | Fixed w when w < 1000 -> Some w
                            | _ -> None

                        match width with
                        | Some w when okConv && okFlags && c.Precision = NoWidth ->
                            Some {
                                Text = null
                                Field = f
                                Width = w
                                Left = c.Left
                            }
                        | _ -> None
                    | _ -> None
                | Malformed _ -> None)

        if parts |> Array.forall Option.isSome then
            Some(parts |> Array.map Option.get)
        else
            None
