// FuncLog quick start: Python's logging, in C#.  Run: dotnet run --project samples/QuickStart
using FuncLog;

// One line of configuration, as Python's logging.basicConfig. Without it, the first module-level
// call (Logging.Warning(...)) configures "%(levelname)s:%(name)s:%(message)s" on stderr.
Logging.BasicConfig(
    format: "%(asctime)s %(name)-14s %(levelname)-8s %(message)s",
    level: Levels.Debug,
    stream: Console.Out);

// Loggers form a dotted hierarchy: "shop.orders" inherits from "shop", which inherits from the root.
var log = Logging.GetLogger("shop.orders");
Logging.GetLogger("shop.db").SetLevel(Levels.Warning);

// Arguments use Python's % operator, applied only when a record is actually written.
log.Info("%s before you %s", "Look", "leap!");
log.Debug("order %05d: %d items, total %.2f EUR", 42, 3, 59.9);
Logging.GetLogger("shop.db").Info("not shown: shop.db is at WARNING");

// Exceptions go with the record; the formatter appends their text.
try { throw new InvalidOperationException("payment service unavailable"); }
catch (Exception e) { log.Exception(e, "order %d failed", 42); }

// Context: extra values, or a LoggerAdapter that adds them to every call.
var request = new LoggerAdapter(Logging.GetLogger("shop.web"), new Dictionary<string, object?> { ["ip"] = "10.1.2.3" });
var withIp = new StreamHandler(Console.Out);
withIp.SetFormatter(new Formatter("{levelname:<8} [{ip}] {message}", style: '{'));
request.Logger.AddHandler(withIp);
request.Logger.Propagate = false;
request.Warning("slow request: %d ms", 950);

// A file handler next to the console one, with its own level and format.
var file = new FileHandler(Path.Combine(Path.GetTempPath(), "funclog-quickstart.log"), mode: "w");
file.SetLevel(Levels.Error);
file.SetFormatter(new Formatter("%(asctime)s|%(levelname)s|%(name)s|%(message)s", datefmt: "%Y-%m-%dT%H:%M:%S"));
Logging.Root.AddHandler(file);
log.Error("written to the console and to %s", file.BaseFilename);

Logging.Shutdown(); // also runs at process exit
Console.WriteLine($"--- {file.BaseFilename} ---");
Console.Write(File.ReadAllText(file.BaseFilename));
