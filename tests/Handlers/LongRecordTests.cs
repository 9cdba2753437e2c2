using FuncLog.Tests.Support;

namespace FuncLog.Tests.Handlers;

/// <summary>
/// Long records cost in proportion to their length: the encode buffer is sized by an exact count when the
/// encoding's worst case (Python's error handlers may write 128 chars for one) would not fit, and the per-thread
/// buffers are kept for records up to 256K chars. Found by the benchmark's 64 KB messages (issue 19): each record
/// allocated 25 MB (a zeroed worst-case buffer) and took 1.8 ms.
/// </summary>
public class LongRecordTests
{
    [Theory]
    [InlineData(4_000, "utf-8", "strict")]
    [InlineData(65_536, "utf-8", "strict")]
    [InlineData(65_536, "latin-1", "backslashreplace")]
    public void A_long_record_allocates_no_worst_case_buffer_and_is_written_whole(int size, string encoding, string errors)
    {
        using var h = new Harness();
        var path = Path.Combine(h.Dir, "long.log");
        var manager = new LogManager(stderr: new StringWriter());
        var handler = new FileHandler(path, encoding: encoding, errors: errors, bufferSize: 64 * 1024);
        handler.SetFormatter(new Formatter("%(levelname)s %(message)s"));
        manager.Root.AddHandler(handler);
        var log = manager.GetLogger("long");
        var payload = new string('x', size - 1) + "é"; // one char beyond ASCII
        for (int i = 0; i < 3; i++) log.Warning("%s", payload); // the thread's buffers grow once

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++) log.Warning("%s", payload);
        var perRecord = (GC.GetAllocatedBytesForCurrentThread() - before) / 10;
        manager.Shutdown();

        Assert.True(perRecord < 4_096, $"{perRecord} bytes allocated per {size}-char record");
        var lines = File.ReadAllLines(path, encoding == "utf-8" ? System.Text.Encoding.UTF8 : System.Text.Encoding.Latin1);
        Assert.Equal(13, lines.Length);
        Assert.All(lines, l => Assert.Equal("WARNING " + payload, l));
    }
}
