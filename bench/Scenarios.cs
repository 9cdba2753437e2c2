using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging;
using ZLogger;
using NLog.Targets;
using NLog.Targets.Wrappers;
using Serilog;
using Serilog.Events;
using MelLevel = Microsoft.Extensions.Logging.LogLevel;

namespace FuncLog.Bench;

/// <summary>S1: a Debug call with one int on a logger whose level (WARNING) is set three levels up.</summary>
[MemoryDiagnoser, BenchmarkCategory("S1 disabled")]
public class S1_Disabled
{
    private Logger _funcLog = null!;
    private global::NLog.Logger _nlog = null!;
    private global::Serilog.ILogger _serilog = null!;
    private Microsoft.Extensions.Logging.ILogger _mel = null!;
    private int _i;

    [GlobalSetup]
    public void Setup()
    {
        var manager = new LogManager();
        manager.Root.AddHandler(new Peers.DiscardHandler());
        manager.GetLogger("app").SetLevel(Levels.Warning);
        manager.GetLogger("app.module");
        _funcLog = manager.GetLogger(Peers.Name);
        _nlog = Peers.NLog(new NullTarget(), global::NLog.LogLevel.Warn, "app*");
        _serilog = Peers.Serilog(c => c.WriteTo.Sink(new Peers.SerilogTextSink()), LogEventLevel.Verbose, overrideApp: "app");
        _mel = Peers.Mel(_ => { }, MelLevel.Trace, appWarning: true);
        _zlogger = Peers2.ZLogger(Peers2.PlainText, o => new Peers2.Discard(o.CreateFormatter()), MelLevel.Trace, appWarning: true).CreateLogger(Peers.Name);
        _log4net = Peers2.Log4Net(new Peers2.Log4NetDiscard(), warnAt: "app");
    }

    private Microsoft.Extensions.Logging.ILogger _zlogger = null!;
    private log4net.ILog _log4net = null!;

    [Benchmark(Baseline = true)] public void FuncLog() => _funcLog.Debug("value %d", _i++);
    [Benchmark] public void NLog() => _nlog.Debug("value {0}", _i++);
    [Benchmark] public void Serilog() => _serilog.Debug("value {Value}", _i++);
    [Benchmark] public void MEL() => _mel.LogDebug("value {Value}", _i++);
    [Benchmark] public void ZLogger() => _zlogger.ZLogDebug($"value {_i++}");
    // log4net's FAQ: test IsDebugEnabled before a call whose arguments cost something
    [Benchmark] public void Log4Net() { if (_log4net.IsDebugEnabled) _log4net.DebugFormat("value {0}", _i++); }
}

/// <summary>S2: an Info call with two arguments rendered with asctime, name, level and message, discarded.</summary>
[MemoryDiagnoser, BenchmarkCategory("S2 enabled, null sink")]
public class S2_Enabled
{
    private Logger _funcLog = null!;
    private global::NLog.Logger _nlog = null!;
    private global::Serilog.ILogger _serilog = null!;
    private Microsoft.Extensions.Logging.ILogger _mel = null!;
    private int _i, _len;

    [GlobalSetup]
    public void Setup()
    {
        _funcLog = Peers.FuncLog(new Peers.DiscardHandler());
        _nlog = Peers.NLog(new NullTarget { FormatMessage = true, Layout = Peers.NLogLayout }, global::NLog.LogLevel.Info);
        _serilog = Peers.Serilog(c => c.WriteTo.Sink(new Peers.SerilogTextSink()));
        _mel = Peers.Mel(s => _len += s.Length);
        _zlogger = Peers2.ZLogger(Peers2.PlainText, o => new Peers2.Discard(o.CreateFormatter())).CreateLogger(Peers.Name);
        _log4net = Peers2.Log4Net(new Peers2.Log4NetDiscard());
    }

    private Microsoft.Extensions.Logging.ILogger _zlogger = null!;
    private log4net.ILog _log4net = null!;

    [Benchmark(Baseline = true)] public void FuncLog() => _funcLog.Info("request %s took %d ms", "GET /index.html", _i++);
    [Benchmark] public void NLog() => _nlog.Info("request {0} took {1} ms", "GET /index.html", _i++);
    [Benchmark] public void Serilog() => _serilog.Information("request {Path} took {Ms} ms", "GET /index.html", _i++);
    [Benchmark] public void MEL() => _mel.LogInformation("request {Path} took {Ms} ms", "GET /index.html", _i++);
    [Benchmark] public void ZLogger() => _zlogger.ZLogInformation($"request {"GET /index.html"} took {_i++} ms");
    [Benchmark] public void Log4Net() => _log4net.InfoFormat("request {0} took {1} ms", "GET /index.html", _i++);
}

/// <summary>The file scenarios: 100,000 records per invocation; time is per record.</summary>
public abstract class FileScenario
{
    protected string Path = null!;
    protected int I;

    [IterationCleanup]
    public void Cleanup() => Peers.Remove(Path);

    /// <summary>The file of the last setup (the `check` mode prints its first line).</summary>
    public string LastPath => Path;

    protected static void Many(Action<int> log)
    {
        for (var i = 0; i < Peers.Records; i++) log(i);
    }

    // ZLogger through a synchronous processor around its formatter (see Peers2.SyncFile), and log4net
    protected Microsoft.Extensions.Logging.ILoggerFactory ZFactory = null!;
    protected Microsoft.Extensions.Logging.ILogger Z = null!;
    protected log4net.ILog L4 = null!;

    protected void SetupZLogger(string tag, bool flushEach)
    {
        Path = Peers.TempFile(tag);
        var path = Path;
        ZFactory = Peers2.ZLogger(Peers2.PlainText, o => new Peers2.SyncFile(path, o.CreateFormatter(), flushEach));
        Z = ZFactory.CreateLogger(Peers.Name);
    }

    protected void SetupLog4Net(string tag, bool immediateFlush)
    {
        Path = Peers.TempFile(tag);
        L4 = Peers2.Log4Net(Peers2.Log4NetFile(Path, immediateFlush));
    }

    // The other libraries' file setups, shared by the scenarios that differ only in what they log
    protected Logger F = null!;
    protected FileHandler Fh = null!;
    protected global::NLog.Logger N = null!;
    protected global::Serilog.Core.Logger S = null!;
    protected Microsoft.Extensions.Logging.ILogger M = null!;
    protected Action MClose = null!;

    protected void SetupFuncLogFile(string tag, int bufferSize)
    {
        Path = Peers.TempFile(tag);
        Fh = new FileHandler(Path, bufferSize: bufferSize);
        F = Peers.FuncLog(Fh);
    }

    protected void SetupNLogFile(string tag, bool autoFlush)
    {
        Path = Peers.TempFile(tag);
        N = Peers.NLog(Peers.NLogFile(Path, autoFlush), global::NLog.LogLevel.Info);
    }

    protected void SetupSerilogFile(string tag, bool buffered)
    {
        Path = Peers.TempFile(tag);
        S = new LoggerConfiguration().MinimumLevel.Information().WriteTo.File(Path, outputTemplate: Peers.SerilogTemplate, buffered: buffered).CreateLogger();
    }

    /// <summary>The Serilog logger with the scenario's source context.</summary>
    protected global::Serilog.ILogger SerilogLog => S.ForContext(global::Serilog.Core.Constants.SourceContextPropertyName, Peers.Name);

    protected void SetupMelFile(string tag, bool flushEach)
    {
        Path = Peers.TempFile(tag);
        M = Peers.Mel(Peers.MelFile(Path, flushEach, out MClose));
    }
}

/// <summary>
/// The buffered-file rows of every library (64 KB buffers, flushed at the end), driven by the scenario: S4 logs
/// from one thread, S10 from several.
/// </summary>
public abstract class BufferedFileRows : FileScenario
{
    /// <summary>The temporary folder's prefix.</summary>
    protected abstract string Tag { get; }

    /// <summary>Runs the 100,000 records.</summary>
    protected abstract void Drive(Action<int> log);

    [IterationSetup(Target = nameof(FuncLog))] public void SetupF() => SetupFuncLogFile(Tag, 64 * 1024);
    [Benchmark(Baseline = true, OperationsPerInvoke = Peers.Records)]
    public void FuncLog() { Drive(i => F.Info("request %s took %d ms", "GET /index.html", i)); Fh.Close(); }

    [IterationSetup(Target = nameof(NLog))] public void SetupN() => SetupNLogFile(Tag, autoFlush: false);
    [Benchmark(OperationsPerInvoke = Peers.Records)]
    public void NLog() { Drive(i => N.Info("request {0} took {1} ms", "GET /index.html", i)); N.Factory.Shutdown(); }

    [IterationSetup(Target = nameof(Serilog))] public void SetupS() => SetupSerilogFile(Tag, buffered: true);
    [Benchmark(OperationsPerInvoke = Peers.Records)]
    public void Serilog() { var log = SerilogLog; Drive(i => log.Information("request {Path} took {Ms} ms", "GET /index.html", i)); S.Dispose(); }

    [IterationSetup(Target = nameof(MEL))] public void SetupM() => SetupMelFile(Tag, flushEach: false);
    [Benchmark(OperationsPerInvoke = Peers.Records)]
    public void MEL() { Drive(i => M.LogInformation("request {Path} took {Ms} ms", "GET /index.html", i)); MClose(); }

    [IterationSetup(Target = nameof(ZLogger))] public void SetupZ() => SetupZLogger(Tag, flushEach: false);
    [Benchmark(OperationsPerInvoke = Peers.Records)]
    public void ZLogger() { Drive(i => Z.ZLogInformation($"request {"GET /index.html"} took {i} ms")); ZFactory.Dispose(); }

    [IterationSetup(Target = nameof(Log4Net))] public void SetupL4() => SetupLog4Net(Tag, immediateFlush: false);
    [Benchmark(OperationsPerInvoke = Peers.Records)]
    public void Log4Net() { Drive(i => L4.InfoFormat("request {0} took {1} ms", "GET /index.html", i)); Peers2.Close(L4); }
}

/// <summary>S3: every record reaches the OS before the call returns (CPython's FileHandler; NLog AutoFlush; Serilog unbuffered).</summary>
[MemoryDiagnoser, BenchmarkCategory("S3 file, safe")]
public class S3_FileSafe : FileScenario
{
    private FileStream _raw = null!;
    private StreamWriter _hand = null!;

    [IterationSetup(Target = nameof(FuncLog))] public void SetupF() => SetupFuncLogFile("s3", 0);
    [Benchmark(Baseline = true, OperationsPerInvoke = Peers.Records)]
    public void FuncLog() { Many(i => F.Info("request %s took %d ms", "GET /index.html", i)); Fh.Close(); }

    [IterationSetup(Target = nameof(NLog))] public void SetupN() => SetupNLogFile("s3", autoFlush: true);
    [Benchmark(OperationsPerInvoke = Peers.Records)]
    public void NLog() { Many(i => N.Info("request {0} took {1} ms", "GET /index.html", i)); N.Factory.Shutdown(); }

    [IterationSetup(Target = nameof(Serilog))] public void SetupS() => SetupSerilogFile("s3", buffered: false);
    [Benchmark(OperationsPerInvoke = Peers.Records)]
    public void Serilog() { var log = SerilogLog; Many(i => log.Information("request {Path} took {Ms} ms", "GET /index.html", i)); S.Dispose(); }

    [IterationSetup(Target = nameof(MEL))] public void SetupM() => SetupMelFile("s3", flushEach: true);
    [Benchmark(OperationsPerInvoke = Peers.Records)]
    public void MEL() { Many(i => M.LogInformation("request {Path} took {Ms} ms", "GET /index.html", i)); MClose(); }

    [IterationSetup(Target = nameof(ZLogger))] public void SetupZ() => SetupZLogger("s3", flushEach: true);
    [Benchmark(OperationsPerInvoke = Peers.Records)]
    public void ZLogger() { Many(i => Z.ZLogInformation($"request {"GET /index.html"} took {i} ms")); ZFactory.Dispose(); }

    [IterationSetup(Target = nameof(Log4Net))] public void SetupL4() => SetupLog4Net("s3", immediateFlush: true);
    [Benchmark(OperationsPerInvoke = Peers.Records)]
    public void Log4Net() { Many(i => L4.InfoFormat("request {0} took {1} ms", "GET /index.html", i)); Peers2.Close(L4); }

    /// <summary>The physical limit of safe mode: one write of a pre-formatted line per record.</summary>
    [IterationSetup(Target = nameof(OneWritePerRecord))]
    public void SetupRaw() { Path = Peers.TempFile("s3"); _raw = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, 0); }
    [Benchmark(OperationsPerInvoke = Peers.Records)]
    public void OneWritePerRecord()
    {
        var line = "2025-06-01 10:00:00,123 app.module.component INFO request GET /index.html took 42 ms\n"u8.ToArray();
        for (var i = 0; i < Peers.Records; i++) { _raw.Write(line); _raw.Flush(); }
        _raw.Dispose();
    }

    /// <summary>The practical limit of safe mode: the line formatted by hand (as S4's hand-written row) and
    /// written with one write per record. No library can do less work per record.</summary>
    [IterationSetup(Target = nameof(HandWrittenSafe))]
    public void SetupHandSafe() { Path = Peers.TempFile("s3"); _hand = new StreamWriter(new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, 0)); }
    [Benchmark(OperationsPerInvoke = Peers.Records)]
    public void HandWrittenSafe()
    {
        for (var i = 0; i < Peers.Records; i++)
        {
            _hand.Write(Peers.HandLine(i));
            _hand.Flush();
        }
        _hand.Dispose();
    }
}

/// <summary>S4: buffered writes, flushed at the end.</summary>
[MemoryDiagnoser, BenchmarkCategory("S4 file, buffered")]
public class S4_FileBuffered : BufferedFileRows
{
    private StreamWriter _hand = null!;

    protected override string Tag => "s4";

    protected override void Drive(Action<int> log) => Many(log);

    /// <summary>The practical limit: the same line formatted by hand into a buffered FileStream.</summary>
    [IterationSetup(Target = nameof(HandWritten))]
    public void SetupHand() { Path = Peers.TempFile("s4"); _hand = new StreamWriter(new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, 64 * 1024)); }
    [Benchmark(OperationsPerInvoke = Peers.Records)]
    public void HandWritten()
    {
        for (var i = 0; i < Peers.Records; i++)
            _hand.Write(Peers.HandLine(i));
        _hand.Dispose();
    }
}

/// <summary>S5: safe mode rotating at 1 MB with 5 backups.</summary>
[MemoryDiagnoser, BenchmarkCategory("S5 rotating")]
public class S5_Rotating : FileScenario
{
    private Logger _funcLog = null!;
    private RotatingFileHandler _fh = null!;
    private global::NLog.Logger _nlog = null!;
    private global::Serilog.Core.Logger _serilog = null!;

    [IterationSetup(Target = nameof(FuncLog))]
    public void SetupFuncLog() { Path = Peers.TempFile("s5"); _fh = new RotatingFileHandler(Path, maxBytes: 1024 * 1024, backupCount: 5); _funcLog = Peers.FuncLog(_fh); }
    [Benchmark(Baseline = true, OperationsPerInvoke = Peers.Records)]
    public void FuncLog() { Many(i => _funcLog.Info("request %s took %d ms", "GET /index.html", i)); _fh.Close(); }

    [IterationSetup(Target = nameof(NLog))]
    public void SetupNLog()
    {
        Path = Peers.TempFile("s5");
        var t = Peers.NLogFile(Path, autoFlush: true);
        t.ArchiveAboveSize = 1024 * 1024;
        t.MaxArchiveFiles = 5;
        _nlog = Peers.NLog(t, global::NLog.LogLevel.Info);
    }
    [Benchmark(OperationsPerInvoke = Peers.Records)]
    public void NLog() { Many(i => _nlog.Info("request {0} took {1} ms", "GET /index.html", i)); _nlog.Factory.Shutdown(); }

    [IterationSetup(Target = nameof(Serilog))]
    public void SetupSerilog()
    {
        Path = Peers.TempFile("s5");
        _serilog = new LoggerConfiguration().MinimumLevel.Information()
            .WriteTo.File(Path, outputTemplate: Peers.SerilogTemplate, buffered: false, fileSizeLimitBytes: 1024 * 1024,
                rollOnFileSizeLimit: true, retainedFileCountLimit: 6).CreateLogger();
    }
    [Benchmark(OperationsPerInvoke = Peers.Records)]
    public void Serilog()
    {
        var log = _serilog.ForContext(global::Serilog.Core.Constants.SourceContextPropertyName, Peers.Name);
        Many(i => log.Information("request {Path} took {Ms} ms", "GET /index.html", i));
        _serilog.Dispose();
    }

    [IterationSetup(Target = nameof(Log4Net))]
    public void SetupL4() { Path = Peers.TempFile("s5"); L4 = Peers2.Log4Net(Peers2.Log4NetRolling(Path)); }
    [Benchmark(OperationsPerInvoke = Peers.Records)]
    public void Log4Net() { Many(i => L4.InfoFormat("request {0} took {1} ms", "GET /index.html", i)); Peers2.Close(L4); }

    // ZLogger: no row. Its rolling file writer is asynchronous only (a background queue), so it cannot be safe mode.
}

/// <summary>S6: each library's async path to a buffered file, drained at the end.</summary>
[MemoryDiagnoser, BenchmarkCategory("S6 queued"), WarmupCount(12)]
public class S6_Queued : FileScenario
{
    private Logger _funcLog = null!;
    private QueueHandler _qh = null!;
    private global::NLog.Logger _nlog = null!;
    private global::Serilog.Core.Logger _serilog = null!;

    [IterationSetup(Target = nameof(FuncLog))]
    public void SetupFuncLog()
    {
        Path = Peers.TempFile("s6");
        var file = new FileHandler(Path, bufferSize: 64 * 1024);
        file.SetFormatter(new Formatter(Peers.FuncLogLayout));
        var queue = new LogQueue(capacity: 100_000);
        _qh = new QueueHandler(queue, new QueueListener(queue, file).Start());
        var manager = new LogManager();
        manager.Root.AddHandler(_qh);
        manager.Root.SetLevel(Levels.Info);
        _funcLog = manager.GetLogger(Peers.Name);
    }
    [Benchmark(Baseline = true, OperationsPerInvoke = Peers.Records)]
    public void FuncLog() { Many(i => _funcLog.Info("request %s took %d ms", "GET /index.html", i)); _qh.Close(); }

    [IterationSetup(Target = nameof(NLog))]
    public void SetupNLog()
    {
        Path = Peers.TempFile("s6");
        _nlog = Peers.NLog(new AsyncTargetWrapper(Peers.NLogFile(Path, autoFlush: false), 100_000, AsyncTargetWrapperOverflowAction.Block), global::NLog.LogLevel.Info);
    }
    [Benchmark(OperationsPerInvoke = Peers.Records)]
    public void NLog() { Many(i => _nlog.Info("request {0} took {1} ms", "GET /index.html", i)); _nlog.Factory.Shutdown(); }

    [IterationSetup(Target = nameof(Serilog))]
    public void SetupSerilog()
    {
        Path = Peers.TempFile("s6");
        _serilog = new LoggerConfiguration().MinimumLevel.Information()
            .WriteTo.Async(a => a.File(Path, outputTemplate: Peers.SerilogTemplate, buffered: true), bufferSize: 100_000, blockWhenFull: true)
            .CreateLogger();
    }
    [Benchmark(OperationsPerInvoke = Peers.Records)]
    public void Serilog()
    {
        var log = _serilog.ForContext(global::Serilog.Core.Constants.SourceContextPropertyName, Peers.Name);
        Many(i => log.Information("request {Path} took {Ms} ms", "GET /index.html", i));
        _serilog.Dispose();
    }

    /// <summary>ZLogger's own asynchronous path: its stream writer's background queue, drained at dispose.</summary>
    [IterationSetup(Target = nameof(ZLogger))]
    public void SetupZ() { Path = Peers.TempFile("s6"); ZFactory = Peers2.ZLoggerStream(Path, Peers2.PlainText); Z = ZFactory.CreateLogger(Peers.Name); }
    [Benchmark(OperationsPerInvoke = Peers.Records)]
    public void ZLogger() { Many(i => Z.ZLogInformation($"request {"GET /index.html"} took {i} ms")); ZFactory.Dispose(); }

    // log4net: no row. It has no asynchronous appender in the box (3.5.0).
}

/// <summary>
/// S7: two threads logging S4 (buffered file) at once. More warmup than the other scenarios: with both cores
/// busy logging, the JIT's background tier-1 compilation gets little CPU, and for the first second or so every
/// library runs its tier-0 code at about twice its steady cost (seen in the per-iteration times: 4 of 8
/// measured iterations of the Short job were still warming up).
/// </summary>
[MemoryDiagnoser, BenchmarkCategory("S7 two threads"), WarmupCount(12)]
public class S7_TwoThreads : FileScenario
{
    private static void Two(Action<int> log) =>
        Parallel.For(0, 2, new ParallelOptions { MaxDegreeOfParallelism = 2 }, t =>
        {
            for (var i = 0; i < Peers.Records / 2; i++) log(i);
        });

    [IterationSetup(Target = nameof(FuncLog))] public void SetupF() => SetupFuncLogFile("s7", 64 * 1024);
    [Benchmark(Baseline = true, OperationsPerInvoke = Peers.Records)]
    public void FuncLog() { Two(i => F.Info("request %s took %d ms", "GET /index.html", i)); Fh.Close(); }

    [IterationSetup(Target = nameof(NLog))] public void SetupN() => SetupNLogFile("s7", autoFlush: false);
    [Benchmark(OperationsPerInvoke = Peers.Records)]
    public void NLog() { Two(i => N.Info("request {0} took {1} ms", "GET /index.html", i)); N.Factory.Shutdown(); }

    [IterationSetup(Target = nameof(Serilog))] public void SetupS() => SetupSerilogFile("s7", buffered: true);
    [Benchmark(OperationsPerInvoke = Peers.Records)]
    public void Serilog() { var log = SerilogLog; Two(i => log.Information("request {Path} took {Ms} ms", "GET /index.html", i)); S.Dispose(); }

    [IterationSetup(Target = nameof(ZLogger))] public void SetupZ() => SetupZLogger("s7", flushEach: false);
    [Benchmark(OperationsPerInvoke = Peers.Records)]
    public void ZLogger() { Two(i => Z.ZLogInformation($"request {"GET /index.html"} took {i} ms")); ZFactory.Dispose(); }

    [IterationSetup(Target = nameof(Log4Net))] public void SetupL4() => SetupLog4Net("s7", immediateFlush: false);
    [Benchmark(OperationsPerInvoke = Peers.Records)]
    public void Log4Net() { Two(i => L4.InfoFormat("request {0} took {1} ms", "GET /index.html", i)); Peers2.Close(L4); }
}
