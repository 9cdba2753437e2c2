namespace FuncLog;

/// <summary>
/// The module-level API of Python's <c>logging</c>, on the default <see cref="LogManager"/>:
/// <c>Logging.GetLogger("app")</c>, <c>Logging.BasicConfig(...)</c>, <c>Logging.Warning("%s before you %s", "Look", "leap!")</c>.
/// </summary>
public static partial class Logging
{
    /// <summary>The logger with this name from the default manager; the root for null or "".</summary>
    /// <param name="name">A dotted name such as "app.db".</param>
    public static Logger GetLogger(string? name = null) => LogManager.Default.GetLogger(name);

    /// <summary>The root logger of the default manager.</summary>
    public static Logger Root => LogManager.Default.Root;

    /// <summary>Python's basicConfig on the default manager. See <see cref="LogManager.BasicConfig"/>.</summary>
    /// <param name="filename">Log to this file.</param>
    /// <param name="filemode">"a" (append) or "w" (truncate).</param>
    /// <param name="format">The format string.</param>
    /// <param name="datefmt">A strftime format for asctime.</param>
    /// <param name="style">'%', '{' or '$'.</param>
    /// <param name="level">The root logger's level: a number, or a name such as "INFO".</param>
    /// <param name="stream">Log to this writer.</param>
    /// <param name="handlers">Use these handlers.</param>
    /// <param name="force">Remove and close the root's handlers first.</param>
    /// <param name="encoding">The file's encoding.</param>
    /// <param name="errors">The file's error handler for characters its encoding cannot represent ("backslashreplace" by default).</param>
    public static void BasicConfig(string? filename = null, string filemode = "a", string? format = null, string? datefmt = null,
        char style = '%', object? level = null, TextWriter? stream = null, IEnumerable<Handler>? handlers = null,
        bool force = false, string? encoding = null, string? errors = null) =>
        LogManager.Default.BasicConfig(filename, filemode, format, datefmt, style, level, stream, handlers, force, encoding, errors: errors);

    /// <summary>Python's dictConfig on the default manager. See <see cref="LogManager.DictConfig(IReadOnlyDictionary{string, object?}, ConfigOptions?)"/>.</summary>
    /// <param name="config">Nested dictionaries and lists of strings, numbers, booleans and null.</param>
    /// <param name="options">User types allowed, file system, clock.</param>
    public static void DictConfig(IReadOnlyDictionary<string, object?> config, ConfigOptions? options = null) =>
        LogManager.Default.DictConfig(config, options);

    /// <summary>dictConfig from a JSON or YAML file on the default manager. See <see cref="LogManager.DictConfigFile"/>.</summary>
    /// <param name="path">The file (.json, .yaml or .yml).</param>
    /// <param name="options">User types allowed, file system, clock.</param>
    public static void DictConfigFile(string path, ConfigOptions? options = null) => LogManager.Default.DictConfigFile(path, options);

    /// <summary>Python's fileConfig on the default manager. See <see cref="LogManager.FileConfig"/>.</summary>
    /// <param name="path">The INI file.</param>
    /// <param name="defaults">Values for <c>%(name)s</c> interpolation.</param>
    /// <param name="disableExistingLoggers">Disable loggers the file does not name.</param>
    /// <param name="encoding">The file's encoding.</param>
    public static void FileConfig(string path, IReadOnlyDictionary<string, string>? defaults = null, bool disableExistingLoggers = true,
        string? encoding = null) => LogManager.Default.FileConfig(path, defaults, disableExistingLoggers, encoding);

    /// <summary>Python's logging.config.listen on the default manager. See <see cref="LogManager.Listen"/>.</summary>
    /// <param name="port">The port (9030 by default).</param>
    /// <param name="verify">Checks or transforms each frame's bytes; null rejects the frame.</param>
    public static ConfigListener Listen(int port = 9030, Func<byte[], byte[]?>? verify = null) => LogManager.Default.Listen(port, verify);

    /// <summary>Python's disable(level) on the default manager.</summary>
    /// <param name="level">The level (CRITICAL by default); NOTSET undoes it.</param>
    public static void Disable(int level = Levels.Critical) => LogManager.Default.Disable(level);

    /// <summary>Flushes and closes every handler of the default manager (also runs at process exit).</summary>
    public static void Shutdown() => LogManager.Default.Shutdown();

    /// <summary>Python's raiseExceptions for the default manager.</summary>
    public static bool RaiseExceptions { get => LogManager.Default.RaiseExceptions; set => LogManager.Default.RaiseExceptions = value; }

    /// <summary>Registers a name for a level (Python's addLevelName; process-wide, as in Python).</summary>
    /// <param name="level">The level number.</param>
    /// <param name="levelName">Its name.</param>
    public static void AddLevelName(int level, string levelName) => LevelTable.add(level, levelName);

    /// <summary>The name of a level: its registered name, or "Level N" (Python's getLevelName).</summary>
    /// <param name="level">The level number.</param>
    public static string GetLevelName(int level) => LevelTable.nameOf(level);

    /// <summary>
    /// Python's getLevelName given a name: the level's number (an int) when the name is registered, else the
    /// text "Level NAME".
    /// </summary>
    /// <param name="levelName">A level name such as "INFO".</param>
    public static object GetLevelName(string levelName) =>
        LevelTable.get().TryNumberOf(levelName) is { } n ? n.Value : "Level " + levelName;

    /// <summary>The handler of that name on the default manager (Python 3.12's getHandlerByName).</summary>
    /// <param name="name">The handler's name.</param>
    public static Handler? GetHandlerByName(string name) => LogManager.Default.GetHandlerByName(name);

    /// <summary>The names of the default manager's named handlers (Python 3.12's getHandlerNames).</summary>
    public static IReadOnlySet<string> GetHandlerNames() => LogManager.Default.GetHandlerNames();

    /// <summary>The number of a level name, or null when the name is not registered.</summary>
    /// <param name="levelName">A level name such as "INFO".</param>
    public static int? GetLevelNumber(string levelName) =>
        LevelTable.get().TryNumberOf(levelName) is { } n ? n.Value : null;

    /// <summary>A copy of the name-to-number table (Python's getLevelNamesMapping).</summary>
    public static IReadOnlyDictionary<string, int> GetLevelNamesMapping() =>
        new Dictionary<string, int>(LevelTable.get().NamesMapping);
}
