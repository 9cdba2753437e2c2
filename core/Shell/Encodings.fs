namespace FuncLog

open System
open System.Collections.Generic
open System.IO
open System.IO.Compression
open System.Text

/// A character the file's encoding cannot represent, under errors='strict': Python's UnicodeEncodeError.
type UnicodeEncodingError(message: string) =
    inherit ArgumentException(message)

/// Unicode character names as CPython 3.13's unicodedata.name gives them (Unicode 15.1), read once from the
/// table core/Resources/make_unicode_names.py recorded: for the 'namereplace' error handler.
module internal UnicodeNames =
    let private table =
        lazy
            (let names = Dictionary<int, string>()
             let ranges = List<struct (int * int * string)>()
             use raw = typeof<UnicodeEncodingError>.Assembly.GetManifestResourceStream "FuncLog.unicode-names.gz"
             use gz = new GZipStream(raw, CompressionMode.Decompress)
             use r = new StreamReader(gz, UTF8Encoding(false))
             let mutable cp = -1
             let mutable line = r.ReadLine()

             while not (isNull line) do
                 if line.StartsWith "R;" then
                     let p = line.Split(';', 4)
                     ranges.Add(struct (Convert.ToInt32(p.[1], 16), Convert.ToInt32(p.[2], 16), p.[3]))
                 else
                     let semi = line.IndexOf ';'
                     cp <- cp + (if semi = 0 then 1 else Convert.ToInt32(line.Substring(0, semi), 16))
                     names.[cp] <- line.Substring(semi + 1)

                 line <- r.ReadLine()

             names, ranges)

    /// The character's name, or null where it has none.
    let tryName (codePoint: int) : string =
        let names, ranges = table.Force()

        match names.TryGetValue codePoint with
        | true, n -> n
        | _ ->
            let mutable found = null

            for struct (first, last, prefix) in ranges do
                if codePoint >= first && codePoint <= last then
                    found <- sprintf "%s-%04X" prefix codePoint

            found

/// Python's encoding error handlers (open()'s errors=) as a .NET encoder fallback: strict raises
/// UnicodeEncodingError with Python's message; ignore, replace ('?'), backslashreplace (\xNN, \uNNNN,
/// \UNNNNNNNN), xmlcharrefreplace (&#N;) and namereplace (\N{NAME}, else as backslashreplace) write a
/// replacement instead.
[<Sealed>]
type internal PythonEncoderFallback(errors: string, codec: string, reason: string) =
    inherit EncoderFallback()

    static member Modes = set [ "strict"; "ignore"; "replace"; "backslashreplace"; "xmlcharrefreplace"; "namereplace" ]

    member _.Errors = errors

    /// The replacement text for a code point that cannot be encoded (null to raise).
    member _.Replace(codePoint: int, index: int) : string =
        match errors with
        | "ignore" -> ""
        | "replace" -> "?"
        | "xmlcharrefreplace" -> sprintf "&#%d;" codePoint
        | "backslashreplace" -> PythonEncoderFallback.Escape codePoint
        | "namereplace" ->
            match UnicodeNames.tryName codePoint with
            | null -> PythonEncoderFallback.Escape codePoint
            | name -> "\\N{" + name + "}"
        | _ ->
            raise (
                UnicodeEncodingError(
                    sprintf
                        "'%s' codec can't encode character '%s' in position %d: %s"
                        codec
                        (PythonEncoderFallback.Escape codePoint)
                        index
                        (if codePoint >= 0xD800 && codePoint <= 0xDFFF then
                             "surrogates not allowed"
                         else
                             reason)
                )
            )

    static member Escape(codePoint: int) =
        if codePoint < 0x100 then sprintf "\\x%02x" codePoint
        elif codePoint < 0x10000 then sprintf "\\u%04x" codePoint
        else sprintf "\\U%08x" codePoint

    override _.MaxCharCount = 128

    override this.CreateFallbackBuffer() = PythonFallbackBuffer(this)

and [<Sealed>] internal PythonFallbackBuffer(owner: PythonEncoderFallback) =
    inherit EncoderFallbackBuffer()
    let mutable text = ""
    let mutable pos = 0

    let start (replacement: string) =
        text <- replacement
        pos <- 0
        text.Length > 0

    override _.Fallback(c: char, index: int) = start (owner.Replace(int c, index))

    override _.Fallback(high: char, low: char, index: int) =
        start (owner.Replace(Char.ConvertToUtf32(high, low), index))

    override _.GetNextChar() =
        if pos < text.Length then
            pos <- pos + 1
            text.[pos - 1]
        else
            '\000'

    override _.MovePrevious() =
        if pos > 0 then
            pos <- pos - 1
            true
        else
            false

    override _.Remaining = text.Length - pos

    override _.Reset() =
        text <- ""
        pos <- 0

/// Text encodings by Python's names, with Python's error handlers.
module internal Encodings =
    let utf8 = UTF8Encoding(false)

    let private canonical (name: string) =
        if isNull name then
            "utf-8"
        else
            name.ToLowerInvariant().Replace("_", "-")

    /// The encoding of a Python name (for reading: invalid bytes become U+FFFD).
    let byName (name: string) : Encoding =
        match canonical name with
        | "utf-8"
        | "utf8"
        | "locale" -> utf8 :> _
        | "utf-8-sig" -> UTF8Encoding(true) :> _
        | "ascii"
        | "us-ascii" -> Encoding.ASCII
        | "latin-1"
        | "latin1"
        | "iso-8859-1" -> Encoding.Latin1
        | n -> Encoding.GetEncoding n

    /// Python's name of the codec, as its error messages print it.
    let private codecName (name: string) =
        match canonical name with
        | "utf-8"
        | "utf8"
        | "locale" -> "utf-8"
        | "latin-1"
        | "latin1"
        | "iso-8859-1" -> "latin-1"
        | "us-ascii" -> "ascii"
        | n -> n

    /// The encoding a handler writes with: a Python name and one of Python's error handlers (null for
    /// 'strict', open()'s default). Throws ArgumentException for an unknown handler, as Python's LookupError.
    let forWriting (name: string) (errors: string) : Encoding =
        let errors = if isNull errors then "strict" else errors

        if not (PythonEncoderFallback.Modes.Contains errors) then
            raise (ArgumentException(sprintf "unknown error handler name %s" (PyValue.stringRepr errors), "errors"))

        let e = (byName name).Clone() :?> Encoding
        let codec = codecName name

        let reason =
            match codec with
            | "ascii" -> "ordinal not in range(128)"
            | "latin-1" -> "ordinal not in range(256)"
            | _ -> "character maps to <undefined>"

        e.EncoderFallback <- PythonEncoderFallback(errors, codec, reason)
        e

    /// The same encoding without a byte-order mark (the handler writes the mark itself, once).
    let withoutPreamble (e: Encoding) : Encoding =
        let bare: Encoding =
            match e with
            | :? UTF8Encoding -> UTF8Encoding(false)
            | :? UnicodeEncoding as u -> UnicodeEncoding(u.CodePage = 1201, false)
            | :? UTF32Encoding as u -> UTF32Encoding(u.CodePage = 12001, false)
            | e -> e

        if obj.ReferenceEquals(bare, e) then
            e
        else
            let copy = bare.Clone() :?> Encoding
            copy.EncoderFallback <- e.EncoderFallback
            copy
