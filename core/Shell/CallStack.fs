namespace FuncLog

open System.Diagnostics
open System.Reflection

/// The caller's stack as the user sees it: FuncLog's own frames left out.
module internal CallStack =
    let private ours (m: MethodBase) =
        not (isNull m)
        && not (isNull m.DeclaringType)
        && (let n = m.DeclaringType.Assembly.GetName().Name
            n = "FuncLog.Core" || n = "FuncLog")

    /// Frames outside FuncLog, most recent first.
    let userFrames () : StackFrame[] =
        StackTrace(1, true).GetFrames()
        |> Array.filter (fun f -> not (isNull f) && not (ours (f.GetMethod())))

    /// A frame as a Python traceback line: '  File "path", line N, in name' (the type too when qualified).
    let line (qualified: bool) (f: StackFrame) =
        let m = f.GetMethod()

        let file =
            match f.GetFileName() with
            | null -> "<unknown>"
            | s -> s

        let name =
            if isNull m then
                "<unknown>"
            elif qualified && not (isNull m.DeclaringType) then
                m.DeclaringType.FullName + "." + m.Name
            else
                m.Name

        sprintf "  File \"%s\", line %d, in %s" file (f.GetFileLineNumber()) name
