// Logs through handlers that write only when flushed or closed, then returns without calling Shutdown:
// what reaches the file shows that FuncLog shut the managers down at process exit.
// With "rotate", it is instead one of several processes logging to the same rotating file (MultiProcess).
using FuncLog;

if (args[0] == "rotate") return RotateProbe.Run(args[1], args[2], int.Parse(args[3]), long.Parse(args[4]), int.Parse(args[5]));

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
