namespace FuncLog.Tests.Support;

/// <summary>
/// Keeps every record it is given, and the formatted text of each. Safe to read while other threads log:
/// Records and Lines are copies taken under the handler's lock.
/// </summary>
public sealed class CollectingHandler : Handler
{
    private readonly List<LogRecord> _records = [];
    private readonly List<string> _lines = [];
    public List<LogRecord> Records { get { lock (Lock) return [.. _records]; } }
    public List<string> Lines { get { lock (Lock) return [.. _lines]; } }
    public override void Emit(LogRecord record)
    {
        _records.Add(record);
        _lines.Add(Format(record));
    }
}

/// <summary>Counts the failures handlers report.</summary>
public sealed class CountingErrorPolicy : IErrorPolicy
{
    private readonly List<(Handler Handler, LogRecord Record, Exception Error)> _errors = [];
    /// <summary>A copy of the failures so far (safe to read while handlers report).</summary>
    public List<(Handler Handler, LogRecord Record, Exception Error)> Errors { get { lock (_errors) return [.. _errors]; } }
    public void HandleError(Handler handler, LogRecord record, Exception error) { lock (_errors) _errors.Add((handler, record, error)); }
}

/// <summary>A handler whose Emit always fails.</summary>
public sealed class FailingHandler : Handler
{
    public override void Emit(LogRecord record) => throw new IOException("device not ready");
}
