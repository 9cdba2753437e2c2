namespace FuncLog

/// `result { }`: a computation over Result that stops at the first Error (the configuration readers use it
/// where each step can fail with an error that names its place).
[<AutoOpen>]
module internal ResultBuilder =
    type ResultBuilder() =
        member _.Return(x) = Ok x
        member _.ReturnFrom(r: Result<_, _>) = r
        member _.Bind(r: Result<'a, 'e>, f: 'a -> Result<'b, 'e>) = Result.bind f r
        member _.Zero() = Ok()
        member _.Delay(f: unit -> Result<'a, 'e>) = f
        member _.Run(f: unit -> Result<'a, 'e>) = f ()
        member _.Combine(r: Result<unit, 'e>, f: unit -> Result<'a, 'e>) = Result.bind f r

    let result = ResultBuilder()

    /// Applies f to each item in order; the results, or the first Error.
    let traverse (f: 'a -> Result<'b, 'e>) (xs: 'a list) : Result<'b list, 'e> =
        let rec go acc xs =
            match xs with
            | [] -> Ok(List.rev acc)
            | x :: rest ->
                match f x with
                | Ok y -> go (y :: acc) rest
                | Error e -> Error e

        go [] xs
