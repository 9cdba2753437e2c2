using System.Net;
using System.Net.Sockets;
using FuncLog.Tests.Support;

namespace FuncLog.Tests.Handlers;

/// <summary>
/// A handler that connects from inside a logging call must not need the thread pool: when every pool thread
/// is busy (a burst of blocking work in a web app), a connect that waits for an async completion misses its
/// timeout although the kernel connected at once, and the handler backs off from a live peer. Runs alone:
/// it blocks the pool for a moment.
/// </summary>
[Collection("process state")]
public class StarvedPoolTests
{
    [Fact]
    public void SocketHandler_connects_within_its_timeout_while_the_thread_pool_is_starved()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();   // connects complete in the kernel's backlog; nothing needs to accept
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var gate = new ManualResetEventSlim();   // not disposed: blockers still queued run after the test
        var blockers = ThreadPool.ThreadCount + 4 * Environment.ProcessorCount + 16;
        var started = new ManualResetEventSlim();
        try
        {
            for (var i = 0; i < blockers; i++)
                ThreadPool.UnsafeQueueUserWorkItem(_ => { started.Set(); gate.Wait(); }, null);
            started.Wait(TimeSpan.FromSeconds(5));   // the pool has begun on the blockers
            var sh = new SocketHandler("127.0.0.1", port) { ErrorPolicy = new CountingErrorPolicy() };
            var done = new ManualResetEventSlim();
            var t = new Thread(() => { sh.Handle(LogRecord.Create("x", Levels.Error, "through")); done.Set(); });
            t.Start();
            Assert.True(done.Wait(TimeSpan.FromSeconds(10)), "the logging call returned");
            Assert.Equal(1, sh.SentCount);
            Assert.Equal(0, sh.DroppedCount);
            sh.Close();
        }
        finally
        {
            gate.Set();
            listener.Stop();
        }
    }
}
