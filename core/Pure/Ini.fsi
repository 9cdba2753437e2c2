namespace FuncLog

/// An INI file as Python's configparser reads it: sections, keys (lower-cased), values with continuation
/// lines, DEFAULT values, `%(name)s` interpolation on request, and the line each key came from.
type internal IniFile = {
    Defaults: Map<string, string>

    /// Section name → (key → value, line number).
    Sections: Map<string, Map<string, (string * int)>>

    /// Section name → the line of its header.
    SectionLines: Map<string, int>
}

[<RequireQualifiedAccess>]
module internal Ini =

    /// Parses INI text; `defaults` are the DEFAULT values given by the caller (fileConfig's defaults=).
    val parse: defaults: Map<string, string> -> text: string -> Result<IniFile, ConfigError>

    /// A raw value (configparser's raw=True): section value, else DEFAULT, with its line.
    val tryRaw: ini: IniFile -> section: string -> key: string -> (string * int) option

    /// configparser's BasicInterpolation: `%(name)s` from the section or DEFAULT, `%%` for `%`.
    val interpolate: ini: IniFile -> section: string -> value: string -> line: int -> Result<string, ConfigError>
