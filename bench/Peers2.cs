using System.Buffers;
using log4net.Appender;
using log4net.Core;
using log4net.Layout;
using Microsoft.Extensions.Logging;
using ZLogger;
using ZLogger.Formatters;
using ILogger = Microsoft.Extensions.Logging.ILogger;
using ILoggerFactory = Microsoft.Extensions.Logging.ILoggerFactory;
using MelLevel = Microsoft.Extensions.Logging.LogLevel;

namespace FuncLog.Bench;

/// <summary>
/// ZLogger and log4net, set up as their documentation recommends for each scenario, with the same line as the others.
/// </summary>
public static class Peers2
{
    // ---- ZLogger 2: through its Microsoft.Extensions.Logging integration, ZLogger's own formatters, UTF-8 throughout.

    /// <summary>The plain-text line: ZLogger's prefix formatter writes time, category and level without allocating.</summary>
    public static void PlainText(ZLoggerOptions o) => o.UsePlainTextFormatter(f =>
        f.SetPrefixFormatter($"{0:yyyy-MM-dd HH:mm:ss,fff} {1} {2} ",
            (in MessageTemplate t, in LogInfo info) => t.Format(info.Timestamp.Local, info.Category, LevelName(info.LogLevel))));

    /// <summary>ZLogger's JSON formatter (System.Text.Json): timestamp, level, category, message and the values.</summary>
    public static void Json(ZLoggerOptions o) => o.UseJsonFormatter();

    private static string LevelName(MelLevel l) => l switch
    {
        MelLevel.Information => "INFO", MelLevel.Warning => "WARNING", MelLevel.Error => "ERROR", MelLevel.Debug => "DEBUG",
        MelLevel.Critical => "CRITICAL", _ => "TRACE",
    };

    /// <summary>A logger factory with one ZLogger processor; dispose the factory to drain and close it.</summary>
    public static ILoggerFactory ZLogger(Action<ZLoggerOptions> format, Func<ZLoggerOptions, IAsyncLogProcessor> processor,
        MelLevel min = MelLevel.Information, bool appWarning = false) =>
        LoggerFactory.Create(b =>
        {
            b.ClearProviders().SetMinimumLevel(min);
            if (appWarning) b.AddFilter("app", MelLevel.Warning);
            b.AddZLoggerLogProcessor(o => { format(o); return processor(o); });
        });

    /// <summary>ZLogger's own asynchronous stream writer (its background queue) to a 64 KB-buffered file.</summary>
    public static ILoggerFactory ZLoggerStream(string path, Action<ZLoggerOptions> format) =>
        LoggerFactory.Create(b => b.ClearProviders().SetMinimumLevel(MelLevel.Information)
            .AddZLoggerStream(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, 64 * 1024), format));

    /// <summary>
    /// ZLogger has no synchronous file writer: this processor formats each entry with ZLogger's formatter into a
    /// per-thread UTF-8 buffer (outside the lock, as FuncLog formats before its handler lock), then writes it under
    /// a lock — one write per record to an unbuffered stream (safe: on the OS before the call returns) or into a
    /// 64 KB FileStream buffer.
    /// </summary>
    public sealed class SyncFile(string path, IZLoggerFormatter formatter, bool flushEach) : IAsyncLogProcessor
    {
        [ThreadStatic] private static ArrayBufferWriter<byte>? buffer;
        private readonly FileStream file = new(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, flushEach ? 0 : 64 * 1024);
        private readonly Lock gate = new();

        public void Post(IZLoggerEntry entry)
        {
            var b = buffer ??= new ArrayBufferWriter<byte>(512);
            b.ResetWrittenCount();
            try { formatter.FormatLogEntry(b, entry); }
            finally { entry.Return(); }
            if (formatter.WithLineBreak) b.Write("\n"u8);
            lock (gate) file.Write(b.WrittenSpan);
        }

        public ValueTask DisposeAsync()
        {
            lock (gate) file.Dispose();
            return default;
        }
    }

    /// <summary>Formats each entry into a reused buffer and discards it (S2's null sink).</summary>
    public sealed class Discard(IZLoggerFormatter formatter) : IAsyncLogProcessor
    {
        private readonly ArrayBufferWriter<byte> buffer = new(512);
        public int Length;

        public void Post(IZLoggerEntry entry)
        {
            buffer.ResetWrittenCount();
            try { formatter.FormatLogEntry(buffer, entry); }
            finally { entry.Return(); }
            Length += buffer.WrittenCount;
        }

        public ValueTask DisposeAsync() => default;
    }

    // ---- log4net 3: a repository of its own per setup, PatternLayout, FileAppender / RollingFileAppender.

    public const string Log4NetPattern = "%date{yyyy-MM-dd HH:mm:ss,fff} %logger %level %message%newline";

    public static PatternLayout Layout()
    {
        var l = new PatternLayout(Log4NetPattern);
        l.ActivateOptions();
        return l;
    }

    /// <summary>A logger of a fresh repository whose root has the appender at INFO (or the given level).</summary>
    public static log4net.ILog Log4Net(IAppender appender, string? warnAt = null, string name = Peers.Name)
    {
        var repo = (log4net.Repository.Hierarchy.Hierarchy)log4net.LogManager.CreateRepository("bench-" + Guid.NewGuid().ToString("N"));
        repo.Root.Level = warnAt is null ? log4net.Core.Level.Info : log4net.Core.Level.All;
        repo.Root.AddAppender(appender);
        if (warnAt is not null) ((log4net.Repository.Hierarchy.Logger)repo.GetLogger(warnAt)).Level = log4net.Core.Level.Warn;
        repo.Configured = true;
        return log4net.LogManager.GetLogger(repo.Name, name);
    }

    /// <summary>
    /// log4net's FileAppender: <c>ImmediateFlush = true</c> is its safe mode (each record flushed to the OS);
    /// false leaves lines in its writer's buffer until it fills or the appender closes.
    /// </summary>
    public static FileAppender Log4NetFile(string path, bool immediateFlush)
    {
        var a = new FileAppender { File = path, AppendToFile = true, ImmediateFlush = immediateFlush, Layout = Layout(), LockingModel = new FileAppender.ExclusiveLock() };
        a.ActivateOptions();
        return a;
    }

    /// <summary>log4net's RollingFileAppender by size: 1 MB, 5 backups, each record flushed.</summary>
    public static RollingFileAppender Log4NetRolling(string path)
    {
        var a = new RollingFileAppender
        {
            File = path, AppendToFile = true, ImmediateFlush = true, Layout = Layout(), RollingStyle = RollingFileAppender.RollingMode.Size,
            MaximumFileSize = "1MB", MaxSizeRollBackups = 5, StaticLogFileName = true, LockingModel = new FileAppender.ExclusiveLock(),
        };
        a.ActivateOptions();
        return a;
    }

    /// <summary>Renders each event with the layout into a reused writer and discards the text.</summary>
    public sealed class Log4NetDiscard : AppenderSkeleton
    {
        private readonly StringWriter writer = new();
        public int Length;

        public Log4NetDiscard() => Layout = Peers2.Layout();

        protected override void Append(LoggingEvent loggingEvent)
        {
            writer.GetStringBuilder().Clear();
            RenderLoggingEvent(writer, loggingEvent);
            Length += writer.GetStringBuilder().Length;
        }
    }

    /// <summary>Closes the repository of a logger (flushing its appenders).</summary>
    public static void Close(log4net.ILog log) => log.Logger.Repository!.Shutdown();
}
