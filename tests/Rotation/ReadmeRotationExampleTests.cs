namespace FuncLog.Tests.Rotation;

/// <summary>Tests that change the current directory or Console.Out run alone.</summary>
[CollectionDefinition("process state", DisableParallelization = true)]
public class ProcessStateCollection;

/// <summary>The README's rotation example, as printed there, with its printed results asserted.</summary>
[Collection("process state")]
public class ReadmeRotationExampleTests
{
    [Fact]
    public void The_readme_rotation_example_works_as_printed()
    {
        var dir = Path.Combine(Path.GetTempPath(), "funclog-readme-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var saved = Environment.CurrentDirectory;
        var output = new StringWriter();
        var stdout = Console.Out;
        Environment.CurrentDirectory = dir;
        Console.SetOut(output);
        try
        {
            // --- README: begin
            var clock = new ManualTimeProvider(DateTimeOffset.Parse("2025-06-01T23:59:58Z"));
            var logging = new LogManager(clock);
            var handler = new TimedRotatingFileHandler("app.log", when: "midnight", backupCount: 7, timeProvider: clock);
            handler.SetFormatter(new Formatter("%(asctime)s %(levelname)s %(message)s"));
            logging.Root.AddHandler(handler);

            logging.Warning("last record of the day");
            clock.Advance(TimeSpan.FromSeconds(3));
            logging.Warning("first record of the next");

            Console.Write(File.ReadAllText("app.log.2025-06-01")); // 2025-06-01 23:59:58,000 WARNING last record of the day
            Console.Write(File.ReadAllText("app.log"));            // 2025-06-02 00:00:01,000 WARNING first record of the next
            Console.Write(handler.Explain());
            // .../app.log rolls over at 2025-06-03 00:00:00 UTC
            //   rotate .../app.log -> .../app.log.2025-06-02
            // --- README: end
            logging.Shutdown();
        }
        finally
        {
            Console.SetOut(stdout);
            Environment.CurrentDirectory = saved;
        }
        var full = Path.Combine(dir, "app.log");
        Assert.Equal(
            "2025-06-01 23:59:58,000 WARNING last record of the day\n" +
            "2025-06-02 00:00:01,000 WARNING first record of the next\n" +
            $"{full} rolls over at 2025-06-03 00:00:00 UTC\n" +
            $"  rotate {full} -> {full}.2025-06-02\n", output.ToString());
        Directory.Delete(dir, true);
    }
}
