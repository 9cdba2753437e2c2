using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace FuncLog.Extensions.Logging;

/// <summary>How Microsoft.Extensions.Logging's levels map to FuncLog's (Python's) levels.</summary>
public static class MelLevels
{
    /// <summary>
    /// The level of <see cref="LogLevel.Trace"/>: 5, below DEBUG, registered under the name "TRACE" when the
    /// provider is created (process-wide, as Python's addLevelName).
    /// </summary>
    public const int Trace = 5;

    /// <summary>
    /// Trace → 5 (TRACE), Debug → 10, Information → 20, Warning → 30, Error → 40, Critical → 50;
    /// <see cref="LogLevel.None"/> (and anything above it) → <see cref="int.MaxValue"/>; the provider never logs those.
    /// </summary>
    /// <param name="level">A Microsoft.Extensions.Logging level.</param>
    public static int ToFuncLog(LogLevel level) => level switch
    {
        LogLevel.Trace => Trace,
        LogLevel.Debug => Levels.Debug,
        LogLevel.Information => Levels.Info,
        LogLevel.Warning => Levels.Warning,
        LogLevel.Error => Levels.Error,
        LogLevel.Critical => Levels.Critical,
        _ => int.MaxValue,
    };

    /// <summary>Registers "TRACE" for level 5 unless that level already has a name.</summary>
    public static void Register()
    {
        if (global::FuncLog.Logging.GetLevelName(Trace) == "Level 5") global::FuncLog.Logging.AddLevelName(Trace, "TRACE");
    }
}

/// <summary>Options of <see cref="FuncLogLoggerProvider"/>.</summary>
public sealed class FuncLogProviderOptions
{
    /// <summary>The manager whose loggers the categories become (<see cref="LogManager.Default"/> when null).</summary>
    public LogManager? Manager { get; set; }

    /// <summary>
    /// Put the scopes of <c>ILogger.BeginScope</c> on each record (true by default): key/value scopes as
    /// <c>extra</c> values, and all scopes as text in <c>Scopes</c>.
    /// </summary>
    public bool IncludeScopes { get; set; } = true;

    /// <summary>Maps a category name to a logger name (the category itself by default).</summary>
    public Func<string, string>? LoggerName { get; set; }

    /// <summary>User types, file system and clock for the configuration section.</summary>
    public ConfigOptions? ConfigOptions { get; set; }

    /// <summary>
    /// The folder relative file names of the section's file handlers resolve against. Null: the host's content
    /// root when the provider is added to a host (<see cref="FuncLogLoggingBuilderExtensions.AddFuncLog"/>), else
    /// the current directory (CPython's rule).
    /// </summary>
    public string? BaseDirectory { get; set; }

    /// <summary>
    /// Create a file handler's missing log folder when the section is applied (true by default here, as the .NET
    /// peers do; FuncLog's core and CPython fail with FileNotFoundError instead). Set it to false to keep CPython's
    /// behaviour.
    /// </summary>
    public bool CreateLogDirectories { get; set; } = true;
}

/// <summary>
/// A Microsoft.Extensions.Logging provider that logs through FuncLog: each category becomes the FuncLog logger
/// of that name (so <c>MyApp.Controllers</c> inherits <c>MyApp</c>'s level and handlers), levels map as
/// <see cref="MelLevels.ToFuncLog"/> says, and the event id, the structured state and the scopes become
/// <c>extra</c> values a format string can print (<c>%(EventId)s</c>, <c>%(OrderId)s</c>, <c>%(Scopes)s</c>).
/// Register it with <see cref="FuncLogLoggingBuilderExtensions.AddFuncLog"/>.
/// </summary>
[ProviderAlias("FuncLog")]
public sealed class FuncLogLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentDictionary<string, FuncLogLogger> loggers = new(StringComparer.Ordinal);
    private readonly Func<string, string> loggerName;
    private readonly ConfigurationSectionWatcher? watcher;

    /// <summary>A provider on <paramref name="options"/>' manager, configured from <paramref name="configuration"/> if given.</summary>
    /// <param name="options">The manager, scopes, category mapping.</param>
    /// <param name="configuration">
    /// A section in dictConfig's shape (for example <c>builder.Configuration.GetSection("FuncLog")</c>), applied now and
    /// again, atomically, whenever the configuration reloads; null to leave the manager's configuration alone.
    /// </param>
    /// <exception cref="LogConfigException">The section is not a valid configuration.</exception>
    public FuncLogLoggerProvider(FuncLogProviderOptions? options = null, IConfiguration? configuration = null)
    {
        options ??= new FuncLogProviderOptions();
        MelLevels.Register();
        Manager = options.Manager ?? LogManager.Default;
        IncludeScopes = options.IncludeScopes;
        loggerName = options.LoggerName ?? (c => c);
        if (configuration is not null) watcher = Manager.WatchConfig(configuration, SectionOptions(options));
    }

    /// <summary>
    /// The values formats may name and every record from this provider carries; a record logged another way
    /// (FuncLog's own reports, a direct FuncLog logger) gets these when a formatter of the section names them.
    /// </summary>
    public static IReadOnlyDictionary<string, object?> FieldDefaults { get; } = new Dictionary<string, object?>
    {
        ["EventId"] = 0, ["EventName"] = null, ["Category"] = "", ["Scopes"] = "", ["OriginalFormat"] = "",
    };

    // the caller's ConfigOptions are copied, not changed
    private static ConfigOptions SectionOptions(FuncLogProviderOptions options)
    {
        var given = options.ConfigOptions;
        var o = new ConfigOptions
        {
            FileSystem = given?.FileSystem!, TimeProvider = given?.TimeProvider!,
            BaseDirectory = options.BaseDirectory ?? given?.BaseDirectory!,
            CreateDirectories = options.CreateLogDirectories,
            FormatterDefaults = given?.FormatterDefaults ?? FieldDefaults!,
        };
        if (given is not null) { o.Limits = given.Limits; o.AllowedTypes.AddRange(given.AllowedTypes); }
        return o;
    }

    /// <summary>The manager records go to.</summary>
    public LogManager Manager { get; }

    /// <summary>Whether scopes are put on records.</summary>
    public bool IncludeScopes { get; }

    /// <summary>The configuration section being followed; null when none was given.</summary>
    public ConfigurationSectionWatcher? ConfigWatcher => watcher;

    internal IExternalScopeProvider Scopes { get; private set; } = new LoggerExternalScopeProvider();

    /// <summary>The logger for a category: the FuncLog logger named by the category.</summary>
    /// <param name="categoryName">The category (usually a type's full name).</param>
    public ILogger CreateLogger(string categoryName) =>
        loggers.GetOrAdd(categoryName, (c, p) => new FuncLogLogger(p, p.Manager.GetLogger(p.loggerName(c)).Core, c), this);

    /// <summary>Called by the logger factory to share its scopes.</summary>
    /// <param name="scopeProvider">The factory's scope provider.</param>
    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => Scopes = scopeProvider;

    /// <summary>Stops following the configuration section. Handlers stay open (they belong to the manager,
    /// which flushes and closes them at shutdown or process exit).</summary>
    public void Dispose() => watcher?.Dispose();
}

/// <summary>One category's ILogger: a FuncLog logger behind Microsoft.Extensions.Logging's interface.</summary>
internal sealed class FuncLogLogger(FuncLogLoggerProvider provider, LoggerCore core, string category) : ILogger
{
    private static readonly object[] NoArgs = [];

    // Microsoft.Extensions.Logging carries no call site; these are Python's values when none is known.
    private static readonly CallSite Unknown = new("(unknown file)", 0, "(unknown function)");

    public LoggerCore Core => core;

    public bool IsEnabled(LogLevel logLevel) => logLevel < LogLevel.None && MelLevels.ToFuncLog(logLevel) >= core.Threshold;

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => provider.Scopes.Push(state);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
        Func<TState, Exception?, string> formatter)
    {
        int level = MelLevels.ToFuncLog(logLevel);
        if (logLevel >= LogLevel.None || level < core.Threshold) return;

        // this thread's spare dictionary: a record reads extra only while the call runs (a lent record in
        // place, any other one copies it when made), so it is reused; a call made meanwhile (a handler that
        // logs) finds none and makes its own
        var extra = t_extra ?? new Dictionary<string, object?>(8, StringComparer.Ordinal);
        t_extra = null;
        try
        {
            extra["EventId"] = eventId.Id is >= 0 and < 256 ? SmallInts[eventId.Id] : eventId.Id;
            extra["EventName"] = eventId.Name;
            extra["Category"] = category;
            if (provider.IncludeScopes) AddScopes(extra);
            else extra["Scopes"] = "";
            // one pass over the state's values (a LoggerMessage state boxes a value each time it is read)
            bool hasNull = false;
            var list = state as IReadOnlyList<KeyValuePair<string, object?>>;
            if (list is not null)
                for (var i = 0; i < list.Count; i++)
                {
                    var kv = list[i];
                    hasNull |= kv.Value is null && kv.Key != "{OriginalFormat}";
                    Put(extra, kv);
                }
            else if (state is IEnumerable<KeyValuePair<string, object?>> values)
                foreach (var kv in values) Put(extra, kv);

            // a null argument is Python's None in the message too (Microsoft.Extensions.Logging prints "(null)")
            string message = hasNull
                ? MelTemplate.Render(list!) ?? formatter?.Invoke(state, exception) ?? ""
                : formatter is not null ? formatter(state, exception) : state?.ToString() ?? "";

            // Msg is the rendered text with no args, so a '%' in it is printed as written (Python's getMessage).
            core.Log(level, message, NoArgs, exception!, extra!, false, 1, Unknown);
        }
        finally
        {
            extra.Clear();
            t_extra = extra;
        }
    }

    [ThreadStatic] private static Dictionary<string, object?>? t_extra;
    private static readonly object[] SmallInts = Enumerable.Range(0, 256).Select(i => (object)i).ToArray();

    private static void Put(Dictionary<string, object?> extra, KeyValuePair<string, object?> kv) =>
        Put(extra, kv.Key == "{OriginalFormat}" ? "OriginalFormat" : MelTemplate.Name(kv.Key), kv.Value);

    private void AddScopes(Dictionary<string, object?> extra)
    {
        System.Text.StringBuilder? text = null;
        provider.Scopes.ForEachScope(static (scope, state) =>
        {
            var (extra, builder) = state;
            if (builder.Length > 0) builder.Append(" => ");
            var text = scope?.ToString();
            if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
            {
                // a plain dictionary prints as its type name: print its pairs instead ("Customer:ann, Region:eu")
                bool plain = text == scope.GetType().ToString();
                bool first = true;
                foreach (var kv in pairs)
                {
                    if (kv.Key == "{OriginalFormat}") continue;
                    Put(extra, MelTemplate.Name(kv.Key), kv.Value);
                    if (plain) builder.Append(first ? "" : ", ").Append(kv.Key).Append(':').Append(kv.Value);
                    first = false;
                }
                if (!plain) builder.Append(text);
            }
            else builder.Append(text);
        }, (extra, text = new System.Text.StringBuilder()));
        extra["Scopes"] = text.ToString();
    }

    // A key that is a record attribute ("name", "message", ...) gets a trailing '_' instead of failing the record.
    private static void Put(Dictionary<string, object?> extra, string key, object? value) =>
        extra[FuncLog.LogRecordModule.reservedNames.Contains(key) ? key + "_" : key] = value;
}
