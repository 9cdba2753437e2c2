namespace FuncLog

open System
open System.Text
open System.Text.RegularExpressions

/// The rotation journal: a rollover's steps written down before they are carried out, with a mark after
/// each step, so a rollover cut short by a crash is completed at the next start.
[<RequireQualifiedAccess>]
module internal RotationJournal =
    /// The first line of a journal.
    [<Literal>]
    let Header = "funclog-rotation 1"

    [<Literal>]
    let private EndOfPlan = "end"

    let private escape (s: string) =
        s.Replace("\\", "\\\\").Replace("\t", "\\t").Replace("\n", "\\n").Replace("\r", "\\r")

    let private unescape (s: string) =
        let sb = StringBuilder(s.Length)
        let mutable i = 0
        let mutable ok = true

        while i < s.Length do
            if s.[i] = '\\' && i + 1 < s.Length then
                match s.[i + 1] with
                | '\\' -> sb.Append '\\' |> ignore
                | 't' -> sb.Append '\t' |> ignore
                | 'n' -> sb.Append '\n' |> ignore
                | 'r' -> sb.Append '\r' |> ignore
                | _ -> ok <- false

                i <- i + 2
            elif s.[i] = '\\' then
                ok <- false
                i <- i + 1
            else
                sb.Append s.[i] |> ignore
                i <- i + 1

        if ok then Some(sb.ToString()) else None

    /// The journal text for a plan: header, one line per step, and the end-of-plan line.
    let render (steps: RotationStep list) =
        let sb = StringBuilder()
        sb.Append(Header).Append('\n') |> ignore

        for s in steps do
            match s with
            | RotationStep.Remove p -> sb.Append("remove\t").Append(escape p)
            | RotationStep.Rename(a, b) -> sb.Append("rename\t").Append(escape a).Append('\t').Append(escape b)
            | RotationStep.Rotate(a, b) -> sb.Append("rotate\t").Append(escape a).Append('\t').Append(escape b)
            |> fun sb -> sb.Append('\n') |> ignore

        sb.Append(EndOfPlan).Append('\n') |> ignore
        sb.ToString()

    /// The line appended once step i (from 0) is done.
    let doneMark (i: int) = sprintf "done %d\n" i

    /// Reads a journal: Ok(Some(steps, number of steps done)), Ok None when the plan was never completely
    /// written (no step was started), or an error naming the line.
    let parse (text: string) : Result<(RotationStep list * int) option, string> =
        let lines = text.Split '\n'

        if lines.Length = 0 || lines.[0] <> Header then
            Error(sprintf "line 1: expected %s" (PyValue.stringRepr Header))
        else
            let steps = ResizeArray()
            let mutable i = 1
            let mutable err = None
            let mutable ended = false

            while err.IsNone && not ended && i < lines.Length do
                let l = lines.[i]

                if l = EndOfPlan && i < lines.Length - 1 then
                    ended <- true
                elif i = lines.Length - 1 then
                    // a last line without its newline: the plan was cut short while being written
                    i <- lines.Length
                else
                    let parts = l.Split '\t'

                    let path k =
                        if k < parts.Length then unescape parts.[k] else None

                    match parts.[0], parts.Length with
                    | "remove", 2 ->
                        match path 1 with
                        | Some p -> steps.Add(RotationStep.Remove p)
                        | None -> err <- Some(sprintf "line %d: bad escape" (i + 1))
                    | ("rename" | "rotate") as k, 3 ->
                        match path 1, path 2 with
                        | Some a, Some b ->
                            steps.Add(
                                if k = "rename" then
                                    RotationStep.Rename(a, b)
                                else
                                    RotationStep.Rotate(a, b)
                            )
                        | _ -> err <- Some(sprintf "line %d: bad escape" (i + 1))
                    | _ -> err <- Some(sprintf "line %d: unknown step %s" (i + 1) (PyValue.stringRepr l))

                if not ended then
                    i <- i + 1

            match err with
            | Some e -> Error e
            | None when not ended -> Ok None
            | None ->
                let mutable completed = 0

                for j in i + 1 .. lines.Length - 1 do
                    let l = lines.[j]

                    if l.StartsWith "done " && j < lines.Length - 1 then
                        match Int32.TryParse(l.AsSpan 5) with
                        | true, n when n = completed -> completed <- n + 1
                        | _ -> ()

                Ok(Some(List.ofSeq steps, min completed steps.Count))
