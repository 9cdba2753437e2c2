using FuncLog.Tests.Support;

namespace FuncLog.Tests.Docs;

/// <summary>
/// The C# examples of docs/, as printed there (between the "docs" markers; DocsTests checks that every block is
/// found in a tested file), with what they print asserted. They use the static Logging API and Console, so they
/// run with the other tests that touch process state, and put the default manager back as they found it.
/// </summary>
[Collection("process state")]
public sealed class DocsExamplesTests : IDisposable
{
    private readonly Harness h = new();
    private readonly string savedDir = Environment.CurrentDirectory;
    private readonly TextWriter savedOut = Console.Out;
    private readonly TimeProvider savedClock = LogManager.Default.TimeProvider;
    private readonly StringWriter output = new();

    public DocsExamplesTests()
    {
        Environment.CurrentDirectory = h.Dir;
        Console.SetOut(output);
        LogManager.Default.TimeProvider = new ManualTimeProvider(DateTimeOffset.Parse("2026-11-21T09:30:00Z"));
    }

    public void Dispose()
    {
        foreach (var name in new[] { "", "shop", "shop.orders" })
        {
            var logger = Logging.GetLogger(name);
            foreach (var handler in logger.Handlers.ToList()) { logger.RemoveHandler(handler); handler.Close(); }
            logger.SetLevel(name == "" ? Levels.Warning : Levels.NotSet);
        }
        LogManager.Default.TimeProvider = savedClock;
        Console.SetOut(savedOut);
        Environment.CurrentDirectory = savedDir;
        h.Dispose();
    }

    [Fact]
    public void Getting_started_first_program_and_a_file_handler()
    {
        // --- docs: begin (getting-started.md)
        Logging.BasicConfig(format: "%(levelname)-8s %(name)s: %(message)s", level: Levels.Info, stream: Console.Out);

        var log = Logging.GetLogger("shop.orders");
        log.Info("order %d placed by %s", 42, "ann");
        log.Debug("not shown: below INFO");

        Logging.GetLogger("shop").SetLevel(Levels.Debug);   // shop.orders inherits it
        log.Debug("cart %s has %d items", "c-7", 3);
        // --- docs: end

        // --- docs: begin (getting-started.md)
        var file = new FileHandler("shop.log", mode: "w");
        file.SetFormatter(new Formatter("{asctime} {levelname:<8} {name} {message}", style: '{'));
        file.SetLevel(Levels.Warning);
        Logging.GetLogger("shop").AddHandler(file);

        log.Warning("stock of %s is low: %d left", "SKU-1", 2);   // on the console and in shop.log
        log.Info("only on the console");
        // --- docs: end

        Assert.Equal("""
            INFO     shop.orders: order 42 placed by ann
            DEBUG    shop.orders: cart c-7 has 3 items
            WARNING  shop.orders: stock of SKU-1 is low: 2 left
            INFO     shop.orders: only on the console

            """, output.ToString());
        file.Close();
        Assert.Equal("2026-11-21 09:30:00,000 WARNING  shop.orders stock of SKU-1 is low: 2 left\n", File.ReadAllText("shop.log"));
    }

    [Fact]
    public void Porting_the_same_calls_give_the_same_output_as_Python()
    {
        // --- docs: begin (porting-from-python.md)
        Logging.BasicConfig(format: "%(levelname)s:%(name)s:%(message)s", level: Levels.Debug, stream: Console.Out);
        var log = Logging.GetLogger("shop.orders");
        log.Info("%s before you %s", "Look", "leap!");
        log.Debug("order %05d: %d items, total %.2f EUR", 42, 3, 59.9);
        log.Warning("%(sku)s is low: %(left)d left", new Dictionary<string, object?> { ["sku"] = "SKU-1", ["left"] = 2 });
        Logging.GetLogger("shop").SetLevel(Levels.Warning);
        log.Info("not shown: shop.orders inherits WARNING");
        log.Error("%r is %s, %s", "x", (object?)null, true);
        // --- docs: end
        Assert.Equal(Docs.Block("porting-from-python.md", "text", 0) + "\n", output.ToString());
    }

    [Fact]
    public void Testing_with_a_fake_clock()
    {
        // --- docs: begin (rotation-and-testing.md)
        var clock = new ManualTimeProvider(DateTimeOffset.Parse("2026-01-05T08:00:00Z"));
        var logging = new LogManager(clock, stderr: new StringWriter());
        var captured = new StringWriter();
        logging.BasicConfig(format: "%(asctime)s %(levelname)s %(message)s", stream: captured);

        logging.GetLogger("job").Warning("started");
        clock.Advance(TimeSpan.FromMinutes(90));
        logging.GetLogger("job").Warning("finished");

        Assert.Equal("2026-01-05 08:00:00,000 WARNING started\n2026-01-05 09:30:00,000 WARNING finished\n", captured.ToString());
        // --- docs: end
    }

    [Fact]
    public void Raising_the_configuration_budgets_and_the_receivers_limits()
    {
        var logging = new LogManager(stderr: new StringWriter());
        var nested = "version: 1\nroot: {level: INFO}\ndeep: " + new string('[', 150) + new string(']', 150) + "\n";
        File.WriteAllText("logging.yaml", nested);
        Assert.Throws<LogConfigException>(() => logging.DictConfigYaml(nested));    // 150 deep: over the default 100

        // --- docs: begin (configuration.md)
        var options = new ConfigOptions { Limits = InputLimits.Create(maxDepth: 200, expansionFactor: 64) };
        logging.DictConfigYaml(File.ReadAllText("logging.yaml"), options);
        // --- docs: end
        Assert.Equal(Levels.Info, logging.Root.Level);

        // --- docs: begin (interop.md)
        using var receiver = logging.Receive(tcpPort: 0, udpPort: -1);
        receiver.MaxConnections = 512;
        receiver.FrameTimeout = TimeSpan.FromSeconds(5);
        // --- docs: end
        Assert.True(receiver.TcpPort > 0);
    }
}

/// <summary>Code blocks of docs/ by file, language and position.</summary>
internal static class Docs
{
    public static string Block(string file, string language, int index) =>
        DocBlocks.Of(Repo.PathOf("docs", file)).Where(b => b.Language == language).ElementAt(index).Code;
}
