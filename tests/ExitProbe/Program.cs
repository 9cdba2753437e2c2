// The child process of the tests whose subject may end a process:
//   PATH                        logs through handlers that write only when flushed or closed, then returns
//                               without calling Shutdown: what reaches the file shows that FuncLog shut the
//                               managers down at process exit;
//   rotate PATH TAG N MAX K     one of several processes logging to the same rotating file (MultiProcess);
//   way WAY DIR                 50 records into a buffered FileHandler and 50 into a MemoryHandler, then leaves by
//                               WAY: return, exit (Environment.Exit), throw (an unhandled exception), thread (one
//                               on another thread), sigterm (prints "ready" and waits to be killed).
using FuncLog;

if (args[0] == "rotate") return RotateProbe.Run(args[1], args[2], int.Parse(args[3]), long.Parse(args[4]), int.Parse(args[5]));
if (args[0] == "way") return WayOut.Run(args[1], args[2]);

var path = args[0];
Logging.Root.AddHandler(new BufferedFileHandler(path, "default"));
Logging.Warning("from the default manager");
var own = new LogManager();
own.Root.AddHandler(new BufferedFileHandler(path, "own"));
own.Root.Warning("from a second manager");
return 0;

sealed class BufferedFileHandler(string path, string tag) : Handler
{
    private readonly List<string> _pending = [];
    public override void Emit(LogRecord record) => _pending.Add(tag + ": " + Format(record));
    public override void Flush()
    {
        File.AppendAllLines(path, _pending);
        _pending.Clear();
    }
    public override void Close() => File.AppendAllLines(path, [tag + ": closed"]);
}

static class RotateProbe
{
    /// <summary>Logs count records "tag rNNNNNN end" to path through a MultiProcess RotatingFileHandler.</summary>
    public static int Run(string path, string tag, int count, long maxBytes, int backupCount)
    {
        var manager = new LogManager();
        var handler = new RotatingFileHandler(path, maxBytes: maxBytes, backupCount: backupCount,
            options: new RotationOptions { MultiProcess = true });
        handler.SetFormatter(new Formatter("%(message)s"));
        manager.Root.AddHandler(handler);
        for (var i = 0; i < count; i++) manager.Root.Warning("%s r%06d end", tag, i);
        manager.Shutdown();
        return handler.ErrorCount == 0 ? 0 : 3;
    }
}

static class WayOut
{
    public static int Run(string way, string dir)
    {
        var buffered = new FileHandler(Path.Combine(dir, "buffered.log"), bufferSize: 1 << 20);
        var memory = new MemoryHandler(1000, Levels.Critical, new FileHandler(Path.Combine(dir, "memory.log")));
        Logging.GetLogger("buffered").AddHandler(buffered);
        Logging.GetLogger("memory").AddHandler(memory);
        for (var i = 0; i < 50; i++)
        {
            Logging.GetLogger("buffered").Warning("record %d", i);
            Logging.GetLogger("memory").Warning("record %d", i);
        }
        switch (way)
        {
            case "return": return 0;
            case "exit": Environment.Exit(3); return 3;
            case "throw": throw new InvalidOperationException("the application failed");
            case "thread":
                var t = new Thread(() => throw new InvalidOperationException("a worker failed"));
                t.Start();
                t.Join();
                return 0;
            case "sigterm":
                Console.WriteLine("ready");
                Console.Out.Flush();
                Thread.Sleep(Timeout.Infinite);
                return 0;
            default: throw new ArgumentException(way);
        }
    }
}
