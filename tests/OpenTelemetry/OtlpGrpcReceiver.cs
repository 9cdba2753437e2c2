using System.Buffers.Binary;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FuncLog.Tests.OpenTelemetry;

/// <summary>
/// A loopback OTLP/gRPC collector for tests: Kestrel over HTTP/2 without TLS, answering LogsService/Export with an
/// empty response and grpc-status 0, keeping each decoded request.
/// </summary>
internal sealed class OtlpGrpcReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly List<ProtoMessage> requests = [];

    private OtlpGrpcReceiver(WebApplication app) => this.app = app;

    public static async Task<OtlpGrpcReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http2));
        var app = builder.Build();
        var receiver = new OtlpGrpcReceiver(app);
        app.MapPost("/opentelemetry.proto.collector.logs.v1.LogsService/Export", receiver.Export);
        await app.StartAsync();
        return receiver;
    }

    public string Endpoint => app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    public List<ProtoMessage> Requests { get { lock (requests) return [.. requests]; } }

    private async Task Export(HttpContext ctx)
    {
        using var ms = new MemoryStream();
        await ctx.Request.Body.CopyToAsync(ms);
        var bytes = ms.ToArray();
        // a gRPC message: 1 byte "compressed", 4 bytes length (big-endian), the protobuf
        var length = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(1, 4));
        lock (requests) requests.Add(ProtoMessage.Parse(bytes.AsSpan(5, length).ToArray()));
        ctx.Response.ContentType = "application/grpc";
        await ctx.Response.Body.WriteAsync(new byte[5]); // an empty ExportLogsServiceResponse
        ctx.Response.AppendTrailer("grpc-status", "0");
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
