namespace FuncLog.Tests.Support;

/// <summary>A writer that runs an action (a logging call, say) each time a string is written, then writes it.</summary>
public sealed class NestingWriter(StringWriter to, Action during) : TextWriter
{
    public override System.Text.Encoding Encoding => to.Encoding;
    public override void Write(string? value) { during(); to.Write(value); }
    public override void Write(char value) => to.Write(value);
}
