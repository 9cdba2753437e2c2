using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Primitives;

namespace FuncLog;

/// <summary>
/// Keeps a manager configured from a Microsoft.Extensions.Configuration section (appsettings.json in dictConfig's
/// shape): applied at start, and again whenever the configuration reloads (the section's reload token, as
/// <c>IOptionsMonitor</c> uses). Each version is validated in full and applied in one swap that keeps open the
/// handlers whose configuration did not change; a bad version is reported on the "funclog.config" logger and the
/// configuration in force stays. Dispose it to stop following changes. Made by
/// <see cref="LogManager.WatchConfig(IConfiguration, ConfigOptions?)"/>.
/// </summary>
public sealed class ConfigurationSectionWatcher : IDisposable
{
    private readonly IConfiguration section;
    private readonly LiveConfig live;
    private readonly IDisposable subscription;

    internal ConfigurationSectionWatcher(Manager manager, IConfiguration section, ConfigOptions? options)
    {
        this.section = section;
        var name = section is IConfigurationSection s ? $"configuration section {s.Path}" : "configuration";
        live = new LiveConfig(manager, options!, name);
        live.ApplyDict(ConfigurationSection.ToPyData(section)); // the first version must be valid: throws
        subscription = ChangeToken.OnChange(section.GetReloadToken, () => Reload());
    }

    /// <summary>Versions applied (the first one included).</summary>
    public int Reloads => live.Reloads;

    /// <summary>Versions refused because they were not a valid configuration.</summary>
    public int Failures => live.Failures;

    /// <summary>Why the last version was refused; null when it was applied.</summary>
    public ConfigError? LastError => live.LastError;

    /// <summary>Reads the section now and applies it if it is valid (what a reload does); true if applied.</summary>
    public bool Reload() => live.ApplyDict(ConfigurationSection.ToPyData(section));

    /// <summary>Stops following changes; the configuration in force stays.</summary>
    public void Dispose() => subscription.Dispose();
}
