namespace FuncLog

/// What a filter decides about a record.
[<NoComparison; ReferenceEquality>]
type FilterResult =

    /// Drop the record.
    | Reject

    /// Let the record through unchanged.
    | Pass

    /// Let a changed record through instead (context injection).
    | Replace of LogRecord

/// A filter: Python's Filter(name) semantics by default (the named logger and its children pass; ""
/// passes everything); override Apply, or build one from a predicate or a record function.
[<AllowNullLiteral>]
type Filter =

    /// A filter that passes every record.
    new: unit -> Filter

    new: name: string -> Filter

    /// A filter from a function that returns the record to pass on (the same, a changed one) or null to drop it.
    static member FromFunction: transform: System.Func<LogRecord, LogRecord> -> Filter

    /// A filter from a predicate.
    static member FromPredicate: predicate: System.Func<LogRecord, bool> -> Filter

    /// Python's rule: true when name is empty, equal to recordName, or a dotted prefix of it.
    static member NameMatches: name: string * recordName: string -> bool

    override Apply: record: LogRecord -> FilterResult

    /// Decides about a record.
    abstract Apply: LogRecord -> FilterResult

    /// The logger-name prefix this filter passes.
    member Name: string

/// Running a list of filters, as Python's Filterer.filter does.
[<RequireQualifiedAccess>]
module internal Filters =

    /// Runs filters in order; each sees the record the previous one passed on. ValueNone = rejected.
    val run: filters: Filter array -> record: LogRecord -> LogRecord voption
