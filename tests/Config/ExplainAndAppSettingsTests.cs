using Microsoft.Extensions.Configuration;
using FuncLog.Tests.Support;

namespace FuncLog.Tests.Config;

public class ExplainTests
{
    [Fact]
    public void Explain_says_where_the_level_comes_from_and_which_handlers_each_level_reaches()
    {
        using var h = new Harness();
        h.Manager.DictConfigJson("""
            {"version": 1,
             "handlers": {"console": {"class": "logging.NullHandler"}, "errors": {"class": "logging.NullHandler", "level": "ERROR"},
                          "db": {"class": "logging.NullHandler"}},
             "loggers": {"app": {"level": "INFO", "handlers": ["console", "errors"]},
                         "app.db": {"handlers": ["db"]},
                         "quiet": {"propagate": false, "level": "ERROR"}},
             "root": {"level": "WARNING", "handlers": ["console"]} }
            """);
        h.Manager.GetLogger("app.db.pool");
        Assert.Equal("""
            logger 'app.db.pool': effective level INFO (from 'app')
            propagation: app.db.pool -> app.db -> app -> root
            DEBUG: dropped
            INFO: db (NullHandler), console (NullHandler), console (NullHandler)
            WARNING: db (NullHandler), console (NullHandler), console (NullHandler)
            ERROR: db (NullHandler), console (NullHandler), errors (NullHandler) at ERROR, console (NullHandler)
            CRITICAL: db (NullHandler), console (NullHandler), errors (NullHandler) at ERROR, console (NullHandler)

            """.Replace("\r\n", "\n"), h.Manager.Explain("app.db.pool").ToString());
        Assert.Equal("""
            logger 'quiet': effective level ERROR (its own)
            propagation: quiet (propagate off: stops here)
            DEBUG: dropped
            INFO: dropped
            WARNING: dropped
            ERROR: no handler (the last resort handles WARNING and above)
            CRITICAL: no handler (the last resort handles WARNING and above)

            """.Replace("\r\n", "\n"), h.Manager.Explain("quiet").ToString());
        h.Manager.Disable(Levels.Warning);
        var e = h.Manager.Explain("");
        Assert.Equal("root", e.Name);
        Assert.Null(e.ByLevel.Single(x => x.Item1 == Levels.Warning).Item2?.Value);
        Assert.Contains("logging.disable: WARNING and below are dropped everywhere", e.ToString());
    }
}

public class AppSettingsTests
{
    [Fact]
    public void An_appsettings_section_in_dictConfig_shape_configures_logging()
    {
        using var h = new Harness();
        File.WriteAllText(h.PathOf("appsettings.json"), """
            {
              "Logging": {
                "FuncLog": {
                  "version": 1,
                  "disable_existing_loggers": false,
                  "formatters": { "brief": { "format": "%(levelname)s:%(name)s:%(message)s" } },
                  "handlers": {
                    "list": { "()": "FuncLog.Tests.Config.ListHandler", "tag": "app", "formatter": "brief" }
                  },
                  "loggers": {
                    "MyApp": { "level": "INFO", "handlers": [ "list" ], "propagate": false }
                  }
                }
              }
            }
            """);
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder()
            .AddJsonFile(h.PathOf("appsettings.json")).Build();
        h.Manager.DictConfig(configuration.GetSection("Logging:FuncLog"));
        var list = Assert.IsType<ListHandler>(Assert.Single(h.Manager.GetLogger("MyApp").Handlers));
        h.Manager.GetLogger("MyApp.Controllers").Debug("below INFO");
        h.Manager.GetLogger("MyApp.Controllers").Info("inherits MyApp's level");
        Assert.Equal(["app:INFO:MyApp.Controllers:inherits MyApp's level"], list.Lines);
        Assert.False(h.Manager.GetLogger("MyApp").Propagate);
    }
}

[Collection("process state")]
public class ReadmeConfigExampleTests
{
    [Fact]
    public void The_readme_configuration_example_works_as_printed()
    {
        using var h = new Harness();
        var saved = Environment.CurrentDirectory;
        var saveOut = Console.Out;
        var output = new StringWriter();
        Environment.CurrentDirectory = h.Dir;
        Console.SetOut(output);
        try
        {
            File.WriteAllText("logging.conf", "[loggers]\nkeys=root\n\n[handlers]\nkeys=\n\n[formatters]\nkeys=\n\n[logger_root]\nhandlers=\n");
            File.WriteAllText("logging.yaml", "version: 1\nroot:\n  level: INFO\n");
            File.WriteAllText("appsettings.json", """{"Logging": {"FuncLog": {"version": 1}}}""");
            var configuration = new ConfigurationBuilder().AddJsonFile(Path.Combine(h.Dir, "appsettings.json")).Build();
            // --- README: begin
            var logging = new LogManager();
            logging.FileConfig("logging.conf");                // the HOWTO's INI file, as printed
            logging.DictConfigFile("logging.yaml");            // the HOWTO's YAML (or a .json file)
            logging.DictConfig(configuration.GetSection("Logging:FuncLog"));   // appsettings.json
            logging.DictConfig(new Dictionary<string, object?>
            {
                ["version"] = 1,
                ["handlers"] = new Dictionary<string, object?>
                {
                    ["file"] = new Dictionary<string, object?>
                    {
                        ["class"] = "logging.handlers.RotatingFileHandler", ["filename"] = "app.log",
                        ["maxBytes"] = 1_000_000, ["backupCount"] = 5, ["level"] = "INFO",
                    },
                },
                ["root"] = new Dictionary<string, object?> { ["level"] = "DEBUG", ["handlers"] = new[] { "file" } },
            });
            Console.Write(logging.Explain("app.db"));          // effective level and its source, propagation, handlers per level
            // --- README: end
            logging.GetLogger("app.db").Info("written");
            logging.Shutdown();
            Assert.Equal("written\n", File.ReadAllText("app.log"));
        }
        finally
        {
            Console.SetOut(saveOut);
            Environment.CurrentDirectory = saved;
        }
        Assert.Equal("""
            logger 'app.db': effective level DEBUG (from 'root')
            propagation: app.db -> root
            DEBUG: below every handler's level
            INFO: file (RotatingFileHandler) at INFO
            WARNING: file (RotatingFileHandler) at INFO
            ERROR: file (RotatingFileHandler) at INFO
            CRITICAL: file (RotatingFileHandler) at INFO

            """, output.ToString());
    }
}
