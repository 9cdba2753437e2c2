using System.IO.Abstractions;

namespace FuncLog;

/// <summary>
/// A logging universe: its own logger tree, clock, error policy and handlers. The static
/// <see cref="Logging"/> API uses <see cref="Default"/>; tests and libraries can make their own.
/// </summary>
public sealed partial class LogManager
{
    private static readonly Lazy<LogManager> DefaultManager = new(() => new LogManager(FuncLog.Manager.Default));

    /// <summary>A manager with its own logger tree.</summary>
    /// <param name="timeProvider">The clock records take their time from (the system clock when null).</param>
    /// <param name="stderr">Where error reports and the last-resort handler write (Console.Error when null).</param>
    public LogManager(TimeProvider? timeProvider = null, TextWriter? stderr = null)
        : this(new Manager(timeProvider ?? TimeProvider.System))
    {
        if (stderr is not null) Core.Stderr = stderr;
    }

    private LogManager(Manager core) => Core = core;

    /// <summary>The manager behind the static <see cref="Logging"/> API.</summary>
    public static LogManager Default => DefaultManager.Value;

    /// <summary>The engine (usable from F#).</summary>
    public Manager Core { get; }

    /// <summary>The root logger.</summary>
    public Logger Root => Logger.For(this, Core.Root);

    /// <summary>The logger with this name; the root for null, "" or "root" (Python's getLogger).</summary>
    /// <param name="name">A dotted name such as "app.db".</param>
    public Logger GetLogger(string? name = null) => Logger.For(this, Core.GetLogger(name ?? ""));

    /// <summary>The clock records take their time from; replacing it restarts relativeCreated.</summary>
    public TimeProvider TimeProvider { get => Core.TimeProvider; set => Core.TimeProvider = value; }

    /// <summary>Python's raiseExceptions: print handler failures on stderr (true by default).</summary>
    public bool RaiseExceptions { get => Core.RaiseExceptions; set => Core.RaiseExceptions = value; }

    /// <summary>Where error reports and the last-resort handler write.</summary>
    public TextWriter Stderr { get => Core.Stderr; set => Core.Stderr = value; }

    /// <summary>The policy that handler failures are reported to.</summary>
    public IErrorPolicy ErrorPolicy { get => Core.ErrorPolicy; set => Core.ErrorPolicy = value; }

    /// <summary>The handler used when a record finds no handler (Python's lastResort); null for none.</summary>
    public Handler? LastResort { get => Core.LastResort; set => Core.LastResort = value; }

    /// <summary>Python's disable(level): nothing at or below <paramref name="level"/> is logged by any logger.</summary>
    /// <param name="level">The level (CRITICAL by default); NOTSET undoes it.</param>
    public void Disable(int level = Levels.Critical) => Core.Disable(level);

    /// <summary>Flushes and closes every handler (Python's shutdown). Also runs at process exit.</summary>
    public void Shutdown() => Core.Shutdown();

    /// <summary>
    /// Python's basicConfig: gives the root logger a handler (a file, a stream, or the handlers given) with a
    /// formatter, and a level. Does nothing if the root already has handlers, unless <paramref name="force"/>.
    /// </summary>
    /// <param name="filename">Log to this file.</param>
    /// <param name="filemode">"a" (append) or "w" (truncate).</param>
    /// <param name="format">The format string ("%(levelname)s:%(name)s:%(message)s" by default).</param>
    /// <param name="datefmt">A strftime format for asctime.</param>
    /// <param name="style">'%', '{' or '$'.</param>
    /// <param name="level">The root logger's level: a number, or a name such as "INFO" (as Python accepts either).</param>
    /// <param name="stream">Log to this writer (stderr when neither filename nor stream is given).</param>
    /// <param name="handlers">Use these handlers (those without a formatter get the format).</param>
    /// <param name="force">Remove and close the root's handlers first.</param>
    /// <param name="encoding">The file's encoding (UTF-8 by default).</param>
    /// <param name="fileSystem">The file system for <paramref name="filename"/>.</param>
    /// <param name="errors">How the file handles characters its encoding cannot represent: Python's error
    /// handlers ("strict", "ignore", "replace", "backslashreplace", "xmlcharrefreplace", "namereplace");
    /// "backslashreplace" by default, as in Python's basicConfig.</param>
    /// <exception cref="ArgumentException">Conflicting arguments or a bad format, with Python's message.</exception>
    public void BasicConfig(string? filename = null, string filemode = "a", string? format = null, string? datefmt = null,
        char style = '%', object? level = null, TextWriter? stream = null, IEnumerable<Handler>? handlers = null,
        bool force = false, string? encoding = null, IFileSystem? fileSystem = null, string? errors = null) =>
        Core.BasicConfig(filename!, filemode, format!, datefmt!, style, LevelNumber(level), stream!, handlers!, force, encoding!, fileSystem!, errors!);

    /// <summary>Python's _checkLevel: a level number as given, a registered name's number, or Python's error.</summary>
    internal static int? LevelNumber(object? level) => level switch
    {
        null => null,
        int n => n,
        string name => LevelTable.check(name),
        _ when PyValue.isInteger(level) => (int)PyValue.toBigInteger(level),
        _ => throw new ArgumentException($"Level not an integer or a valid string: {PyValue.repr(level)}", nameof(level)),
    };

    /// <summary>
    /// The handler of that name among this manager's (attached to its loggers or made by its configuration), or
    /// null (Python 3.12's getHandlerByName).
    /// </summary>
    /// <param name="name">The handler's name (set by a configuration, or <see cref="Handler.Name"/>).</param>
    public Handler? GetHandlerByName(string name) => Core.GetHandlerByName(name);

    /// <summary>The names of this manager's named handlers (Python 3.12's getHandlerNames).</summary>
    public IReadOnlySet<string> GetHandlerNames() => Core.GetHandlerNames();

    /// <summary>
    /// Python's dictConfig for a dictionary built in code (schema version 1: formatters, filters, handlers,
    /// loggers, root, incremental, disable_existing_loggers, "()" factories, "." properties, cfg:// and
    /// ext://sys.stdout|stderr). Applied atomically: on any error a <see cref="LogConfigException"/> names the
    /// key path and nothing changes.
    /// </summary>
    /// <param name="config">Nested dictionaries and lists of strings, numbers, booleans and null.</param>
    /// <param name="options">User types allowed, file system, clock.</param>
    public void DictConfig(IReadOnlyDictionary<string, object?> config, ConfigOptions? options = null) =>
        Configurator.dictConfig(Core, options!, ConfigObjects.ofObject("", config));

    /// <summary>dictConfig from a Microsoft.Extensions.Configuration section (appsettings.json) in dictConfig's shape.
    /// Configuration values are strings, so each is read as YAML reads an unquoted scalar (<c>1</c> is a number,
    /// <c>false</c> a boolean, <c>DEBUG</c> a string); sections whose keys are 0, 1, 2, … are lists.</summary>
    /// <param name="section">For example <c>configuration.GetSection("Logging:FuncLog")</c>.</param>
    /// <param name="options">User types allowed, file system, clock.</param>
    public void DictConfig(Microsoft.Extensions.Configuration.IConfiguration section, ConfigOptions? options = null) =>
        Configurator.dictConfig(Core, options!, ConfigurationSection.ToPyData(section));

    /// <summary>dictConfig from JSON text.</summary>
    /// <param name="json">A JSON object in dictConfig's schema.</param>
    /// <param name="options">User types allowed, file system, clock.</param>
    public void DictConfigJson(string json, ConfigOptions? options = null) =>
        Configurator.dictConfig(Core, options!, Unwrap(ConfigText.jsonWith(ConfigOptions.LimitsOf(options!), json)));

    /// <summary>dictConfig from YAML text (yaml.safe_load's reading: <c>propagate: no</c> is false).</summary>
    /// <param name="yaml">A YAML mapping in dictConfig's schema.</param>
    /// <param name="options">User types allowed, file system, clock.</param>
    public void DictConfigYaml(string yaml, ConfigOptions? options = null) =>
        Configurator.dictConfig(Core, options!, Unwrap(ConfigText.yamlWith(ConfigOptions.LimitsOf(options!), yaml)));

    /// <summary>dictConfig from a file: <c>.yaml</c>/<c>.yml</c> as YAML, anything else as JSON.</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">User types allowed, file system, clock.</param>
    public void DictConfigFile(string path, ConfigOptions? options = null) =>
        Configurator.dictConfigFile(Core, options!, path);

    /// <summary>
    /// Python's fileConfig: the INI format of the HOWTO's <c>logging.conf</c>. <c>args=</c>/<c>kwargs=</c> are
    /// read as Python literals, never run. Errors name the section and line; nothing changes on error.
    /// </summary>
    /// <param name="path">The INI file.</param>
    /// <param name="defaults">Values for <c>%(name)s</c> interpolation (configparser's DEFAULT).</param>
    /// <param name="disableExistingLoggers">Disable loggers the file does not name (or descend from).</param>
    /// <param name="encoding">The file's encoding (UTF-8 by default).</param>
    /// <param name="options">User types allowed, file system, clock.</param>
    public void FileConfig(string path, IReadOnlyDictionary<string, string>? defaults = null, bool disableExistingLoggers = true,
        string? encoding = null, ConfigOptions? options = null) =>
        Configurator.fileConfig(Core, options!, path, defaults!, disableExistingLoggers, encoding!);

    /// <summary>
    /// Python's logging.config.listen: starts a TCP listener (loopback, port 9030 by default) that applies each
    /// configuration sent to it as a 4-byte big-endian length and a JSON or INI body. Dispose or
    /// <see cref="ConfigListener.Stop"/> it to stop (Python's stopListening).
    /// </summary>
    /// <param name="port">The port (0: any free one, see <see cref="ConfigListener.Port"/>).</param>
    /// <param name="verify">Checks or transforms each frame's bytes; null rejects the frame.</param>
    /// <param name="address">The address to bind (loopback by default).</param>
    /// <param name="options">User types allowed, file system, clock.</param>
    public ConfigListener Listen(int port = 9030, Func<byte[], byte[]?>? verify = null, System.Net.IPAddress? address = null,
        ConfigOptions? options = null) =>
        new ConfigListener(Core, port, verify!, address!, options!).Start();

    /// <summary>
    /// What happens to a record logged on <paramref name="name"/>: its effective level and the logger it comes
    /// from, disabled, the propagation path, and the handlers a record at each level reaches.
    /// <c>Console.Write(logging.Explain("app.db"))</c> prints it.
    /// </summary>
    /// <param name="name">The logger's name ("" or "root" for the root).</param>
    public LoggerExplanation Explain(string name) => Core.Explain(name);

    /// <summary>
    /// Applies a configuration file (JSON, YAML or INI by extension) and reloads it whole whenever it changes:
    /// each new version is validated in full (a bad one is reported on the "funclog.config" logger and the
    /// one in force stays), then applied atomically, keeping open the handlers whose configuration did not
    /// change. Dispose the watcher to stop.
    /// </summary>
    /// <param name="path">The configuration file.</param>
    /// <param name="pollInterval">How often to look for a change (default 2 s; zero: only when <see cref="ConfigWatcher.Check"/> is called).</param>
    /// <param name="options">User types allowed, file system, clock.</param>
    public ConfigWatcher WatchConfig(string path, TimeSpan? pollInterval = null, ConfigOptions? options = null) =>
        new ConfigWatcher(Core, path, options!, pollInterval ?? TimeSpan.FromSeconds(2), Core.TimeProvider).Start();

    /// <summary>
    /// Applies a Microsoft.Extensions.Configuration section in dictConfig's shape (see
    /// <see cref="DictConfig(Microsoft.Extensions.Configuration.IConfiguration, ConfigOptions?)"/>) and applies it again each time the configuration reloads
    /// (appsettings.json with <c>reloadOnChange</c>): validated in full, swapped in atomically, unchanged handlers
    /// kept open, a bad version reported on the "funclog.config" logger while the one in force stays. Dispose the
    /// watcher to stop following changes.
    /// </summary>
    /// <param name="section">For example <c>configuration.GetSection("FuncLog")</c>.</param>
    /// <param name="options">User types allowed, file system, clock.</param>
    /// <exception cref="LogConfigException">The section is not a valid configuration now.</exception>
    public ConfigurationSectionWatcher WatchConfig(Microsoft.Extensions.Configuration.IConfiguration section, ConfigOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(section);
        return new ConfigurationSectionWatcher(Core, section, options);
    }

    /// <summary>
    /// Starts a receiver for records sent by Python's or FuncLog's SocketHandler (TCP, 9020 by default) and
    /// DatagramHandler (UDP, 9021), pickled or JSON; each is logged through the logger it names. Binds to
    /// loopback unless an address is given; only the data part of pickle is decoded. Dispose it to stop.
    /// </summary>
    /// <param name="tcpPort">The TCP port (-1: none, 0: any free one).</param>
    /// <param name="udpPort">The UDP port (-1: none, 0: any free one).</param>
    /// <param name="address">The address to bind (loopback by default).</param>
    public LogReceiver Receive(int tcpPort = 9020, int udpPort = 9021, System.Net.IPAddress? address = null) =>
        new LogReceiver(Core, tcpPort, udpPort, address!).Start();

    private static PyData Unwrap(Microsoft.FSharp.Core.FSharpResult<PyData, ConfigError> r) =>
        r.IsOk ? r.ResultValue : throw new LogConfigException(r.ErrorValue);

    internal void EnsureConfigured()
    {
        if (Core.Root.HandlerCount == 0) BasicConfig();
    }
}
