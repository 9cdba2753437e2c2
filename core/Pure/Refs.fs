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
