using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FuncLog.Extensions.Logging;

/// <summary>Registers FuncLog as a Microsoft.Extensions.Logging provider.</summary>
public static class FuncLogLoggingBuilderExtensions
{
    /// <summary>
    /// Adds FuncLog as a provider: every <c>ILogger&lt;T&gt;</c> logs through the FuncLog logger named by its
    /// category, and FuncLog's hierarchy decides what is enabled (a filter rule lets every level through to this
    /// provider; add rules for the "FuncLog" alias to restrict it further). With <paramref name="configuration"/>,
    /// the section is applied as dictConfig at start and again atomically whenever the configuration reloads. In a
    /// host, relative file names in the section resolve against the content root, and missing log folders are
    /// created (<see cref="FuncLogProviderOptions.CreateLogDirectories"/>).
    /// </summary>
    /// <param name="builder">The logging builder (<c>builder.Logging</c> in ASP.NET Core).</param>
    /// <param name="configuration">A section in dictConfig's shape, for example <c>builder.Configuration.GetSection("FuncLog")</c>.</param>
    /// <param name="configure">Sets the manager, scopes and category mapping.</param>
    /// <returns>The builder.</returns>
    /// <example>
    /// <code>
    /// builder.Logging.ClearProviders().AddFuncLog(builder.Configuration.GetSection("FuncLog"));
    /// </code>
    /// </example>
    public static ILoggingBuilder AddFuncLog(this ILoggingBuilder builder, IConfiguration? configuration = null,
        Action<FuncLogProviderOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new FuncLogProviderOptions();
        configure?.Invoke(options);
        builder.Services.AddSingleton<ILoggerProvider>(services =>
        {
            // in a host, relative log file names resolve against the content root (not the current directory)
            if (options.BaseDirectory is null && services.GetService<IHostEnvironment>() is { ContentRootPath: { Length: > 0 } root })
                options.BaseDirectory = root;
            return new FuncLogLoggerProvider(options, configuration);
        });
        builder.AddFilter<FuncLogLoggerProvider>(null, LogLevel.Trace);
        return builder;
    }
}
