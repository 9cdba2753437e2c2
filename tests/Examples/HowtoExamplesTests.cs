using FuncLog.Tests.Support;

namespace FuncLog.Tests.Examples;

/// <summary>Every example of the Logging HOWTO (shared/seeds/logging-howto.txt), printing what the document shows.</summary>
public class HowtoExamplesTests
{
    [Fact]
    public void A_simple_example()
    {
        using var h = new Harness();
        var logging = h.Manager;
        logging.Warning("Watch out!"); // will print a message to the console
        logging.Info("I told you so"); // will not print anything
        Assert.Equal("WARNING:root:Watch out!\n", h.Stderr.ToString());
    }

    [Fact]
    public void Logging_to_a_file()
    {
        using var h = new Harness();
        var logging = h.Manager;
        logging.BasicConfig(filename: h.PathOf("example.log"), level: Levels.Debug);
        logging.Debug("This message should go to the log file");
        logging.Info("So should this");
        logging.Warning("And this, too");
        Assert.Equal("DEBUG:root:This message should go to the log file\nINFO:root:So should this\nWARNING:root:And this, too\n",
            h.Read("example.log"));
        Assert.Equal("", h.Stderr.ToString());
    }

    [Fact]
    public void Logging_to_a_file_appends_across_runs_unless_filemode_w()
    {
        using var h = new Harness();
        for (var run = 0; run < 2; run++)
        {
            var logging = new LogManager(h.Clock, h.Stderr);
            logging.BasicConfig(filename: h.PathOf("example.log"), level: Levels.Debug);
            logging.Info("So should this");
            logging.Shutdown();
        }
        Assert.Equal("INFO:root:So should this\nINFO:root:So should this\n", h.Read("example.log"));

        var fresh = new LogManager(h.Clock, h.Stderr);
        fresh.BasicConfig(filename: h.PathOf("example.log"), filemode: "w", level: Levels.Debug);
        fresh.Info("So should this");
        fresh.Shutdown();
        Assert.Equal("INFO:root:So should this\n", h.Read("example.log"));
    }

    [Fact]
    public void Logging_from_multiple_modules()
    {
        using var h = new Harness();
        var logging = h.Manager;
        void DoSomething() => logging.Info("Doing something"); // mylib.py

        logging.BasicConfig(filename: h.PathOf("myapp.log"), level: Levels.Info);
        logging.Info("Started");
        DoSomething();
        logging.Info("Finished");
        Assert.Equal("INFO:root:Started\nINFO:root:Doing something\nINFO:root:Finished\n", h.Read("myapp.log"));
    }

    [Fact]
    public void Logging_variable_data()
    {
        using var h = new Harness();
        h.Manager.Warning("%s before you %s", "Look", "leap!");
        Assert.Equal("WARNING:root:Look before you leap!\n", h.Stderr.ToString());
    }

    [Fact]
    public void Changing_the_format_of_displayed_messages()
    {
        using var h = new Harness();
        var logging = h.Manager;
        logging.BasicConfig(format: "%(levelname)s:%(message)s", level: Levels.Debug);
        logging.Debug("This message should appear on the console");
        logging.Info("So should this");
        logging.Warning("And this, too");
        Assert.Equal("DEBUG:This message should appear on the console\nINFO:So should this\nWARNING:And this, too\n",
            h.Stderr.ToString());
    }

    [Fact]
    public void Displaying_the_date_and_time_in_messages()
    {
        using var h = new Harness("2010-12-12 11:41:42,612");
        h.Manager.BasicConfig(format: "%(asctime)s %(message)s");
        h.Manager.Warning("is when this event was logged.");
        Assert.Equal("2010-12-12 11:41:42,612 is when this event was logged.\n", h.Stderr.ToString());
    }

    [Fact]
    public void Displaying_the_date_with_a_datefmt()
    {
        using var h = new Harness("2010-12-12 11:46:36,000");
        h.Manager.BasicConfig(format: "%(asctime)s %(message)s", datefmt: "%m/%d/%Y %I:%M:%S %p");
        h.Manager.Warning("is when this event was logged.");
        Assert.Equal("12/12/2010 11:46:36 AM is when this event was logged.\n", h.Stderr.ToString());
    }

    [Fact]
    public void Configuring_logging_in_code_prints_the_documented_lines()
    {
        using var h = new Harness("2005-03-19 15:10:26,618");
        var console = new StringWriter();
        // create logger
        var logger = h.Manager.GetLogger("simple_example");
        logger.SetLevel(Levels.Debug);
        // create console handler and set level to debug
        var ch = new StreamHandler(console);
        ch.SetLevel(Levels.Debug);
        // create formatter and add it to ch
        ch.SetFormatter(new Formatter("%(asctime)s - %(name)s - %(levelname)s - %(message)s"));
        logger.AddHandler(ch);
        // 'application' code, at the document's times
        h.At("2005-03-19 15:10:26,618"); logger.Debug("debug message");
        h.At("2005-03-19 15:10:26,620"); logger.Info("info message");
        h.At("2005-03-19 15:10:26,695"); logger.Warning("warn message");
        h.At("2005-03-19 15:10:26,697"); logger.Error("error message");
        h.At("2005-03-19 15:10:26,773"); logger.Critical("critical message");
        Assert.Equal("""
            2005-03-19 15:10:26,618 - simple_example - DEBUG - debug message
            2005-03-19 15:10:26,620 - simple_example - INFO - info message
            2005-03-19 15:10:26,695 - simple_example - WARNING - warn message
            2005-03-19 15:10:26,697 - simple_example - ERROR - error message
            2005-03-19 15:10:26,773 - simple_example - CRITICAL - critical message

            """.Replace("\r\n", "\n"), console.ToString());
    }

    [Fact]
    public void Without_configuration_the_handler_of_last_resort_prints_the_bare_message()
    {
        using var h = new Harness();
        var logger = h.Manager.GetLogger("x.y.z");
        logger.Info("not shown");
        logger.Warning("bare %s", "message");
        logger.Error("also shown");
        Assert.Equal("bare message\nalso shown\n", h.Stderr.ToString());
        Assert.False(h.Manager.Root.HasHandlers());
    }

    [Fact]
    public void Without_a_last_resort_handler_one_warning_is_printed_once()
    {
        using var h = new Harness();
        h.Manager.LastResort = null;
        var logger = h.Manager.GetLogger("x.y.z");
        logger.Warning("one");
        logger.Warning("two");
        Assert.Equal("No handlers could be found for logger \"x.y.z\"\n", h.Stderr.ToString());
    }

    [Fact]
    public void Configuring_logging_for_a_library_with_a_NullHandler()
    {
        using var h = new Harness();
        h.Manager.GetLogger("foo").AddHandler(new NullHandler());
        h.Manager.GetLogger("foo.x.y").Warning("library event");
        Assert.Equal("", h.Stderr.ToString());
    }

    [Fact]
    public void Optimization_isEnabledFor_guards_expensive_arguments()
    {
        using var h = new Harness();
        var logger = h.Manager.GetLogger("opt");
        var calls = 0;
        string Expensive() { calls++; return "x"; }
        if (logger.IsEnabledFor(Levels.Debug)) logger.Debug("Message with %s, %s", Expensive(), Expensive());
        Assert.Equal(0, calls);
        logger.SetLevel(Levels.Debug);
        if (logger.IsEnabledFor(Levels.Debug)) logger.Debug("Message with %s, %s", Expensive(), Expensive());
        Assert.Equal(2, calls);
    }

    [Fact]
    public void Custom_levels_have_names_both_ways()
    {
        using var h = new Harness();
        Logging.AddLevelName(5, "TRACE");
        Logging.AddLevelName(35, "NOTICE");
        Assert.Equal("TRACE", Logging.GetLevelName(5));
        Assert.Equal(35, Logging.GetLevelNumber("NOTICE"));
        Assert.Equal("Level 17", Logging.GetLevelName(17));
        Assert.Null(Logging.GetLevelNumber("NOPE"));
        h.Manager.BasicConfig(level: 1);
        h.Manager.Log(5, "tracing %d", 1);
        h.Manager.Log(35, "notice");
        h.Manager.Log(17, "odd");
        Assert.Equal("TRACE:root:tracing 1\nNOTICE:root:notice\nLevel 17:root:odd\n", h.Stderr.ToString());
        var logger = h.Manager.GetLogger("custom");
        logger.SetLevel("NOTICE");
        Assert.Equal(35, logger.Level);
        Assert.Throws<ArgumentException>(() => logger.SetLevel("LOUD"));
    }
}
