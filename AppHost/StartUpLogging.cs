using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AmbientVerify.AppHost;

/// <summary>The AppHost's own logging, the same for every run (dashboard, gate, each side of a comparison).</summary>
public static class StartUpLogging
{
    /// <summary>
    /// Stand-ins answer health checks only once they listen; the failures before that are start-up noise, not news.
    /// The orchestrator's own chatter below warnings is too.
    /// </summary>
    public static IServiceCollection QuietStartUpLogs(this IServiceCollection services) =>
        services.AddLogging(logging => logging
            .AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None)
            .AddFilter("Aspire.Hosting.Dcp", LogLevel.Warning));
}
