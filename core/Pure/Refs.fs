namespace FuncLog

/// Lists of objects identified by reference (handlers, filters): Python's "add unless present" and "remove".
module internal Refs =
    /// Appends an item unless the same object is already there.
    let addOnce (item: 'T) (items: 'T list) =
        if items |> List.exists (fun x -> obj.ReferenceEquals(x, item)) then
            items
        else
            items @ [ item ]

    /// Removes an item (by reference).
    let remove (item: 'T) (items: 'T list) =
        items |> List.filter (fun x -> not (obj.ReferenceEquals(x, item)))

/// One entry of an IdentityCache (immutable, so a slot is read and replaced atomically).
[<AllowNullLiteral>]
type internal IdentityEntry<'K, 'V when 'K: not struct>(key: 'K, value: 'V) =
    member _.Key = key
    member _.Value = value

/// A direct-mapped cache in front of a slower lookup, keyed by object identity: the strings a call site
/// passes (its format string, its file path) are the same literal object on every call, so a hit costs
/// one identity hash and one reference comparison. A collision replaces the slot; readers never lock.
type internal IdentityCache<'K, 'V when 'K: not struct>(slots: int) =
    let mask = slots - 1

    let table: IdentityEntry<'K, 'V>[] =
        if slots <= 0 || slots &&& mask <> 0 then
            invalidArg (nameof slots) "a power of two"
        else
            Array.zeroCreate slots

    /// The cached value for this very object, or `compute key` (then cached).
    member inline _.GetOrAdd(key: 'K, [<InlineIfLambda>] compute: 'K -> 'V) : 'V =
        let i = System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(box key) &&& mask
        let e = table.[i]

        if not (isNull e) && obj.ReferenceEquals(e.Key, key) then
            e.Value
        else
            let v = compute key
            table.[i] <- IdentityEntry(key, v)
            v
