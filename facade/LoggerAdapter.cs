namespace FuncLog;

/// <summary>
/// Wraps a logger and adds context to every call (Python's <c>logging.LoggerAdapter</c>). By default the
/// adapter's <see cref="Extra"/> replaces the call's extra (or is merged under it with <c>mergeExtra</c>);
/// override <see cref="Process"/> to change the message or the extra values.
/// </summary>
public partial class LoggerAdapter
{
    /// <summary>An adapter for <paramref name="logger"/> with context values.</summary>
    /// <param name="logger">The logger to delegate to.</param>
    /// <param name="extra">The context values (null for none).</param>
    /// <param name="mergeExtra">Merge the call's extra over the adapter's instead of replacing it (Python 3.13's merge_extra).</param>
    public LoggerAdapter(Logger logger, IReadOnlyDictionary<string, object?>? extra = null, bool mergeExtra = false)
    {
        Logger = logger ?? throw new ArgumentNullException(nameof(logger));
        Extra = extra;
        MergeExtra = mergeExtra;
    }

    /// <summary>The logger calls are delegated to.</summary>
    public Logger Logger { get; }

    /// <summary>The context values.</summary>
    public IReadOnlyDictionary<string, object?>? Extra { get; }

    /// <summary>Whether the call's extra is merged over the adapter's.</summary>
    public bool MergeExtra { get; }

    /// <summary>The adapted logger's name.</summary>
    public string Name => Logger.Name;

    /// <summary>Python's process(msg, kwargs): returns the message and extra values to log with.</summary>
    /// <param name="msg">The message of the call.</param>
    /// <param name="extra">The extra values of the call (null for none).</param>
    /// <returns>The message and extra to pass to the logger.</returns>
    public virtual (string Msg, IReadOnlyDictionary<string, object?>? Extra) Process(string msg, IReadOnlyDictionary<string, object?>? extra)
        => (msg, LogRecordModule.adapterExtra(MergeExtra, Extra!, extra!));

    /// <summary>Whether the adapted logger would create a record at this level.</summary>
    /// <param name="level">A level number.</param>
    public bool IsEnabledFor(int level) => Logger.IsEnabledFor(level);

    /// <summary>The adapted logger's effective level.</summary>
    public int GetEffectiveLevel() => Logger.GetEffectiveLevel();

    /// <summary>Sets the adapted logger's level.</summary>
    /// <param name="level">A level number.</param>
    public void SetLevel(int level) => Logger.SetLevel(level);

    /// <summary>Sets the adapted logger's level by name ("DEBUG", or a registered custom name).</summary>
    /// <param name="level">A level name.</param>
    /// <exception cref="ArgumentException">Unknown level name.</exception>
    public void SetLevel(string level) => Logger.SetLevel(level);

    /// <summary>The adapted logger's manager (Python's LoggerAdapter.manager).</summary>
    public LogManager Manager => Logger.Manager;

    /// <summary>Whether the adapted logger has handlers.</summary>
    public bool HasHandlers() => Logger.HasHandlers();

    private void Emit(int level, object? msg, object?[] args, Exception? exc, IReadOnlyDictionary<string, object?>? extra,
        bool stackInfo, int stackLevel, CallSite site)
    {
        // Process works on text: a message that is not a string is passed as its str()
        var (m, e) = Process(msg as string ?? PyValue.str(msg), extra);
        Logger.Emit(level, m, args, exc, e, stackInfo, stackLevel, site);
    }

    // the generic level methods: the arguments stay in their typed pack (released by the logger, or here when
    // Process throws)
    private void Emit(int level, object? msg, ArgPack args, Exception? exc, IReadOnlyDictionary<string, object?>? extra,
        bool stackInfo, int stackLevel, CallSite site)
    {
        (string, IReadOnlyDictionary<string, object?>?) processed;
        try { processed = Process(msg as string ?? PyValue.str(msg), extra); }
        catch { args.Release(); throw; }
        Logger.Core.LogPacked(level, processed.Item1, args, exc!, processed.Item2!, stackInfo, stackLevel, site);
    }
}
