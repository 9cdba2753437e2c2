using FuncLog.Extensions.Logging;
using WebApi;

var builder = WebApplication.CreateBuilder(args);

// Every ILogger<T> now logs through FuncLog; the "FuncLog" section is dictConfig, reapplied when appsettings.json changes.
// Relative file names ("logs/webapi.log") resolve against the content root; a missing log folder is created.
builder.Logging.ClearProviders().AddFuncLog(builder.Configuration.GetSection("FuncLog"));

var app = builder.Build();
app.MapGet("/orders/{id:int}", Orders.Get);
app.Run();

namespace WebApi
{
    /// <summary>The orders endpoint; its ILogger category "WebApi.Orders" inherits the "WebApi" logger's level.</summary>
    public sealed class Orders
    {
        public static IResult Get(int id, ILogger<Orders> log)
        {
            using (log.BeginScope(new Dictionary<string, object?> { ["Customer"] = "ann" }))
            {
                log.LogDebug("Order {OrderId} looked up", id);
                log.LogInformation(new EventId(1001, "OrderRead"), "Order {OrderId} read: {Status}", id, "shipped");
                log.LogInformation("Order {@OrderId} carrier {Carrier}", id, null); // stored as OrderId; null is None
            }
            return Results.Ok(new { id, status = "shipped" });
        }
    }
}
