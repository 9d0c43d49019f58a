using Microsoft.Extensions.Options;

namespace AmbientVerify.FaultTarget;

/// <summary>Registers <see cref="FaultTargetOptions"/>: bound, defaulted, validated at start-up.</summary>
public static class FaultTargetOptionsRegistration
{
    public static IServiceCollection AddFaultTargetOptions(this IServiceCollection services)
    {
        services.AddOptions<FaultTargetOptions>()
            .BindConfiguration(FaultTargetOptions.SectionName)
            .PostConfigure<IConfiguration>((options, configuration) =>
            {
                // Only the single-service form has a default name; the Services list names each Service itself.
                if (options.Services.Count == 0 && string.IsNullOrWhiteSpace(options.ServiceName))
                {
                    options.ServiceName = configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } fromEnvironment
                        ? fromEnvironment
                        : FaultTargetOptions.DefaultServiceName;
                }
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<FaultTargetOptions>, FaultTargetOptionsValidator>();
        return services;
    }
}
