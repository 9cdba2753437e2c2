namespace FuncLog

open System
open System.Globalization
open System.Text

/// Python literals as fileConfig reads args= and kwargs=: tuples, lists, dicts, strings, numbers,
/// True/False/None, and the names a resolver knows — never evaluated as code, nested at most MaxDepth deep.
[<RequireQualifiedAccess>]
module internal PyLiteral =
    /// A Python literal (fileConfig's args= and kwargs=): tuples, lists, dicts, strings, numbers,
    /// True/False/None, and the names `resolve` knows (sys.stdout, DEBUG, …). Nothing is evaluated as code.
    let parseWith (limits: InputLimits) (resolve: string -> PyData option) (text: string) : Result<PyData, int * string> =
        // Long by design: a recursive-descent parser whose rules (value, sequence, scalar, string) share one
        // cursor and depth counter as closures; split apart they would pass that state through every call.
        let s = text
        let mutable i = 0
        let mutable depth = 0

        let fail msg =
            raise (FormatException(sprintf "%d\u0000%s" i msg))

        let skip () =
            while i < s.Length && Char.IsWhiteSpace s.[i] do
                i <- i + 1

        let peek () = if i < s.Length then s.[i] else '\000'

        let str () =
            let mutable raw = false

            while i < s.Length && "rRbBuU".Contains s.[i] do
                if s.[i] = 'r' || s.[i] = 'R' then
                    raw <- true

                i <- i + 1

            let q = peek ()

            if q <> '\'' && q <> '"' then
                fail "expected a string"

            let triple = i + 2 < s.Length && s.[i + 1] = q && s.[i + 2] = q
            let close = if triple then String(q, 3) else string q
            i <- i + close.Length
            let sb = StringBuilder()
            let mutable fin = false

            while not fin do
                if i >= s.Length then
                    fail "unterminated string"
                elif String.CompareOrdinal(s, i, close, 0, close.Length) = 0 then
                    i <- i + close.Length
                    fin <- true
                elif s.[i] = '\n' && not triple then
                    fail "unterminated string"
                elif s.[i] = '\\' && i + 1 < s.Length then
                    let c = s.[i + 1]

                    if raw then
                        sb.Append(s, i, 2) |> ignore
                        i <- i + 2
                    else
                        i <- i + 2

                        match c with
                        | 'n' -> sb.Append '\n' |> ignore
                        | 't' -> sb.Append '\t' |> ignore
                        | 'r' -> sb.Append '\r' |> ignore
                        | '0' -> sb.Append '\000' |> ignore
                        | '\\' -> sb.Append '\\' |> ignore
                        | '\'' -> sb.Append '\'' |> ignore
                        | '"' -> sb.Append '"' |> ignore
                        | '\n' -> ()
                        | 'x' when i + 2 <= s.Length ->
                            sb.Append(char (Convert.ToInt32(s.Substring(i, 2), 16))) |> ignore
                            i <- i + 2
                        | 'U' when i + 8 <= s.Length ->
                            sb.Append(Char.ConvertFromUtf32(Convert.ToInt32(s.Substring(i, 8), 16)))
                            |> ignore

                            i <- i + 8
                        | 'a' -> sb.Append '\a' |> ignore
                        | 'b' -> sb.Append '\b' |> ignore
                        | 'f' -> sb.Append '\f' |> ignore
                        | 'v' -> sb.Append '\v' |> ignore
                        | 'u' when i + 4 <= s.Length ->
                            sb.Append(char (Convert.ToInt32(s.Substring(i, 4), 16))) |> ignore
                            i <- i + 4
                        | c -> sb.Append('\\').Append(c) |> ignore
                else
                    sb.Append s.[i] |> ignore
                    i <- i + 1

            sb.ToString()

        let rec value () : PyData =
            skip ()

            match peek () with
            | '('
            | '['
            | '{' when depth >= limits.MaxDepth -> fail (LimitText.tooDeep limits)
            | '('
            | '['
            | '{' ->
                depth <- depth + 1
                let v = collection ()
                depth <- depth - 1
                v
            | _ -> scalar ()

        and collection () : PyData =
            match peek () with
            | '(' ->
                i <- i + 1
                let items, trailingComma = seq ')'

                match items with
                | [ x ] when not trailingComma -> x
                | _ -> PyData.Tuple items
            | '[' ->
                i <- i + 1
                PyData.List(fst (seq ']'))
            | '{' ->
                i <- i + 1
                let pairs = ResizeArray()
                skip ()

                while peek () <> '}' do
                    let k =
                        match value () with
                        | PyData.Str k -> k
                        | k -> string k

                    skip ()

                    if peek () <> ':' then
                        fail "expected ':'"

                    i <- i + 1
                    let v = value ()
                    pairs.Add(k, v)
                    skip ()

                    if peek () = ',' then
                        i <- i + 1
                        skip ()
                    elif peek () <> '}' then
                        fail "expected ',' or '}'"

                i <- i + 1
                PyData.fields(List.ofSeq pairs)
            | c -> fail (sprintf "unexpected %s" (PyValue.stringRepr (string c)))

        and scalar () : PyData =
            match peek () with
            | '\''
            | '"' -> PyData.Str(str ())
            | c when
                (c = 'r' || c = 'R' || c = 'u' || c = 'b')
                && i + 1 < s.Length
                && (s.[i + 1] = '\'' || s.[i + 1] = '"')
                ->
                PyData.Str(str ())
            | c when Char.IsAsciiDigit c || c = '-' || c = '+' || c = '.' ->
                let start = i
                i <- i + 1

                while i < s.Length
                      && (Char.IsAsciiLetterOrDigit s.[i]
                          || s.[i] = '.'
                          || s.[i] = '_'
                          || ((s.[i] = '-' || s.[i] = '+') && (s.[i - 1] = 'e' || s.[i - 1] = 'E'))) do
                    i <- i + 1

                let t = s.Substring(start, i - start).Replace("_", "")

                match Int64.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) with
                | true, n -> PyData.ofInt64 n
                | _ ->
                    match Double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture) with
                    | true, f when not (t.Contains "∞") -> PyData.Float f
                    | _ ->
                        i <- start
                        fail (sprintf "not a number: %s" t)
            | c when Char.IsLetter c || c = '_' ->
                let start = i

                while i < s.Length && (Char.IsLetterOrDigit s.[i] || s.[i] = '_' || s.[i] = '.') do
                    i <- i + 1

                match s.Substring(start, i - start) with
                | "True" -> PyData.Bool true
                | "False" -> PyData.Bool false
                | "None" -> PyData.None
                | name ->
                    match resolve name with
                    | Some v -> v
                    | None ->
                        i <- start

                        fail (
                            sprintf
                                "name %s is not a literal FuncLog knows (only sys.stdout, sys.stderr and level names are)"
                                (PyValue.stringRepr name)
                        )
            | '\000' -> fail "unexpected end"
            | c -> fail (sprintf "unexpected %s" (PyValue.stringRepr (string c)))

        and seq (close: char) : PyData list * bool =
            let items = ResizeArray()
            let mutable trailing = false
            skip ()

            while peek () <> close do
                items.Add(value ())
                skip ()
                trailing <- false

                if peek () = ',' then
                    i <- i + 1
                    trailing <- true
                    skip ()
                elif peek () <> close then
                    fail (sprintf "expected ',' or '%c'" close)

            i <- i + 1
            List.ofSeq items, trailing

        try
            let v = value ()
            skip ()

            if i < s.Length then
                fail "unexpected text after the value"

            Ok v
        with :? FormatException as e when e.Message.Contains "\u0000" ->
            let parts = e.Message.Split('\u0000', 2)
            Error(int parts.[0], parts.[1])

    /// A Python literal, with the default limits.
    let parse resolve text = parseWith InputLimits.Default resolve text
