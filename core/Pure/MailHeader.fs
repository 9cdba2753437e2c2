namespace FuncLog

open System
open System.Text

/// An unstructured e-mail header (Subject) folded as CPython 3.13's email package writes it (policy
/// max_line_length 78): ASCII words as they are, folded at whitespace; non-ASCII text as RFC 2047 encoded words
/// in UTF-8 (q, unless b is more than 4 characters shorter), neighbouring ones merged, split to fit the line.
/// A port of the unstructured-header path of email._header_value_parser._refold_parse_tree and _fold_as_ew,
/// so the bytes match.
[<RequireQualifiedAccess>]
module internal MailHeader =
    let private maxLen = 78
    let private isWsp (c: char) = c = ' ' || c = '\t'

    /// A terminal of the parsed value: whitespace ('fws'), whitespace between two encoded words (written as
    /// nothing), or a run of other characters ('vtext').
    [<Struct>]
    type private Terminal =
        | Fws of fws: string
        | EwFws
        | VText of vtext: string

    let private text t =
        match t with
        | Fws s
        | VText s -> s
        | EwFws -> ""

    /// Python's len(): code points.
    let private len (s: string) =
        let mutable n = 0

        for i in 0 .. s.Length - 1 do
            if not (Char.IsLowSurrogate s.[i] && i > 0 && Char.IsHighSurrogate s.[i - 1]) then
                n <- n + 1

        n

    /// The first n code points of s (Python's s[:n]).
    let private take (n: int) (s: string) =
        let mutable i = 0
        let mutable k = 0

        while k < n && i < s.Length do
            i <- i + (if Char.IsHighSurrogate s.[i] && i + 1 < s.Length && Char.IsLowSurrogate s.[i + 1] then 2 else 1)
            k <- k + 1

        s.Substring(0, i)

    let private qSafe (b: byte) =
        Char.IsAsciiLetterOrDigit(char b) || "-!*+/".IndexOf(char b) >= 0

    /// email._encoded_words.encode(s, 'utf-8'): q unless b is shorter by 5 or more.
    let private encodeWord (s: string) =
        let bytes = UTF8Encoding(false, true).GetBytes s
        let mutable qlen = 0

        for b in bytes do
            qlen <- qlen + (if b = 32uy || qSafe b then 1 else 3)

        let blen = bytes.Length / 3 * 4 + (if bytes.Length % 3 <> 0 then 4 else 0)

        if qlen - blen < 5 then
            let sb = StringBuilder("=?utf-8?q?")

            for b in bytes do
                if b = 32uy then sb.Append '_' |> ignore
                elif qSafe b then sb.Append(char b) |> ignore
                else sb.AppendFormat("={0:X2}", b) |> ignore

            sb.Append("?=").ToString()
        else
            "=?utf-8?b?" + Convert.ToBase64String bytes + "?="

    /// The text of encoded words this module wrote (utf-8, q or b), for merging: Python's
    /// str(get_unstructured(...)), where whitespace between two encoded words disappears.
    let private decodeOwn (s: string) =
        let sb = StringBuilder()
        let mutable i = 0
        let mutable lastWasEw = false
        let mutable pendingWs = ""

        while i < s.Length do
            if isWsp s.[i] then
                let start = i

                while i < s.Length && isWsp s.[i] do
                    i <- i + 1

                pendingWs <- s.Substring(start, i - start)
            elif String.CompareOrdinal(s, i, "=?utf-8?", 0, 8) = 0 && i + 10 <= s.Length then
                let close = s.IndexOf("?=", i + 10, StringComparison.Ordinal)
                let body = s.Substring(i + 10, close - i - 10)

                let bytes =
                    if s.[i + 8] = 'b' then
                        Convert.FromBase64String body
                    else
                        let out = Collections.Generic.List<byte>()
                        let mutable j = 0

                        while j < body.Length do
                            match body.[j] with
                            | '_' ->
                                out.Add 32uy
                                j <- j + 1
                            | '=' ->
                                out.Add(Convert.ToByte(body.Substring(j + 1, 2), 16))
                                j <- j + 3
                            | c ->
                                out.Add(byte c)
                                j <- j + 1

                        out.ToArray()

                if not lastWasEw then
                    sb.Append pendingWs |> ignore

                pendingWs <- ""
                sb.Append(Encoding.UTF8.GetString bytes) |> ignore
                lastWasEw <- true
                i <- close + 2
            else
                let start = i

                while i < s.Length && not (isWsp s.[i]) do
                    i <- i + 1

                sb.Append(pendingWs).Append(s, start, i - start) |> ignore
                pendingWs <- ""
                lastWasEw <- false

        sb.Append(pendingWs).ToString()

    /// get_unstructured for text without encoded words in it: whitespace runs and the runs between them.
    let private terminals (value: string) =
        let result = Collections.Generic.List<Terminal>()
        let mutable i = 0

        while i < value.Length do
            let start = i
            let ws = isWsp value.[i]

            while i < value.Length && isWsp value.[i] = ws do
                i <- i + 1

            let piece = value.Substring(start, i - start)
            result.Add(if ws then Fws piece else VText piece)

        List.ofSeq result

    let private stealTrailingWsp (lines: Collections.Generic.List<string>) =
        let last = lines.[lines.Count - 1]

        if last.Length > 0 && isWsp last.[last.Length - 1] then
            lines.[lines.Count - 1] <- last.Substring(0, last.Length - 1)
            string last.[last.Length - 1]
        else
            ""

    let private appendToLast (lines: Collections.Generic.List<string>) (s: string) =
        lines.[lines.Count - 1] <- lines.[lines.Count - 1] + s

    /// _fold_as_ew: returns the new position of the last encoded word on the last line.
    let private foldAsEw
        (toEncode: string)
        (lines: Collections.Generic.List<string>)
        (lastEw: int option)
        (leadingWhitespace: string)
        : int option =
        let mutable toEncode = toEncode
        let mutable leading = leadingWhitespace
        let last () = lines.[lines.Count - 1]

        match lastEw with
        | Some at ->
            // Python's slices lines[-1][last_ew:] and [:last_ew], which clamp to the line
            let at = min at (last().Length)
            toEncode <- decodeOwn (last().Substring at + toEncode)
            lines.[lines.Count - 1] <- last().Substring(0, at)
        | None when isWsp toEncode.[0] ->
            let lw = string toEncode.[0]
            toEncode <- toEncode.Substring 1

            if last().Length = maxLen then
                lines.Add(stealTrailingWsp lines)

            appendToLast lines lw
        | None -> ()

        let mutable trailing = ""

        if toEncode.Length > 0 && isWsp toEncode.[toEncode.Length - 1] then
            trailing <- string toEncode.[toEncode.Length - 1]
            toEncode <- toEncode.Substring(0, toEncode.Length - 1)

        let mutable newLastEw =
            match lastEw with
            | Some at -> at
            | None -> last().Length

        let chrome = "utf-8".Length + 7

        while toEncode.Length > 0 do
            let remaining = maxLen - last().Length
            let textSpace = remaining - chrome - leading.Length

            if textSpace <= 0 then
                lines.Add " "
            else
                if lines.Count > 1 && last().Length = 1 && leading <> "" then
                    appendToLast lines (encodeWord leading)
                    leading <- ""

                let mutable word = take textSpace toEncode
                let mutable encoded = encodeWord word

                while encoded.Length - remaining > 0 do
                    word <- take (len word - 1) word
                    encoded <- encodeWord word

                appendToLast lines encoded
                toEncode <- toEncode.Substring word.Length
                leading <- ""

                if toEncode.Length > 0 then
                    lines.Add " "
                    newLastEw <- 1

        appendToLast lines trailing
        Some newLastEw

    /// The parts of a header as _refold_parse_tree walks them: the label (never encoded), the space after
    /// it, the value, and the value's terminals once it is unpacked.
    type private Part =
        | Label of string
        | Space
        | Value of Terminal list
        | Term of Terminal

    /// "Name: value" folded into lines of at most 78 characters where possible, joined by "\n" (the SMTP
    /// client sends CRLF). A value with a line break is refused, as Python's header factory refuses it.
    let fold (name: string) (value: string) : Result<string, string> =
        // Long by design: a port of email._header_value_parser._refold_parse_tree, one loop over the parts with
        // its lines and encoded-word state; keeping CPython's shape keeps the goldens explainable.
        if value.IndexOfAny [| '\r'; '\n' |] >= 0 then
            Error "Header values may not contain linefeed or carriage return characters"
        elif
            value
            |> Seq.mapi (fun i c ->
                (Char.IsHighSurrogate c && not (i + 1 < value.Length && Char.IsLowSurrogate value.[i + 1]))
                || (Char.IsLowSurrogate c && not (i > 0 && Char.IsHighSurrogate value.[i - 1])))
            |> Seq.exists id
        then
            Error "'utf-8' codec can't encode a lone surrogate: surrogates not allowed"
        else
            let lines = Collections.Generic.List<string>([ "" ])
            // an empty value has no parse tree, so no space after the label either
            let mutable parts =
                if value = "" then
                    [ Label(name + ":") ]
                else
                    [ Label(name + ":"); Space; Value(terminals value) ]
            let mutable leading = ""
            let mutable lastEw: int option = None
            let mutable wantEncoding = false
            let last () = lines.[lines.Count - 1]

            let str part =
                match part with
                | Label s -> s
                | Space -> " "
                | Value ts -> ts |> List.map text |> String.concat ""
                | Term t -> text t

            let startsWithFws part =
                match part with
                | Space
                | Term(Fws _)
                | Term EwFws -> true
                | Value(t :: _) -> (match t with VText _ -> false | _ -> true)
                | _ -> false

            while not parts.IsEmpty do
                let part = parts.Head
                parts <- parts.Tail
                let tstr = str part
                let ascii = tstr |> Seq.forall (fun c -> c < '\128')

                if not ascii then
                    wantEncoding <- true

                let mutable handled = false

                if wantEncoding then
                    match part with
                    | Label _ ->
                        // not encodable: it fits on its line (a short header name)
                        wantEncoding <- false
                        lastEw <- None
                    | Space
                    | Value _ ->
                        parts <-
                            (match part with
                             | Value ts -> ts |> List.map Term
                             | _ -> [ Term(Fws " ") ])
                            @ parts

                        wantEncoding <- false
                        handled <- true
                    | Term _ ->
                        lastEw <- foldAsEw tstr lines lastEw leading
                        leading <- ""
                        wantEncoding <- false
                        handled <- true

                if not handled then
                    if len tstr <= maxLen - last().Length then
                        appendToLast lines tstr
                    else
                        leading <- ""
                        let mutable folded = false

                        if len tstr + 1 <= maxLen then
                            let newline = stealTrailingWsp lines

                            if newline <> "" || startsWithFws part then
                                lines.Add(newline + tstr)
                                leading <- String(last() |> Seq.takeWhile isWsp |> Array.ofSeq)
                                lastEw <- None
                                folded <- true

                        if not folded then
                            match part with
                            | Value ts ->
                                parts <- (ts |> List.map Term) @ parts
                            | Space -> parts <- Term(Fws " ") :: parts
                            | Term _ ->
                                // no whitespace to fold at: encode it anyway, to wrap it
                                parts <- part :: parts
                                wantEncoding <- true
                            | Label _ ->
                                let newline = stealTrailingWsp lines

                                if newline <> "" then
                                    lines.Add(newline + tstr)
                                else
                                    appendToLast lines tstr

            Ok(String.Join("\n", lines))
