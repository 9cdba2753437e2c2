// FuncLog quick start: the Logging HOWTO's first examples, in C#.
using FuncLog;

// "A simple example": the root logger's default level is WARNING, and the first module-level call
// configures a stderr handler with "%(levelname)s:%(name)s:%(message)s".
Logging.Warning("Watch out!"); // will print a message to the console
Logging.Info("I told you so"); // will not print anything

// "Logging variable data": Python's % formatting, arguments applied only when the record is emitted.
Logging.Warning("%s before you %s", "Look", "leap!");

// "Configuring Logging": a logger, a handler, a formatter.
var logger = Logging.GetLogger("simple_example");
logger.SetLevel(Levels.Debug);
var ch = new StreamHandler(Console.Out);
ch.SetLevel(Levels.Debug);
ch.SetFormatter(new Formatter("%(asctime)s - %(name)s - %(levelname)s - %(message)s"));
logger.AddHandler(ch);

logger.Debug("debug message");
logger.Info("info message");
logger.Warning("warn message");
logger.Error("error message");
logger.Critical("critical message");

// Formatting with widths, as in the cookbook, and an exception.
try { throw new InvalidOperationException("disk full"); }
catch (Exception e) { logger.Exception(e, "could not save %d records", 3); }
