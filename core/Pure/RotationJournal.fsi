namespace FuncLog

/// The rotation journal: a rollover's steps written down before they are carried out, with a mark after
/// each step, so a rollover cut short by a crash is completed at the next start.
[<RequireQualifiedAccess>]
module internal RotationJournal =

    /// The first line of a journal.
    [<Literal>]
    val Header: string = "funclog-rotation 1"

    /// The journal text for a plan: header, one line per step, and the end-of-plan line.
    val render: steps: RotationStep list -> string

    /// The line appended once step i (from 0) is done.
    val doneMark: i: int -> string

    /// Reads a journal: Ok(Some(steps, number of steps done)), Ok None when the plan was never completely
    /// written (no step was started), or an error naming the line.
    val parse: text: string -> Result<(RotationStep list * int) option, string>
