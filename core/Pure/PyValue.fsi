namespace FuncLog

/// A Python tuple of values: what str() shows as (a, b) or (a,).
[<Sealed>]
type PyTuple =

    new: items: obj array -> PyTuple

    /// The items.
    member Items: obj array

/// How Python's str(), repr() and type names render .NET values.
module internal PyValue =

    /// Python's repr(float) for a double.
    val floatRepr: d: float -> string

    /// The shortest repr of a single-precision float (its own digits, not the widened double's).
    val singleRepr: f: float32 -> string

    /// Python's repr of a str: quotes chosen as Python chooses them, escapes for what is not printable.
    val stringRepr: s: string -> string

    /// True for the .NET types Python would treat as int.
    val isInteger: o: obj -> bool

    /// The value as a BigInteger, for the integer types and bool.
    val toBigInteger: o: obj -> System.Numerics.BigInteger

    /// True for the .NET types Python would treat as float.
    val isFloat: o: obj -> bool

    /// The value as a double, for numbers and bool.
    val toDouble: o: obj -> float

    /// Python's type name for a value, as error messages show it (str, int, float, NoneType, ...).
    val typeName: o: obj -> string

    /// Python's repr() of a value.
    val repr: o: obj -> string

    /// Python's str() of a value: None, True/False, 1.0, the string itself, ToString() for others.
    val str: o: obj -> string

    /// Python's ascii(): repr with every non-ASCII character escaped.
    val ascii: o: obj -> string

    /// Looks a key up in a mapping value (IDictionary, IReadOnlyDictionary, IDictionary of string keys).
    val tryLookup: mapping: obj -> key: string -> obj voption

    /// True when the value is a mapping with at least one entry (Python's rule for a lone dict argument).
    val isNonEmptyMapping: o: obj -> bool

    /// The (key, value) pairs of a mapping value (IDictionary, IReadOnlyDictionary, a sequence of
    /// KeyValuePair), in its order; None for a value that is not a mapping.
    val mappingPairs: o: obj -> (obj * obj) seq option
