namespace FuncLog

/// Lists of objects identified by reference (handlers, filters): Python's "add unless present" and "remove".
module internal Refs =

    /// Appends an item unless the same object is already there.
    val addOnce: item: 'T -> items: 'T list -> 'T list

    /// Removes an item (by reference).
    val remove: item: 'T -> items: 'T list -> 'T list
