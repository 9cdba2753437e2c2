using System.Collections;
using System.Globalization;
using System.Text;

namespace FuncLog.Extensions.Logging;

/// <summary>
/// Microsoft.Extensions.Logging's message templates as FuncLog stores them: a hole's name without the
/// destructuring marker (<c>{@Order}</c> is <c>Order</c>), and the text with Python's <c>None</c> for a null value.
/// </summary>
internal static class MelTemplate
{
    /// <summary>The template name a value is stored under: <c>@Order</c> and <c>$Order</c> are <c>Order</c>.</summary>
    public static string Name(string key) =>
        key.Length > 1 && (key[0] == '@' || key[0] == '$') ? key.Substring(1) : key;

    /// <summary>True when a template value (not the template itself) is null.</summary>
    public static bool HasNull(IReadOnlyList<KeyValuePair<string, object?>> values)
    {
        foreach (var kv in values)
            if (kv.Value is null && kv.Key != "{OriginalFormat}") return true;
        return false;
    }

    /// <summary>
    /// The template rendered as Microsoft.Extensions.Logging renders it (holes in order, <c>{{</c>/<c>}}</c>
    /// escapes, <c>,alignment</c> and <c>:format</c>, invariant culture, sequences joined with ", "), except that
    /// null is <c>None</c>; null when the state carries no template.
    /// </summary>
    public static string? Render(IReadOnlyList<KeyValuePair<string, object?>> values)
    {
        string? template = null;
        var args = new List<object?>(values.Count);
        foreach (var kv in values)
        {
            if (kv.Key == "{OriginalFormat}") template = kv.Value as string;
            else args.Add(Text(kv.Value));
        }
        if (template is null) return null;

        // the template as a composite format: each hole's name becomes its position
        var composite = new StringBuilder(template.Length);
        int hole = 0, i = 0;
        while (i < template.Length)
        {
            char c = template[i];
            if (c == '{' && i + 1 < template.Length && template[i + 1] == '{') { composite.Append("{{"); i += 2; continue; }
            if (c == '}' && i + 1 < template.Length && template[i + 1] == '}') { composite.Append("}}"); i += 2; continue; }
            if (c == '{')
            {
                int close = template.IndexOf('}', i + 1);
                if (close < 0) { composite.Append("{{"); i++; continue; }
                int spec = template.IndexOfAny([',', ':'], i + 1, close - i - 1);
                composite.Append('{').Append(hole++);
                if (spec >= 0) composite.Append(template, spec, close - spec);
                composite.Append('}');
                i = close + 1;
                continue;
            }
            if (c == '}') { composite.Append("}}"); i++; continue; }
            composite.Append(c);
            i++;
        }
        while (args.Count < hole) args.Add("None");
        try { return string.Format(CultureInfo.InvariantCulture, composite.ToString(), args.ToArray()); }
        catch (FormatException) { return null; }
    }

    private static object? Text(object? value) => value switch
    {
        null => "None",
        string s => s,
        IEnumerable e => string.Join(", ", e.Cast<object?>().Select(x => x ?? "None")),
        _ => value,
    };
}
