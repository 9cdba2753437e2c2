using System.Globalization;

namespace FuncLog.Tests.Support;

/// <summary>A manager on a fake clock with captured stderr, and helpers to set the clock from a timestamp.</summary>
public sealed class Harness : IDisposable
{
    public ManualTimeProvider Clock { get; }
    public StringWriter Stderr { get; } = new();
    public LogManager Manager { get; }
    public string Dir { get; }

    public Harness(string start = "2010-12-12 11:41:42,612", TimeZoneInfo? zone = null)
    {
        Clock = new ManualTimeProvider(Parse(start), zone);
        Manager = new LogManager(Clock, Stderr);
        Dir = Path.Combine(Path.GetTempPath(), "funclog-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Dir);
    }

    /// <summary>Parses "2010-12-12 11:41:42,612" as UTC.</summary>
    public static DateTimeOffset Parse(string s) =>
        DateTimeOffset.ParseExact(s, "yyyy-MM-dd HH:mm:ss,fff", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    public void At(string s) => Clock.SetUtcNow(Parse(s));

    public string PathOf(string file) => Path.Combine(Dir, file);

    public string Read(string file) => File.ReadAllText(PathOf(file));

    public void Dispose()
    {
        Manager.Shutdown();
        try { Directory.Delete(Dir, true); } catch (IOException) { }
    }
}
