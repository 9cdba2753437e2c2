namespace FuncLog

/// `result { }`: a computation over Result that stops at the first Error (the configuration readers use it
/// where each step can fail with an error that names its place).
[<AutoOpen>]
module internal ResultBuilder =

    type ResultBuilder =

        new: unit -> ResultBuilder

        member Bind: r: Result<'a, 'e> * f: ('a -> Result<'b, 'e>) -> Result<'b, 'e>

        member Combine: r: Result<unit, 'e> * f: (unit -> Result<'a, 'e>) -> Result<'a, 'e>

        member Delay: f: (unit -> Result<'a, 'e>) -> (unit -> Result<'a, 'e>)

        member Return: x: 'd -> Result<'d, 'e>

        member ReturnFrom: r: Result<'b, 'c> -> Result<'b, 'c>

        member Run: f: (unit -> Result<'a, 'e>) -> Result<'a, 'e>

        member Zero: unit -> Result<unit, 'a>

    val result: ResultBuilder

    /// Applies f to each item in order; the results, or the first Error.
    val traverse: f: ('a -> Result<'b, 'e>) -> xs: 'a list -> Result<'b list, 'e>
