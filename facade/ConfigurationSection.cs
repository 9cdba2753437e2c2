using Microsoft.Extensions.Configuration;
using Microsoft.FSharp.Collections;

namespace FuncLog;

/// <summary>Reads a Microsoft.Extensions.Configuration section (appsettings.json) as a dictConfig tree.</summary>
internal static class ConfigurationSection
{
    /// <summary>
    /// The section as a dictConfig tree. Configuration values are strings, so each is read as YAML would read an
    /// unquoted scalar: <c>1</c> is a number, <c>false</c> a boolean, <c>DEBUG</c> a string. Sections whose keys
    /// are 0, 1, 2, … are lists.
    /// </summary>
    /// <param name="section">The section (for example <c>configuration.GetSection("Logging:FuncLog")</c>).</param>
    public static PyData ToPyData(IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var children = section.GetChildren().ToList();
        if (children.Count == 0)
            return section is IConfigurationSection { Value: { } v } ? ConfigText.yamlScalar(v) : PyDataModule.fields(FSharpList<Tuple<string, PyData>>.Empty);
        if (children.All(c => int.TryParse(c.Key, out _)))
            return PyData.NewList(ListModule.OfSeq(children.OrderBy(c => int.Parse(c.Key)).Select(ToPyData)));
        return PyDataModule.fields(ListModule.OfSeq(children.Select(c => Tuple.Create(c.Key, ToPyData(c)))));
    }
}
