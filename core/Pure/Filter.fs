namespace FuncLog

open System

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
type Filter(name: string) =
    let name = if isNull name then "" else name
    /// A filter that passes every record.
    new() = Filter("")
    /// The logger-name prefix this filter passes.
    member _.Name = name

    /// Decides about a record.
    abstract Apply: LogRecord -> FilterResult

    default _.Apply(record: LogRecord) =
        if Filter.NameMatches(name, record.Name) then
            Pass
        else
            Reject

    /// Python's rule: true when name is empty, equal to recordName, or a dotted prefix of it.
    static member NameMatches(name: string, recordName: string) =
        name.Length = 0
        || name = recordName
        || (recordName.Length > name.Length
            && recordName.StartsWith(name, StringComparison.Ordinal)
            && recordName.[name.Length] = '.')

    /// A filter from a predicate.
    static member FromPredicate(predicate: Func<LogRecord, bool>) : Filter = {
        new Filter("") with
            member _.Apply r =
                if predicate.Invoke r then Pass else Reject
    }

    /// A filter from a function that returns the record to pass on (the same, a changed one) or null to drop it.
    static member FromFunction(transform: Func<LogRecord, LogRecord>) : Filter = {
        new Filter("") with
            member _.Apply r =
                let r2 = transform.Invoke r

                if isNull (box r2) then Reject
                elif obj.ReferenceEquals(r2, r) then Pass
                else Replace r2
    }

/// Running a list of filters, as Python's Filterer.filter does.
[<RequireQualifiedAccess>]
module internal Filters =
    /// Runs filters in order; each sees the record the previous one passed on. ValueNone = rejected.
    let run (filters: Filter[]) (record: LogRecord) : LogRecord voption =
        let mutable r = record
        let mutable ok = true
        let mutable i = 0

        while ok && i < filters.Length do
            match filters.[i].Apply r with
            | Reject -> ok <- false
            | Pass -> ()
            | Replace r2 -> r <- r2

            i <- i + 1

        if ok then ValueSome r else ValueNone
