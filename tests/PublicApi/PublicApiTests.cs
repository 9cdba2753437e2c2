using System.Reflection;
using System.Text;

namespace FuncLog.Tests.PublicApi;

/// <summary>
/// Pins the public API of FuncLog.Core and FuncLog: a change to it fails this test until the listing is
/// accepted. To accept: FUNCLOG_ACCEPT_API=1 dotnet test --filter PublicApi, then review and commit the
/// changed tests/PublicApi/*.api.txt.
/// </summary>
public class PublicApiTests
{
    [Theory]
    [InlineData("FuncLog.Core")]
    [InlineData("FuncLog")]
    [InlineData("FuncLog.Extensions.Logging")]
    [InlineData("FuncLog.OpenTelemetry")]
    public void Public_API_is_unchanged(string assemblyName)
    {
        var listing = Describe(Assembly.Load(assemblyName));
        var source = Path.Combine(SourceDir(), assemblyName + ".api.txt");
        if (Environment.GetEnvironmentVariable("FUNCLOG_ACCEPT_API") == "1") File.WriteAllText(source, listing);
        var approved = File.Exists(source) ? File.ReadAllText(source) : "";
        if (approved != listing) File.WriteAllText(Path.ChangeExtension(source, ".received.txt"), listing);
        Assert.True(approved == listing,
            $"The public API of {assemblyName} changed. Compare {Path.ChangeExtension(source, ".received.txt")} with {source}; accept with FUNCLOG_ACCEPT_API=1.");
    }

    private static string SourceDir() => Support.Repo.PathOf("tests", "PublicApi");

    private static string Describe(Assembly asm)
    {
        var sb = new StringBuilder();
        foreach (var t in asm.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            var kind = t.IsInterface ? "interface" : t.IsEnum ? "enum" : t.IsValueType ? "struct" : t.IsAbstract && t.IsSealed ? "static class" : t.IsAbstract ? "abstract class" : t.IsSealed ? "sealed class" : "class";
            var bases = new[] { t.BaseType }.Where(b => b is not null && b != typeof(object) && b != typeof(ValueType)).Select(b => Name(b!))
                .Concat(t.GetInterfaces().Where(i => i.IsPublic || i.IsNestedPublic).Select(Name).Order(StringComparer.Ordinal));
            var baseList = string.Join(", ", bases);
            sb.Append(kind).Append(' ').Append(Name(t)).Append(baseList.Length > 0 ? " : " + baseList : "").Append('\n');
            var members = t.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .Where(m => m is not MethodInfo { IsSpecialName: true } && m is not Type)
                .Select(Member)
                .Order(StringComparer.Ordinal);
            foreach (var m in members) sb.Append("  ").Append(m).Append('\n');
        }
        return sb.ToString();
    }

    private static string Member(MemberInfo m) => m switch
    {
        ConstructorInfo c => "ctor(" + Params(c.GetParameters()) + ")",
        MethodInfo mi => (mi.IsStatic ? "static " : "") + (mi.IsAbstract ? "abstract " : mi.IsVirtual && !mi.IsFinal ? "virtual " : "") +
                         Name(mi.ReturnType) + " " + mi.Name + (mi.IsGenericMethod ? "<" + string.Join(", ", mi.GetGenericArguments().Select(a => a.Name)) + ">" : "") +
                         "(" + Params(mi.GetParameters()) + ")",
        PropertyInfo p => (p.GetMethod?.IsStatic == true ? "static " : "") + Name(p.PropertyType) + " " + p.Name +
                          " {" + (p.GetMethod?.IsPublic == true ? " get;" : "") + (p.SetMethod?.IsPublic == true ? " set;" : "") + " }",
        FieldInfo f => (f.IsLiteral ? "const " : f.IsStatic ? "static " : "") + Name(f.FieldType) + " " + f.Name,
        EventInfo e => "event " + Name(e.EventHandlerType!) + " " + e.Name,
        _ => m.MemberType + " " + m.Name,
    };

    private static string Params(ParameterInfo[] ps) =>
        string.Join(", ", ps.Select(p => Name(p.ParameterType) + " " + p.Name + (p.IsOptional ? " = " + (p.DefaultValue ?? "null") : "")));

    private static string Name(Type t)
    {
        if (t.IsGenericParameter) return t.Name;
        if (t.IsByRef) return "ref " + Name(t.GetElementType()!);
        if (t.IsArray) return Name(t.GetElementType()!) + "[]";
        var name = (t.IsNested ? Name(t.DeclaringType!) + "." : t.Namespace is { } ns ? ns + "." : "") + (t.Name.Contains('`') ? t.Name[..t.Name.IndexOf('`')] : t.Name);
        return t.IsGenericType ? name + "<" + string.Join(", ", t.GetGenericArguments().Select(Name)) + ">" : name;
    }
}
