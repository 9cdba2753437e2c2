// Logs through handlers that write only when flushed or closed, then returns without calling Shutdown:
// what reaches the file shows that FuncLog shut the managers down at process exit.
using FuncLog;

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
