// The examples of the Logging HOWTO and the cookbook sections, as runnable programs.
//   dotnet run --project samples/Examples            lists them
//   dotnet run --project samples/Examples -- NAME    runs one (files go to the current directory)
// Each runs on a fresh LogManager, as each Python example runs in a newly started interpreter.
using FuncLog;

var examples = new Dictionary<string, Action<LogManager>>
{
    ["simple"] = logging =>
    {
        logging.Warning("Watch out!"); // will print a message to the console
        logging.Info("I told you so"); // will not print anything
    },
    ["file"] = logging =>
    {
        logging.BasicConfig(filename: "example.log", level: Levels.Debug);
        logging.Debug("This message should go to the log file");
        logging.Info("So should this");
        logging.Warning("And this, too");
        logging.Shutdown();
        Console.Write(File.ReadAllText("example.log"));
    },
    ["modules"] = logging =>
    {
        void DoSomething() => logging.Info("Doing something"); // mylib
        logging.BasicConfig(filename: "myapp.log", filemode: "w", level: Levels.Info);
        logging.Info("Started");
        DoSomething();
        logging.Info("Finished");
        logging.Shutdown();
        Console.Write(File.ReadAllText("myapp.log"));
    },
    ["rotating"] = logging =>
    {
        // PyMOTW's RotatingFileHandler example: 20 messages, files of at most 20 bytes, five backups
        const string LOG_FILENAME = "logging_rotatingfile_example.out";
        var myLogger = logging.GetLogger("MyLogger");
        myLogger.SetLevel(Levels.Debug);
        var handler = new RotatingFileHandler(LOG_FILENAME, maxBytes: 20, backupCount: 5);
        myLogger.AddHandler(handler);
        for (var i = 0; i < 20; i++) myLogger.Debug("i = %d", i);
        foreach (var f in Directory.GetFiles(".", LOG_FILENAME + "*").Order(StringComparer.Ordinal))
            Console.WriteLine(Path.GetFileName(f));
    },
    ["variable-data"] = logging => logging.Warning("%s before you %s", "Look", "leap!"),
    ["format"] = logging =>
    {
        logging.BasicConfig(format: "%(levelname)s:%(message)s", level: Levels.Debug);
        logging.Debug("This message should appear on the console");
        logging.Info("So should this");
        logging.Warning("And this, too");
    },
    ["asctime"] = logging =>
    {
        logging.BasicConfig(format: "%(asctime)s %(message)s");
        logging.Warning("is when this event was logged.");
    },
    ["datefmt"] = logging =>
    {
        logging.BasicConfig(format: "%(asctime)s %(message)s", datefmt: "%m/%d/%Y %I:%M:%S %p");
        logging.Warning("is when this event was logged.");
    },
    ["simple-example"] = logging =>
    {
        var logger = logging.GetLogger("simple_example");
        logger.SetLevel(Levels.Debug);
        var ch = new StreamHandler();
        ch.SetLevel(Levels.Debug);
        ch.SetFormatter(new Formatter("%(asctime)s - %(name)s - %(levelname)s - %(message)s"));
        logger.AddHandler(ch);
        logger.Debug("debug message");
        logger.Info("info message");
        logger.Warning("warn message");
        logger.Error("error message");
        logger.Critical("critical message");
    },
    ["last-resort"] = logging => logging.GetLogger("x.y.z").Warning("printed bare, by the handler of last resort"),
    ["library"] = logging =>
    {
        logging.GetLogger("foo").AddHandler(new NullHandler());
        logging.GetLogger("foo.bar").Warning("not printed: foo has a NullHandler");
    },
    ["cookbook-modules"] = logging =>
    {
        var moduleLogger = logging.GetLogger("spam_application.auxiliary");
        var logger = logging.GetLogger("spam_application");
        logger.SetLevel(Levels.Debug);
        var fh = new FileHandler("spam.log", mode: "w");
        fh.SetLevel(Levels.Debug);
        var ch = new StreamHandler();
        ch.SetLevel(Levels.Error);
        var formatter = new Formatter("%(asctime)s - %(name)s - %(levelname)s - %(message)s");
        fh.SetFormatter(formatter);
        ch.SetFormatter(formatter);
        logger.AddHandler(fh);
        logger.AddHandler(ch);
        logger.Info("creating an instance of auxiliary_module.Auxiliary");
        var aux = logging.GetLogger("spam_application.auxiliary.Auxiliary");
        aux.Info("creating an instance of Auxiliary");
        logger.Info("created an instance of auxiliary_module.Auxiliary");
        logger.Info("calling auxiliary_module.Auxiliary.do_something");
        aux.Info("doing something");
        aux.Info("done doing something");
        logger.Info("finished auxiliary_module.Auxiliary.do_something");
        logger.Info("calling auxiliary_module.some_function()");
        moduleLogger.Info("received a call to \"some_function\"");
        logger.Info("done with auxiliary_module.some_function()");
        logging.Shutdown();
        Console.Write(File.ReadAllText("spam.log"));
    },
    ["cookbook-handlers"] = logging =>
    {
        var logger = logging.GetLogger("simple_example");
        logger.SetLevel(Levels.Debug);
        var fh = new FileHandler("spam.log", mode: "w");
        fh.SetLevel(Levels.Debug);
        var ch = new StreamHandler();
        ch.SetLevel(Levels.Error);
        var formatter = new Formatter("%(asctime)s - %(name)s - %(levelname)s - %(message)s");
        ch.SetFormatter(formatter);
        fh.SetFormatter(formatter);
        logger.AddHandler(ch);
        logger.AddHandler(fh);
        logger.Debug("debug message");
        logger.Info("info message");
        logger.Warning("warn message");
        logger.Error("error message");
        logger.Critical("critical message");
    },
    ["cookbook-destinations"] = logging =>
    {
        logging.BasicConfig(level: Levels.Debug, format: "%(asctime)s %(name)-12s %(levelname)-8s %(message)s",
            datefmt: "%m-%d %H:%M", filename: "myapp.log", filemode: "w");
        var console = new StreamHandler();
        console.SetLevel(Levels.Info);
        console.SetFormatter(new Formatter("%(name)-12s: %(levelname)-8s %(message)s"));
        logging.GetLogger("").AddHandler(console);
        logging.Info("Jackdaws love my big sphinx of quartz.");
        var logger1 = logging.GetLogger("myapp.area1");
        var logger2 = logging.GetLogger("myapp.area2");
        logger1.Debug("Quick zephyrs blow, vexing daft Jim.");
        logger1.Info("How quickly daft jumping zebras vex.");
        logger2.Warning("Jail zesty vixen who grabbed pay from quack.");
        logger2.Error("The five boxing wizards jump quickly.");
        logging.Shutdown();
        Console.Write(File.ReadAllText("myapp.log"));
    },
    ["cookbook-adapter"] = logging =>
    {
        var rnd = new Random();
        var a1 = new LoggerAdapter(logging.GetLogger("a.b.c"), new Dictionary<string, object?> { ["ip"] = "123.231.231.123", ["user"] = "sheila" });
        logging.BasicConfig(level: Levels.Debug,
            format: "%(asctime)-15s %(name)-5s %(levelname)-8s IP: %(ip)-15s User: %(user)-8s %(message)s");
        a1.Debug("A debug message");
        a1.Info("An info message with %s", "some parameters");
        var a2 = new LoggerAdapter(logging.GetLogger("d.e.f"), new ConnInfo(rnd));
        int[] levels = [Levels.Debug, Levels.Info, Levels.Warning, Levels.Error, Levels.Critical];
        for (var x = 0; x < 10; x++)
        {
            var lvl = levels[rnd.Next(levels.Length)];
            a2.Log(lvl, "A message at %s level with %d %s", Logging.GetLevelName(lvl), 2, "parameters");
        }
    },
    ["cookbook-filter"] = logging =>
    {
        var rnd = new Random();
        int[] levels = [Levels.Debug, Levels.Info, Levels.Warning, Levels.Error, Levels.Critical];
        logging.BasicConfig(level: Levels.Debug,
            format: "%(asctime)-15s %(name)-5s %(levelname)-8s IP: %(ip)-15s User: %(user)-8s %(message)s");
        var a1 = logging.GetLogger("a.b.c");
        var a2 = logging.GetLogger("d.e.f");
        var f = new ContextFilter(rnd);
        a1.AddFilter(f);
        a2.AddFilter(f);
        a1.Debug("A debug message");
        a1.Info("An info message with %s", "some parameters");
        for (var x = 0; x < 10; x++)
        {
            var lvl = levels[rnd.Next(levels.Length)];
            a2.Log(lvl, "A message at %s level with %d %s", Logging.GetLevelName(lvl), 2, "parameters");
        }
    },
};

if (args.Length == 0 || !examples.TryGetValue(args[0], out var run))
{
    Console.WriteLine("usage: dotnet run --project samples/Examples -- NAME\nexamples: " + string.Join(", ", examples.Keys));
    return args.Length == 0 ? 0 : 2;
}
var manager = new LogManager();
run(manager);
manager.Shutdown();
return 0;

/// <summary>The cookbook's ConnInfo: a dict-like object whose values are chosen when a record is made.</summary>
sealed class ConnInfo(Random rnd) : IReadOnlyDictionary<string, object?>
{
    public object? this[string key] => key switch
    {
        "ip" => new[] { "127.0.0.1", "192.168.0.1" }[rnd.Next(2)],
        "user" => new[] { "jim", "fred", "sheila" }[rnd.Next(3)],
        _ => "?",
    };
    public IEnumerable<string> Keys => ["ip", "user"];
    public IEnumerable<object?> Values => Keys.Select(k => this[k]);
    public int Count => 2;
    public bool ContainsKey(string key) => key is "ip" or "user";
    public bool TryGetValue(string key, out object? value) { value = this[key]; return true; }
    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() =>
        Keys.Select(k => new KeyValuePair<string, object?>(k, this[k])).GetEnumerator();
    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>The cookbook's ContextFilter: injects a random ip and user into every record.</summary>
sealed class ContextFilter(Random rnd) : Filter
{
    private static readonly string[] Users = ["jim", "fred", "sheila"];
    private static readonly string[] Ips = ["123.231.231.123", "127.0.0.1", "192.168.0.1"];
    public override FilterResult Apply(LogRecord record) =>
        FilterResult.NewReplace(record.WithExtra("ip", Ips[rnd.Next(Ips.Length)]).WithExtra("user", Users[rnd.Next(Users.Length)]));
}
