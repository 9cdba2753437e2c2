using System.Net;
using System.Net.Sockets;
using Google.Protobuf;

namespace FuncLog.Tests.OpenTelemetry;

/// <summary>One OTLP/HTTP export request as the receiver saw it.</summary>
internal sealed record OtlpRequest(string Path, string? ContentType, Dictionary<string, string?> Headers, ProtoMessage Body);

/// <summary>
/// A loopback OTLP/HTTP collector for tests: answers every POST with an empty ExportLogsServiceResponse and keeps the
/// decoded requests.
/// </summary>
internal sealed class OtlpReceiver : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly List<OtlpRequest> requests = [];
    private readonly Task loop;

    public OtlpReceiver()
    {
        Port = FreePort();
        listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        listener.Start();
        loop = Task.Run(Serve);
    }

    public int Port { get; }

    public string Endpoint => $"http://127.0.0.1:{Port}";

    public List<OtlpRequest> Requests { get { lock (requests) return [.. requests]; } }

    /// <summary>Every log record of every request, with its resource and scope.</summary>
    public List<(ProtoMessage Resource, string Scope, ProtoMessage Record)> LogRecords() =>
        [.. from q in Requests
            from rl in q.Body.Messages(1)           // ExportLogsServiceRequest.resource_logs
            from sl in rl.Messages(2)               // ResourceLogs.scope_logs
            from lr in sl.Messages(2)               // ScopeLogs.log_records
            select (rl.Message(1), sl.Message(1).String(1), lr)];

    internal static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    private async Task Serve()
    {
        while (listener.IsListening)
        {
            HttpListenerContext ctx;
            try { ctx = await listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            using var ms = new MemoryStream();
            await ctx.Request.InputStream.CopyToAsync(ms);
            var headers = ctx.Request.Headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!.ToLowerInvariant(), k => ctx.Request.Headers[k]);
            lock (requests) requests.Add(new OtlpRequest(ctx.Request.Url!.AbsolutePath, ctx.Request.ContentType, headers, ProtoMessage.Parse(ms.ToArray())));
            ctx.Response.StatusCode = 200;
            ctx.Response.ContentType = "application/x-protobuf";
            ctx.Response.Close();
        }
    }

    public void Dispose()
    {
        listener.Stop();
        listener.Close();
        try { loop.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
    }
}

/// <summary>
/// A protobuf message read without its schema (Google.Protobuf's CodedInputStream): each field number with its values
/// — varints and fixed numbers as ulong, length-delimited fields as bytes (read as a string or a nested message by
/// whoever knows the schema, here the OTLP logs definitions).
/// </summary>
internal sealed class ProtoMessage
{
    private readonly Dictionary<int, List<object>> fields = [];

    public static ProtoMessage Parse(byte[] data)
    {
        var m = new ProtoMessage();
        var input = new CodedInputStream(data);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            object value = Google.Protobuf.WireFormat.GetTagWireType(tag) switch
            {
                Google.Protobuf.WireFormat.WireType.Varint => input.ReadUInt64(),
                Google.Protobuf.WireFormat.WireType.Fixed64 => input.ReadFixed64(),
                Google.Protobuf.WireFormat.WireType.Fixed32 => (ulong)input.ReadFixed32(),
                Google.Protobuf.WireFormat.WireType.LengthDelimited => input.ReadBytes(),
                var w => throw new InvalidDataException($"wire type {w}"),
            };
            var n = Google.Protobuf.WireFormat.GetTagFieldNumber(tag);
            if (!m.fields.TryGetValue(n, out var list)) m.fields[n] = list = [];
            list.Add(value);
        }
        return m;
    }

    public bool Has(int field) => fields.ContainsKey(field);

    public ulong Number(int field) => fields.TryGetValue(field, out var v) ? (ulong)v[0] : 0;

    public ByteString Bytes(int field) => fields.TryGetValue(field, out var v) ? (ByteString)v[0] : ByteString.Empty;

    public string String(int field) => Bytes(field).ToStringUtf8();

    public ProtoMessage Message(int field) => Parse(Bytes(field).ToByteArray());

    public IEnumerable<ProtoMessage> Messages(int field) =>
        fields.TryGetValue(field, out var v) ? v.Select(b => Parse(((ByteString)b).ToByteArray())) : [];

    /// <summary>
    /// The KeyValue list at <paramref name="field"/> (Resource.attributes = 1, LogRecord.attributes = 6) as key →
    /// AnyValue read as .NET: string_value 1, bool_value 2, int_value 3, double_value 4.
    /// </summary>
    public Dictionary<string, object?> Attributes(int field) =>
        Messages(field).ToDictionary(kv => kv.String(1), kv => AnyValue(kv.Message(2)));

    public static object? AnyValue(ProtoMessage v) =>
        v.Has(1) ? v.String(1)
        : v.Has(2) ? v.Number(2) != 0
        : v.Has(3) ? (long)v.Number(3)
        : v.Has(4) ? BitConverter.UInt64BitsToDouble(v.Number(4))
        : null;
}
