using System.Text;
using Microsoft.Extensions.Logging;
using NLog.Config;
using NLog.Targets;
using NLog.Targets.Wrappers;
using Serilog;
using ILogger = Microsoft.Extensions.Logging.ILogger;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Display;
using MelLevel = Microsoft.Extensions.Logging.LogLevel;

namespace FuncLog.Bench;

/// <summary>The same logger, layout and destination for each library.</summary>
public static class Peers
{
    public const string Name = "app.module.component";
    public const string FuncLogLayout = "%(asctime)s %(name)s %(levelname)s %(message)s";
    public const string NLogLayout = "${date:format=yyyy-MM-dd HH\\:mm\\:ss,fff} ${logger} ${level:uppercase=true} ${message}";
    public const string SerilogTemplate = "{Timestamp:yyyy-MM-dd HH:mm:ss,fff} {SourceContext} {Level:u} {Message:l}{NewLine}";
    public const int Records = 100_000;

    /// <summary>The line of the hand-written reference rows: formatted with an interpolated string.</summary>
    public static string HandLine(int i) => $"{DateTime.Now:yyyy-MM-dd HH:mm:ss,fff} {Name} INFO request {"GET /index.html"} took {i} ms\n";

    public static string TempFile(string tag)
    {
        var dir = Path.Combine(Path.GetTempPath(), "funclog-bench", tag + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, "app.log");
    }

    public static void Remove(string file)
    {
        try { Directory.Delete(Path.GetDirectoryName(file)!, true); } catch (IOException) { }
    }

    // ---- NLog
    public static global::NLog.Logger NLog(Target target, global::NLog.LogLevel min, string pattern = "*")
    {
        var config = new LoggingConfiguration();
        config.AddRule(min, global::NLog.LogLevel.Fatal, target, pattern);
        var factory = new global::NLog.LogFactory { Configuration = config };
        return factory.GetLogger(Name);
    }

    public static FileTarget NLogFile(string path, bool autoFlush) => new("file")
    {
        FileName = path, Layout = NLogLayout, AutoFlush = autoFlush, KeepFileOpen = true, BufferSize = 64 * 1024,
    };

    // ---- Serilog
    public static global::Serilog.ILogger Serilog(Func<LoggerConfiguration, LoggerConfiguration> sinks, LogEventLevel min = LogEventLevel.Information,
        string? overrideApp = null) =>
        sinks(overrideApp is null
                ? new LoggerConfiguration().MinimumLevel.Is(min)
                : new LoggerConfiguration().MinimumLevel.Is(min).MinimumLevel.Override("app", LogEventLevel.Warning))
            .CreateLogger().ForContext(Constants.SourceContextPropertyName, Name);

    /// <summary>Renders each event with the template and discards the text.</summary>
    public sealed class SerilogTextSink : ILogEventSink
    {
        private readonly MessageTemplateTextFormatter _f = new(SerilogTemplate);
        private readonly StringWriter _w = new();
        public int Length;
        public void Emit(LogEvent logEvent)
        {
            _w.GetStringBuilder().Clear();
            _f.Format(logEvent, _w);
            Length += _w.GetStringBuilder().Length;
        }
    }

    // ---- Microsoft.Extensions.Logging: no layout or file provider in the box, so this one formats
    // the same line itself and writes it to a null sink or a file.
    public sealed class MelProvider(Action<string> write) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new L(categoryName, write);
        public void Dispose() { }
        private sealed class L(string category, Action<string> write) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(MelLevel logLevel) => true;
            public void Log<TState>(MelLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                write($"{DateTime.Now:yyyy-MM-dd HH:mm:ss,fff} {category} {Upper(logLevel)} {formatter(state, exception)}\n");
            private static string Upper(MelLevel l) => l switch
            {
                MelLevel.Information => "INFO", MelLevel.Warning => "WARNING", MelLevel.Error => "ERROR", MelLevel.Debug => "DEBUG",
                MelLevel.Critical => "CRITICAL", _ => "TRACE",
            };
        }
    }

    public static ILogger Mel(Action<string> write, MelLevel min = MelLevel.Information, bool appWarning = false) =>
        LoggerFactory.Create(b =>
        {
            b.SetMinimumLevel(min);
            if (appWarning) b.AddFilter("app", MelLevel.Warning);
            b.AddProvider(new MelProvider(write));
        }).CreateLogger(Name);

    public static Action<string> MelFile(string path, bool flushEach, out Action close)
    {
        var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, flushEach ? 0 : 64 * 1024);
        var writer = new StreamWriter(stream, new UTF8Encoding(false), 64 * 1024);
        var gate = new object();
        close = () => { lock (gate) writer.Dispose(); };
        return line => { lock (gate) { writer.Write(line); if (flushEach) writer.Flush(); } };
    }

    // ---- FuncLog
    public static Logger FuncLog(Handler handler, int level = Levels.Info)
    {
        var manager = new LogManager();
        handler.SetFormatter(new Formatter(FuncLogLayout));
        manager.Root.AddHandler(handler);
        manager.Root.SetLevel(level);
        return manager.GetLogger(Name);
    }

    /// <summary>Formats each record into a reused buffer and discards the text (as NLog's NullTarget renders
    /// into its reused builder and the Serilog sink above into a reused StringWriter).</summary>
    public sealed class DiscardHandler : Handler
    {
        private readonly StringBuilder _sb = new(256);
        public int Length;
        public DiscardHandler() => DeclareTransient(typeof(DiscardHandler)); // it keeps no record
        public override void Emit(LogRecord record)
        {
            _sb.Clear();
            FormatInto(record, _sb);
            Length += _sb.Length;
        }
    }
}
