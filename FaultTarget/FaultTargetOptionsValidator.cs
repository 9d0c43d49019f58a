using System.Text.RegularExpressions;
using AmbientVerify.FaultTarget.StandIns;
using Microsoft.Extensions.Options;

namespace AmbientVerify.FaultTarget;

/// <summary>Rejects settings that would make the FaultTarget misbehave silently; checked at start-up.</summary>
public sealed partial class FaultTargetOptionsValidator : IValidateOptions<FaultTargetOptions>
{
    public ValidateOptionsResult Validate(string? name, FaultTargetOptions options)
    {
        var failures = new List<string>();
        if (options.Services.Count == 0)
        {
            ValidateService("FaultTarget:ServiceName", options.ServiceName, "FaultTarget:Namespace", options.Namespace,
                "FaultTarget:Replicas", options.Replicas, failures);
        }
        else
        {
            ValidateServices(options, failures);
        }

        if (options.MaxDelay <= TimeSpan.Zero)
        {
            failures.Add($"FaultTarget:MaxDelay must be positive, was {options.MaxDelay}.");
        }
        if (options.MaxTrackedRequests < 1)
        {
            failures.Add($"FaultTarget:MaxTrackedRequests must be at least 1, was {options.MaxTrackedRequests}.");
        }
        if (options.TrackedRequestTtl <= TimeSpan.Zero)
        {
            failures.Add($"FaultTarget:TrackedRequestTtl must be positive, was {options.TrackedRequestTtl}.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateServices(FaultTargetOptions options, List<string> failures)
    {
        // Two ways of naming the Services at once would leave one of them silently unused.
        if (!string.IsNullOrEmpty(options.ServiceName))
        {
            failures.Add($"FaultTarget:ServiceName '{options.ServiceName}' and FaultTarget:Services are both set: give one of them.");
        }

        for (var i = 0; i < options.Services.Count; i++)
        {
            var service = options.Services[i];
            var key = $"FaultTarget:Services:{i}";
            ValidateService($"{key}:Name", service.Name, $"{key}:Namespace", service.Namespace, $"{key}:Replicas", service.Replicas, failures);
            if (!ListenerAddress.TryParse(service.Url, out _, out var error))
            {
                failures.Add($"{key}:Url {error}.");
            }
        }

        foreach (var duplicate in options.Services.GroupBy(s => $"{s.Namespace}/{s.Name}", StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            failures.Add($"FaultTarget:Services names {duplicate.Key} {duplicate.Count()} times: one listener per Service.");
        }

        // Port 0 is a different free port per listener, so only fixed ports can clash.
        var fixedPorts = options.Services
            .Select(s => (Service: s, Parsed: ListenerAddress.TryParse(s.Url, out var address, out _) ? address : null))
            .Where(s => s.Parsed is { Port: > 0 })
            .GroupBy(s => s.Parsed!.Port);
        foreach (var clash in fixedPorts.Where(g => g.Count() > 1))
        {
            failures.Add($"FaultTarget:Services give port {clash.Key} to {string.Join(" and ", clash.Select(s => s.Service.Name))}: each Service needs its own port.");
        }
    }

    private static void ValidateService(string nameKey, string serviceName, string namespaceKey, string @namespace, string replicasKey, int replicas, List<string> failures)
    {
        // The names go into a response header, a metric label and the tries document: keep them plain tokens.
        if (!TokenPattern().IsMatch(serviceName))
        {
            failures.Add($"{nameKey} '{serviceName}' must be a non-empty token of letters, digits, '.', '_' or '-'.");
        }
        if (!TokenPattern().IsMatch(@namespace))
        {
            failures.Add($"{namespaceKey} '{@namespace}' must be a non-empty token of letters, digits, '.', '_' or '-'.");
        }
        if (replicas < 0)
        {
            failures.Add($"{replicasKey} must be 0 or more, was {replicas}.");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,100}$")]
    private static partial Regex TokenPattern();
}
