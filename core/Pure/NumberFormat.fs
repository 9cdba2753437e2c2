namespace FuncLog

open System
open System.Globalization
open System.Numerics
open System.Text

/// Number rendering shared by the % operator and str.format: Python's digits, signs and padding.
module internal NumberFormat =
    let inv = CultureInfo.InvariantCulture

    /// The digits of |v| in base 2, 8, 10 or 16.
    let intDigits (v: BigInteger) (b: int) (upper: bool) =
        let v = BigInteger.Abs v

        match b with
        | 10 -> v.ToString(inv)
        | 16 ->
            let s = v.ToString("x", inv).TrimStart '0'
            let s = if s = "" then "0" else s
            if upper then s.ToUpperInvariant() else s
        | _ ->
            if v.IsZero then
                "0"
            else
                let sb = StringBuilder()
                let mutable x = v
                let bb = BigInteger b

                while not x.IsZero do
                    let r = int (x % bb)
                    sb.Insert(0, char (int '0' + r)) |> ignore
                    x <- x / bb

                sb.ToString()

    let private fixExp (s: string) =
        // "1.234560E+003" -> "1.234560e+03"
        let i = s.IndexOf 'E'
        let mant = s.Substring(0, i)
        let e = int (s.Substring(i + 1))
        mant + "e" + (if e < 0 then "-" else "+") + (abs e).ToString("00", inv)

    let private expOf (d: float) (sig': int) =
        if d = 0.0 then
            0
        else
            let s = d.ToString("E" + string (sig' - 1), inv)
            int (s.Substring(s.IndexOf 'E' + 1))

    let private stripZeros (s: string) =
        let ePos = s.IndexOf 'e'

        let mant, rest =
            if ePos >= 0 then
                s.Substring(0, ePos), s.Substring ePos
            else
                s, ""

        let mant =
            if mant.Contains '.' then
                mant.TrimEnd('0').TrimEnd('.')
            else
                mant

        mant + rest

    /// The body of |d| (no sign) for conversion f, e or g (lower case), precision p, alternate form.
    let floatBody (d: float) (conv: char) (p: int) (alt: bool) =
        let d = abs d

        if Double.IsNaN d then
            "nan"
        elif Double.IsInfinity d then
            "inf"
        else
            match conv with
            | 'f' ->
                let s = d.ToString("F" + string p, inv)
                if alt && p = 0 then s + "." else s
            | 'e' ->
                let s = fixExp (d.ToString("E" + string p, inv))
                if alt && p = 0 then s.Replace("e", ".e") else s
            | _ ->
                let p = if p = 0 then 1 else p
                let x = expOf d p

                let s =
                    if x >= -4 && x < p then
                        d.ToString("F" + string (p - 1 - x), inv)
                    else
                        fixExp (d.ToString("E" + string (p - 1), inv))

                if alt then
                    if s.Contains '.' then
                        s
                    else
                        let ePos = s.IndexOf 'e'
                        if ePos >= 0 then s.Insert(ePos, ".") else s + "."
                else
                    stripZeros s

    /// Python's sign of a number: "-" when negative, else "+" or " " as the flags ask.
    let sign (negative: bool) (plus: bool) (space: bool) =
        if negative then "-"
        elif plus then "+"
        elif space then " "
        else ""

    /// Pads sign+prefix+body to width: left-justified, zero-padded after the sign, or right-justified.
    let pad (sign: string) (prefix: string) (body: string) (width: int) (left: bool) (zero: bool) =
        // Python counts code points
        let len = sign.Length + prefix.Length + FastText.pyLen body

        if width <= len then
            sign + prefix + body
        elif left then
            sign + prefix + body + String(' ', width - len)
        elif zero then
            sign + prefix + String('0', width - len) + body
        else
            String(' ', width - len) + sign + prefix + body

    /// Inserts a grouping separator every n digits from the right of an all-digit string.
    let group (digits: string) (sep: char) (n: int) =
        if digits.Length <= n then
            digits
        else
            let sb = StringBuilder()
            let first = digits.Length % n

            if first > 0 then
                sb.Append(digits, 0, first) |> ignore

            let mutable i = first

            while i < digits.Length do
                if sb.Length > 0 then
                    sb.Append sep |> ignore

                sb.Append(digits, i, n) |> ignore
                i <- i + n

            sb.ToString()
