using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging;
using NLog.Layouts;
using NLog.Targets;
using Serilog;
using Serilog.Formatting.Compact;
using ZLogger;
using MelLevel = Microsoft.Extensions.Logging.LogLevel;

namespace FuncLog.Bench;

/// <summary>
/// S8: JSON lines to a 64 KB-buffered file, each library's own JSON: time, logger, level, the message and the two
/// values as fields of their own. FuncLog: python-json-logger's JsonFormatter with the values in <c>extra</c> (how
/// Python code gives a JSON line its fields); NLog: JsonLayout with the event's properties; Serilog:
/// CompactJsonFormatter (it writes the template, <c>@mt</c>, not the rendered text); ZLogger: its System.Text.Json
/// formatter. log4net and MEL have no JSON file layout in the box.
/// </summary>
[MemoryDiagnoser, BenchmarkCategory("S8 JSON lines")]
public class S8_JsonLines : FileScenario
{
    private Logger _funcLog = null!;
    private FileHandler _fh = null!;
    private global::NLog.Logger _nlog = null!;
    private global::Serilog.Core.Logger _serilog = null!;

    [IterationSetup(Target = nameof(FuncLog))]
    public void SetupFuncLog()
    {
        Path = Peers.TempFile("s8");
        _fh = new FileHandler(Path, bufferSize: 64 * 1024);
        _funcLog = Peers.FuncLog(_fh);
        _fh.SetFormatter(new JsonFormatter(Peers.FuncLogLayout));
    }
    [Benchmark(Baseline = true, OperationsPerInvoke = Peers.Records)]
    public void FuncLog()
    {
        Many(i => _funcLog.Info("request %s took %d ms", "GET /index.html", i,
            extra: new Dictionary<string, object?> { ["Path"] = "GET /index.html", ["Ms"] = i }));
        _fh.Close();
    }

    [IterationSetup(Target = nameof(NLog))]
    public void SetupNLog()
    {
        Path = Peers.TempFile("s8");
        var file = Peers.NLogFile(Path, autoFlush: false);
        file.Layout = new JsonLayout
        {
            Attributes =
            {
                new JsonAttribute("time", "${date:format=yyyy-MM-dd HH\\:mm\\:ss,fff}"),
                new JsonAttribute("logger", "${logger}"),
                new JsonAttribute("level", "${level:uppercase=true}"),
                new JsonAttribute("message", "${message}"),
            },
            IncludeEventProperties = true,
        };
        _nlog = Peers.NLog(file, global::NLog.LogLevel.Info);
    }
    [Benchmark(OperationsPerInvoke = Peers.Records)]
    public void NLog() { Many(i => _nlog.Info("request {Path} took {Ms} ms", "GET /index.html", i)); _nlog.Factory.Shutdown(); }

    [IterationSetup(Target = nameof(Serilog))]
    public void SetupSerilog()
    {
        Path = Peers.TempFile("s8");
        _serilog = new LoggerConfiguration().MinimumLevel.Information().WriteTo.File(new CompactJsonFormatter(), Path, buffered: true).CreateLogger();
    }
    [Benchmark(OperationsPerInvoke = Peers.Records)]
    public void Serilog()
    {
        var log = _serilog.ForContext(global::Serilog.Core.Constants.SourceContextPropertyName, Peers.Name);
        Many(i => log.Information("request {Path} took {Ms} ms", "GET /index.html", i));
        _serilog.Dispose();
    }

    [IterationSetup(Target = nameof(ZLogger))]
    public void SetupZ()
    {
        Path = Peers.TempFile("s8");
        var path = Path;
        ZFactory = Peers2.ZLogger(Peers2.Json, o => new Peers2.SyncFile(path, o.CreateFormatter(), flushEach: false));
        Z = ZFactory.CreateLogger(Peers.Name);
    }
    [Benchmark(OperationsPerInvoke = Peers.Records)]
    public void ZLogger() { Many(i => Z.ZLogInformation($"request {"GET /index.html":@Path} took {i:@Ms} ms")); ZFactory.Dispose(); }
}

/// <summary>
/// S9a: creating 100,000 distinct loggers (dotted names three levels deep, 100 parents) in a fresh factory; time per
/// logger. Serilog has no logger registry: its row is <c>ForContext</c>, a wrapper per call.
/// </summary>
[MemoryDiagnoser, BenchmarkCategory("S9 many loggers: create")]
public class S9a_CreateLoggers
{
    public const int Count = 100_000;
    private static readonly string[] Names = Enumerable.Range(0, Count).Select(i => $"app.m{i % 100}.c{i}").ToArray();
    private LogManager _manager = null!;
    private global::NLog.LogFactory _nlog = null!;
    private global::Serilog.ILogger _serilog = null!;
    private Microsoft.Extensions.Logging.ILoggerFactory _mel = null!;
    private Microsoft.Extensions.Logging.ILoggerFactory _z = null!;
    private string _repo = null!;

    [IterationSetup(Target = nameof(FuncLog))] public void SetupFuncLog() => _manager = new LogManager();
    [Benchmark(Baseline = true, OperationsPerInvoke = Count)]
    public void FuncLog() { foreach (var n in Names) _manager.GetLogger(n); }

    [IterationSetup(Target = nameof(NLog))] public void SetupNLog() => _nlog = new global::NLog.LogFactory { Configuration = new NLog.Config.LoggingConfiguration() };
    [Benchmark(OperationsPerInvoke = Count)]
    public void NLog() { foreach (var n in Names) _nlog.GetLogger(n); }

    [IterationSetup(Target = nameof(Serilog))] public void SetupSerilog() => _serilog = new LoggerConfiguration().CreateLogger();
    [Benchmark(OperationsPerInvoke = Count)]
    public void Serilog() { foreach (var n in Names) _serilog.ForContext(global::Serilog.Core.Constants.SourceContextPropertyName, n); }

    [IterationSetup(Target = nameof(MEL))] public void SetupMel() => _mel = LoggerFactory.Create(b => b.AddProvider(new Peers.MelProvider(_ => { })));
    [Benchmark(OperationsPerInvoke = Count)]
    public void MEL() { foreach (var n in Names) _mel.CreateLogger(n); }

    [IterationSetup(Target = nameof(ZLogger))] public void SetupZ() => _z = Peers2.ZLogger(Peers2.PlainText, o => new Peers2.Discard(o.CreateFormatter()));
    [Benchmark(OperationsPerInvoke = Count)]
    public void ZLogger() { foreach (var n in Names) _z.CreateLogger(n); }

    [IterationSetup(Target = nameof(Log4Net))] public void SetupL4() => _repo = log4net.LogManager.CreateRepository("s9-" + Guid.NewGuid().ToString("N")).Name;
    [Benchmark(OperationsPerInvoke = Count)]
    public void Log4Net() { foreach (var n in Names) log4net.LogManager.GetLogger(_repo, n); }
}

/// <summary>
/// S9b: S2's record (rendered, discarded) logged round-robin through 10,000 loggers of one tree — each with its
/// effective level from a parent — instead of one.
/// </summary>
[MemoryDiagnoser, BenchmarkCategory("S9 many loggers: log")]
public class S9b_LogThroughManyLoggers
{
    public const int Count = 10_000;
    private static readonly string[] Names = Enumerable.Range(0, Count).Select(i => $"app.m{i % 100}.c{i}").ToArray();
    private Logger[] _funcLog = null!;
    private global::NLog.Logger[] _nlog = null!;
    private global::Serilog.ILogger[] _serilog = null!;
    private Microsoft.Extensions.Logging.ILogger[] _mel = null!;
    private Microsoft.Extensions.Logging.ILogger[] _z = null!;
    private log4net.ILog[] _log4net = null!;
    private int _i, _len;

    [GlobalSetup]
    public void Setup()
    {
        var manager = new LogManager();
        var discard = new Peers.DiscardHandler();
        discard.SetFormatter(new Formatter(Peers.FuncLogLayout));
        manager.Root.AddHandler(discard);
        manager.Root.SetLevel(Levels.Info);
        _funcLog = Names.Select(manager.GetLogger).ToArray();

        var nlogRoot = Peers.NLog(new NullTarget { FormatMessage = true, Layout = Peers.NLogLayout }, global::NLog.LogLevel.Info);
        _nlog = Names.Select(n => nlogRoot.Factory.GetLogger(n)).ToArray();

        var serilog = Peers.Serilog(c => c.WriteTo.Sink(new Peers.SerilogTextSink()));
        _serilog = Names.Select(n => serilog.ForContext(global::Serilog.Core.Constants.SourceContextPropertyName, n)).ToArray();

        var mel = LoggerFactory.Create(b => b.SetMinimumLevel(MelLevel.Information).AddProvider(new Peers.MelProvider(s => _len += s.Length)));
        _mel = Names.Select(mel.CreateLogger).ToArray();

        var z = Peers2.ZLogger(Peers2.PlainText, o => new Peers2.Discard(o.CreateFormatter()));
        _z = Names.Select(z.CreateLogger).ToArray();

        var l4 = Peers2.Log4Net(new Peers2.Log4NetDiscard());
        _log4net = Names.Select(n => log4net.LogManager.GetLogger(l4.Logger.Repository!.Name, n)).ToArray();
    }

    [Benchmark(Baseline = true)] public void FuncLog() { var i = _i++; _funcLog[i % Count].Info("request %s took %d ms", "GET /index.html", i); }
    [Benchmark] public void NLog() { var i = _i++; _nlog[i % Count].Info("request {0} took {1} ms", "GET /index.html", i); }
    [Benchmark] public void Serilog() { var i = _i++; _serilog[i % Count].Information("request {Path} took {Ms} ms", "GET /index.html", i); }
    [Benchmark] public void MEL() { var i = _i++; _mel[i % Count].LogInformation("request {Path} took {Ms} ms", "GET /index.html", i); }
    [Benchmark] public void ZLogger() { var i = _i++; _z[i % Count].ZLogInformation($"request {"GET /index.html"} took {i} ms"); }
    [Benchmark] public void Log4Net() { var i = _i++; _log4net[i % Count].InfoFormat("request {0} took {1} ms", "GET /index.html", i); }
}

/// <summary>
/// S10: S4 (64 KB-buffered file) from 1, 2, 4 and 8 threads at once, 100,000 records in all; time per record. The
/// machine has 2 cores, so above 2 threads this measures contention for one file and one lock, not parallelism.
/// </summary>
[MemoryDiagnoser, BenchmarkCategory("S10 threads"), WarmupCount(12)]
public class S10_Threads : BufferedFileRows
{
    [Params(1, 2, 4, 8)] public int Threads;

    protected override string Tag => "s10";

    protected override void Drive(Action<int> log)
    {
        var per = Peers.Records / Threads;
        Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, _ =>
        {
            for (var i = 0; i < per; i++) log(i);
        });
    }
}

/// <summary>
/// S11: message size — one argument of 16 B, 1 KB or 64 KB (ASCII) in the S4 line to a 64 KB-buffered file; time
/// per record. 16 B and 1 KB log 100,000 records per invocation, as the other file scenarios do; 64 KB logs 10,000
/// (640 MB per invocation). With 10,000 records of 16 B an invocation lasted about 3 ms, and BenchmarkDotNet's
/// twelve invocations (one per iteration, because of IterationSetup) ended before the runtime had compiled the
/// logging code at its optimized tier: FuncLog measured 1,903 ns per record and MEL 1,399 there, against 706 and
/// 990 with tiered compilation off (<c>--envVars DOTNET_TieredCompilation:0</c>).
/// </summary>
public abstract class MessageSizeRows : FileScenario
{
    /// <summary>The message's length in chars.</summary>
    public abstract int Size { get; set; }

    /// <summary>Records per invocation (the derived class's OperationsPerInvoke).</summary>
    protected abstract int Records { get; }

    private string _payload = null!;

    [GlobalSetup] public void Payload() => _payload = new string('x', Size);

    private void Some(Action<int> log)
    {
        for (var i = 0; i < Records; i++) log(i);
    }

    [IterationSetup(Target = "FuncLog")] public void SetupF() => SetupFuncLogFile("s11", 64 * 1024);
    protected void RunFuncLog() { Some(i => F.Info("payload %s", _payload)); Fh.Close(); }

    [IterationSetup(Target = "NLog")] public void SetupN() => SetupNLogFile("s11", autoFlush: false);
    protected void RunNLog() { Some(i => N.Info("payload {0}", _payload)); N.Factory.Shutdown(); }

    [IterationSetup(Target = "Serilog")] public void SetupS() => SetupSerilogFile("s11", buffered: true);
    protected void RunSerilog() { var log = SerilogLog; Some(i => log.Information("payload {Payload}", _payload)); S.Dispose(); }

    [IterationSetup(Target = "MEL")] public void SetupM() => SetupMelFile("s11", flushEach: false);
    protected void RunMel() { Some(i => M.LogInformation("payload {Payload}", _payload)); MClose(); }

    [IterationSetup(Target = "ZLogger")] public void SetupZ() => SetupZLogger("s11", flushEach: false);
    protected void RunZLogger() { Some(i => Z.ZLogInformation($"payload {_payload}")); ZFactory.Dispose(); }

    [IterationSetup(Target = "Log4Net")] public void SetupL4() => SetupLog4Net("s11", immediateFlush: false);
    protected void RunLog4Net() { Some(i => L4.InfoFormat("payload {0}", _payload)); Peers2.Close(L4); }
}

/// <summary>S11 with 16 B and 1 KB messages: 100,000 records per invocation.</summary>
[MemoryDiagnoser, BenchmarkCategory("S11 message size")]
public class S11_MessageSize : MessageSizeRows
{
    public const int Count = 100_000;
    [Params(16, 1024)] public override int Size { get; set; }
    protected override int Records => Count;

    [Benchmark(Baseline = true, OperationsPerInvoke = Count)] public void FuncLog() => RunFuncLog();
    [Benchmark(OperationsPerInvoke = Count)] public void NLog() => RunNLog();
    [Benchmark(OperationsPerInvoke = Count)] public void Serilog() => RunSerilog();
    [Benchmark(OperationsPerInvoke = Count)] public void MEL() => RunMel();
    [Benchmark(OperationsPerInvoke = Count)] public void ZLogger() => RunZLogger();
    [Benchmark(OperationsPerInvoke = Count)] public void Log4Net() => RunLog4Net();
}

/// <summary>S11 with 64 KB messages: 10,000 records per invocation.</summary>
[MemoryDiagnoser, BenchmarkCategory("S11 message size")]
public class S11_LargeMessage : MessageSizeRows
{
    public const int Count = 10_000;
    [Params(65536)] public override int Size { get; set; }
    protected override int Records => Count;

    [Benchmark(Baseline = true, OperationsPerInvoke = Count)] public void FuncLog() => RunFuncLog();
    [Benchmark(OperationsPerInvoke = Count)] public void NLog() => RunNLog();
    [Benchmark(OperationsPerInvoke = Count)] public void Serilog() => RunSerilog();
    [Benchmark(OperationsPerInvoke = Count)] public void MEL() => RunMel();
    [Benchmark(OperationsPerInvoke = Count)] public void ZLogger() => RunZLogger();
    [Benchmark(OperationsPerInvoke = Count)] public void Log4Net() => RunLog4Net();
}
