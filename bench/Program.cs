// FuncLog benchmarks (BenchmarkDotNet).
//   dotnet run -c Release --project bench -- --filter '*'            full runs
//   dotnet run -c Release --project bench -- --filter '*' --job short  a quick look
// The comparison suite against NLog, Serilog and Microsoft.Extensions.Logging is issue 6; this is the
// first benchmark: the cost of a call below the effective level, and of an enabled, formatted call.
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;
using FuncLog;

BenchmarkSwitcher.FromAssembly(typeof(DisabledCall).Assembly).Run(args);

/// <summary>S1: a Debug call with one int argument on a logger whose effective level (WARNING) is inherited 3 levels up.</summary>
[MemoryDiagnoser]
public class DisabledCall
{
    private Logger _logger = null!;
    private int _i;

    [GlobalSetup]
    public void Setup()
    {
        var manager = new LogManager();
        manager.GetLogger("app").SetLevel(Levels.Warning);
        _logger = manager.GetLogger("app.module.component");
        manager.GetLogger("app.module");
    }

    [Benchmark(Baseline = true)]
    public void DebugWithOneInt() => _logger.Debug("value %d", _i++);

    [Benchmark]
    public bool IsEnabledFor() => _logger.IsEnabledFor(Levels.Debug);
}

/// <summary>An enabled Info call with two arguments, formatted with a typical layout and discarded.</summary>
[MemoryDiagnoser]
public class EnabledCall
{
    private sealed class DiscardHandler : Handler
    {
        public int Length;
        public override void Emit(LogRecord record) => Length += Format(record).Length;
    }

    private Logger _logger = null!;
    private int _i;

    [GlobalSetup]
    public void Setup()
    {
        var manager = new LogManager();
        var handler = new DiscardHandler();
        handler.SetFormatter(new Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"));
        manager.Root.AddHandler(handler);
        manager.Root.SetLevel(Levels.Info);
        _logger = manager.GetLogger("app.module.component");
    }

    [Benchmark]
    public void InfoWithTwoArgs() => _logger.Info("request %s took %d ms", "GET /", _i++);
}
