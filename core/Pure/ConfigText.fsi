namespace FuncLog

/// A YAML collection being read: its items so far (a mapping's as key, value, key, value …), its anchor,
/// how many values it holds and how deep they nest.
[<Sealed; AllowNullLiteral>]
type internal YamlFrame =

    new: isMap: bool * anchor: string -> YamlFrame

    member Anchor: string

    member Height: int

    member IsMap: bool

    member Items: System.Collections.Generic.List<PyData>

    member Size: int64

/// Readers from text to PyData: JSON, YAML (with PyYAML's scalar rules), Python literals.
[<RequireQualifiedAccess>]
module internal ConfigText =

    /// A JSON document, nested at most limits.MaxDepth deep.
    val jsonWith: limits: InputLimits -> text: string -> Result<PyData, ConfigError>

    /// A JSON document, with the default limits.
    val json: text: string -> Result<PyData, ConfigError>

    /// PyYAML's resolution of a plain (unquoted) scalar: null, bool (yes/no/on/off too), int, float, str.
    val yamlScalar: s: string -> PyData

    /// A YAML document (yaml.safe_load's view of it), read from the parser's events with an explicit stack:
    /// nesting is bounded by limits.MaxDepth, an alias counts every value it repeats against the expansion
    /// budget, and an alias inside the node it names (recursive YAML) is refused. (YamlDotNet's representation
    /// model recurses on nesting and copies aliases, so it is not used.)
    val yamlWith: limits: InputLimits -> text: string -> Result<PyData, ConfigError>

    /// A YAML document, with the default limits.
    val yaml: text: string -> Result<PyData, ConfigError>
