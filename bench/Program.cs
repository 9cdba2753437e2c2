// FuncLog against NLog, Serilog, Microsoft.Extensions.Logging, ZLogger and log4net, side by side in one run
// (issues 6 and 19).
//   dotnet run -c Release --project bench                    every scenario (S1-S11), short job (about 10 minutes on 2 cores)
//   dotnet run -c Release --project bench -- check            the first line each library writes in each file scenario
//   dotnet run -c Release --project bench -- --filter '*S2*'  one scenario
//   dotnet run -c Release --project bench -- --job default    full-length runs
//   dotnet run -c Release --project bench -- loop rotating 8  a plain timed loop, to profile (Loops.cs)
// FuncLog is the baseline of each scenario, so the Ratio column reads peer/FuncLog. File scenarios log
// 100,000 records of about 80 bytes per invocation and report the time per record.
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;

if (args.Length > 0 && args[0] == "loop") return FuncLog.Bench.Loops.Run(args[1..]);
if (args.Length > 0 && args[0] == "check") return FuncLog.Bench.Check.Run();

var config = DefaultConfig.Instance
    .WithOptions(ConfigOptions.JoinSummary)
    .AddColumn(BenchmarkDotNet.Columns.StatisticColumn.Median)
    .AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory)
    .WithOrderer(new BenchmarkDotNet.Order.DefaultOrderer(BenchmarkDotNet.Order.SummaryOrderPolicy.Declared));
if (!args.Contains("--job")) config = config.AddJob(Job.ShortRun.WithWarmupCount(4).WithIterationCount(8).WithId("Short"));
if (!args.Contains("--filter") && !args.Contains("--list")) args = [.. args, "--filter", "*"];
BenchmarkSwitcher.FromAssembly(typeof(FuncLog.Bench.Peers).Assembly).Run(args, config);
return 0;
