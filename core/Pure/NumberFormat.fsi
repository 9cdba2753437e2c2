namespace FuncLog

/// Number rendering shared by the % operator and str.format: Python's digits, signs and padding.
module internal NumberFormat =

    val inv: System.Globalization.CultureInfo

    /// The digits of |v| in base 2, 8, 10 or 16.
    val intDigits: v: System.Numerics.BigInteger -> b: int -> upper: bool -> string

    /// The body of |d| (no sign) for conversion f, e or g (lower case), precision p, alternate form.
    val floatBody: d: float -> conv: char -> p: int -> alt: bool -> string

    /// Python's sign of a number: "-" when negative, else "+" or " " as the flags ask.
    val sign: negative: bool -> plus: bool -> space: bool -> string

    /// Pads sign+prefix+body to width: left-justified, zero-padded after the sign, or right-justified.
    val pad: sign: string -> prefix: string -> body: string -> width: int -> left: bool -> zero: bool -> string

    /// Inserts a grouping separator every n digits from the right of an all-digit string.
    val group: digits: string -> sep: char -> n: int -> string
