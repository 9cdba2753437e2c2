namespace FuncLog.Tests.Support;

/// <summary>Keeps every record it is given, and the formatted text of each.</summary>
public sealed class CollectingHandler : Handler
{
    public List<LogRecord> Records { get; } = [];
    public List<string> Lines { get; } = [];
    public override void Emit(LogRecord record)
    {
        Records.Add(record);
        Lines.Add(Format(record));
    }
}

/// <summary>Counts the failures handlers report.</summary>
public sealed class CountingErrorPolicy : IErrorPolicy
{
    public List<(Handler Handler, LogRecord Record, Exception Error)> Errors { get; } = [];
    public void HandleError(Handler handler, LogRecord record, Exception error) => Errors.Add((handler, record, error));
}

/// <summary>A handler whose Emit always fails.</summary>
public sealed class FailingHandler : Handler
{
    public override void Emit(LogRecord record) => throw new IOException("device not ready");
}
