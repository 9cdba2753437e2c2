using System.Diagnostics;
using System.Text;

namespace FuncLog.Bench;

/// <summary>
/// Plain timed loops of the file scenarios, to run under a profiler or a counter (BenchmarkDotNet's
/// processes are short and many): <c>dotnet run -c Release --project bench -- loop MODE [SECONDS]</c>, then
/// for instance <c>perf record</c> (with <c>DOTNET_PerfMapEnabled=1</c>), <c>strace -c -f</c> or
/// <c>/usr/bin/time</c> on <c>dotnet bench/bin/Release/net10.0/FuncLog.Bench.dll loop MODE</c>. Each round
/// logs 100,000 records to a new file; the time per record, the bytes allocated per record on the logging
/// thread and, for some modes, what the rounds spent where are printed at the end.
/// </summary>
public static class Loops
{
    private const int Round = 100_000;

    public static readonly string[] Modes = ["safe", "buffered", "rotating", "rotating-never", "queue", "one-write", "hand-written", "small-rounds"];

    public static int Run(string[] args)
    {
        var mode = args.Length > 0 ? args[0] : "";
        var seconds = args.Length > 1 && double.TryParse(args[1], out var s) ? s : 8;
        if (!Modes.Contains(mode))
        {
            Console.Error.WriteLine($"loop MODE [SECONDS]; MODE is one of: {string.Join(", ", Modes)}");
            return 2;
        }
        var watch = Stopwatch.StartNew();
        long records = 0, allocated = 0;
        var notes = new List<string>();
        while (watch.Elapsed.TotalSeconds < seconds)
        {
            var path = Peers.TempFile("loop");
            var before = GC.GetAllocatedBytesForCurrentThread();
            var note = RunRound(mode, path);
            allocated += GC.GetAllocatedBytesForCurrentThread() - before;
            if (note is not null) notes.Add(note);
            Peers.Remove(path);
            records += Round;
        }
        Console.WriteLine($"{mode}: {watch.Elapsed.TotalNanoseconds / records:F0} ns/record, {(double)allocated / records:F0} B/record on the logging thread, {records:N0} records");
        foreach (var n in notes.TakeLast(8)) Console.WriteLine("  " + n);
        return 0;
    }

    private static string? RunRound(string mode, string path)
    {
        switch (mode)
        {
            case "safe":
            case "buffered":
            {
                var fh = new FileHandler(path, bufferSize: mode == "safe" ? 0 : 64 * 1024);
                LogRound(Peers.FuncLog(fh));
                fh.Close();
                return null;
            }
            case "rotating":
            case "rotating-never":
            {
                var rh = new TimedRotations(path, mode == "rotating" ? 1024 * 1024 : 0);
                LogRound(Peers.FuncLog(rh));
                rh.Close();
                return mode == "rotating"
                    ? $"{rh.Count} rollovers, {rh.Time.TotalMilliseconds / Math.Max(1, rh.Count):F3} ms each, {rh.Time.TotalNanoseconds / Round:F0} ns per record"
                    : null;
            }
            case "small-rounds":
            {
                // S11's shape: 10,000 records of a 16-char message per handler, then Close, timed apart
                var fh = new FileHandler(path, bufferSize: 64 * 1024);
                var log = Peers.FuncLog(fh);
                var payload = new string('x', 16);
                var t = Stopwatch.StartNew();
                for (var i = 0; i < Round / 10; i++) log.Info("payload %s", payload);
                var logged = t.Elapsed;
                fh.Close();
                var closed = t.Elapsed - logged;
                for (var i = 0; i < Round - Round / 10; i++) log.Info("payload %s", payload); // after close: dropped at once
                return $"10,000 records: {logged.TotalNanoseconds / (Round / 10):F0} ns/record, close {closed.TotalMilliseconds:F2} ms";
            }
            case "queue":
            {
                var file = new FileHandler(path, bufferSize: 64 * 1024);
                file.SetFormatter(new Formatter(Peers.FuncLogLayout));
                var queue = new LogQueue(capacity: Round);
                var qh = new QueueHandler(queue, new QueueListener(queue, file).Start());
                var manager = new LogManager();
                manager.Root.AddHandler(qh);
                manager.Root.SetLevel(Levels.Info);
                var log = manager.GetLogger(Peers.Name);
                var t = Stopwatch.StartNew();
                LogRound(log);
                var logged = t.Elapsed;
                qh.Close();
                return $"round: logging {logged.TotalNanoseconds / Round:F0} ns/record, closing (draining) {(t.Elapsed - logged).TotalMilliseconds:F1} ms";
            }
            case "one-write":
            {
                var line = Encoding.UTF8.GetBytes(Peers.HandLine(42));
                using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, 0);
                for (var i = 0; i < Round; i++) { stream.Write(line); stream.Flush(); }
                return null;
            }
            default:
            {
                using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, 0);
                var buffer = new byte[256];
                for (var i = 0; i < Round; i++)
                {
                    var n = Encoding.UTF8.GetBytes(Peers.HandLine(i), buffer);
                    stream.Write(buffer, 0, n);
                    stream.Flush();
                }
                return null;
            }
        }
    }

    private static void LogRound(Logger log)
    {
        for (var i = 0; i < Round; i++) log.Info("request %s took %d ms", "GET /index.html", i);
    }

    /// <summary>A RotatingFileHandler (1 MB or never, 5 backups) that times its rollovers; it overrides only
    /// DoRollover, so records take the same path as the plain handler's.</summary>
    private sealed class TimedRotations(string path, long maxBytes) : RotatingFileHandler(path, maxBytes: maxBytes, backupCount: 5)
    {
        public TimeSpan Time;
        public int Count;

        public override void DoRollover()
        {
            var t = Stopwatch.StartNew();
            base.DoRollover();
            Time += t.Elapsed;
            Count++;
        }
    }
}
