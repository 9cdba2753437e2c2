namespace FuncLog;

/// <summary>
/// A named logger in the dotted hierarchy (Python's <c>logging.Logger</c>). Get one with
/// <see cref="Logging.GetLogger"/> or <see cref="LogManager.GetLogger"/>; the same name gives the same object.
/// A call below the effective level costs one comparison and allocates nothing.
/// </summary>
public sealed partial class Logger
{
    internal static readonly object?[] NoArgs = [];

    private Logger(LogManager manager, LoggerCore core)
    {
        Manager = manager;
        Core = core;
    }

    internal static Logger For(LogManager manager, LoggerCore core) =>
        core.Facade as Logger ?? (Logger)core.SetFacade(new Logger(manager, core));

    /// <summary>The engine behind this logger (usable from F#).</summary>
    public LoggerCore Core { get; }

    /// <summary>The manager this logger belongs to.</summary>
    public LogManager Manager { get; }

    /// <summary>The logger's name; "root" for the root logger.</summary>
    public string Name => Core.Name;

    /// <summary>The level set on this logger (<see cref="Levels.NotSet"/> when it inherits).</summary>
    public int Level => Core.Level;

    /// <summary>Sets the level (Python's setLevel).</summary>
    /// <param name="level">A level number.</param>
    public void SetLevel(int level) => Core.SetLevel(level);

    /// <summary>Sets the level by name ("DEBUG", "INFO", or a registered custom name).</summary>
    /// <param name="level">A level name.</param>
    /// <exception cref="ArgumentException">Unknown level name.</exception>
    public void SetLevel(string level) => Core.SetLevel(level);

    /// <summary>The level that decides what this logger passes on (Python's getEffectiveLevel).</summary>
    public int GetEffectiveLevel() => Core.EffectiveLevel;

    /// <summary>Whether a record at <paramref name="level"/> would be created (Python's isEnabledFor).</summary>
    /// <param name="level">A level number.</param>
    public bool IsEnabledFor(int level) => level >= Core.Threshold;

    /// <summary>Whether records go on to the ancestors' handlers (Python's propagate).</summary>
    public bool Propagate { get => Core.Propagate; set => Core.Propagate = value; }

    /// <summary>A disabled logger creates no records (Python's disabled).</summary>
    public bool Disabled { get => Core.Disabled; set => Core.Disabled = value; }

    /// <summary>The nearest existing ancestor; null for the root.</summary>
    public Logger? Parent => Core.Parent is { } p ? For(Manager, p) : null;

    /// <summary>The handlers attached to this logger.</summary>
    public IReadOnlyList<Handler> Handlers => Core.Handlers;

    /// <summary>The filters attached to this logger.</summary>
    public IReadOnlyList<Filter> Filters => Core.Filters;

    /// <summary>Attaches a handler (once).</summary>
    /// <param name="handler">The handler.</param>
    public void AddHandler(Handler handler) => Core.AddHandler(handler);

    /// <summary>Detaches a handler.</summary>
    /// <param name="handler">The handler.</param>
    public void RemoveHandler(Handler handler) => Core.RemoveHandler(handler);

    /// <summary>Whether any handler is reachable from this logger (Python's hasHandlers).</summary>
    public bool HasHandlers() => Core.HasHandlers();

    /// <summary>Adds a filter (once).</summary>
    /// <param name="filter">The filter.</param>
    public void AddFilter(Filter filter) => Core.AddFilter(filter);

    /// <summary>Adds a predicate as a filter.</summary>
    /// <param name="predicate">True to keep a record.</param>
    /// <returns>The filter made for the predicate, to remove it later.</returns>
    public Filter AddFilter(Func<LogRecord, bool> predicate) => Core.AddFilter(predicate);

    /// <summary>Removes a filter.</summary>
    /// <param name="filter">The filter.</param>
    public void RemoveFilter(Filter filter) => Core.RemoveFilter(filter);

    /// <summary>The logger "<c>Name.suffix</c>" (Python's getChild).</summary>
    /// <param name="suffix">The child's name relative to this logger.</param>
    public Logger GetChild(string suffix) => For(Manager, Core.GetChild(suffix));

    /// <summary>Sends an existing record through this logger's filters and handlers (Python's handle).</summary>
    /// <param name="record">The record.</param>
    public void Handle(LogRecord record) => Core.Handle(record);

    internal void Emit(int level, object? msg, object?[] args, Exception? exc, IReadOnlyDictionary<string, object?>? extra,
        bool stackInfo, int stackLevel, CallSite site) =>
        Core.Log(level, msg!, args!, exc, extra!, stackInfo, stackLevel, site);

    /// <summary>
    /// The loggers directly below this one (Python 3.12's getChildren): those whose parent is this logger, one
    /// level down ("a.b" for "a", not "a.b.c" even while "a.b" does not exist).
    /// </summary>
    public IReadOnlySet<Logger> GetChildren() => Core.GetChildren().Select(c => For(Manager, c)).ToHashSet();

    /// <inheritdoc/>
    public override string ToString() => $"<Logger {Name} ({LevelTable.nameOf(GetEffectiveLevel())})>";
}
