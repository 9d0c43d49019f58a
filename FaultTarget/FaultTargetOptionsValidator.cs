using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace AmbientVerify.FaultTarget;

/// <summary>Rejects settings that would make the FaultTarget misbehave silently; checked at start-up.</summary>
public sealed partial class FaultTargetOptionsValidator : IValidateOptions<FaultTargetOptions>
{
    public ValidateOptionsResult Validate(string? name, FaultTargetOptions options)
    {
        var failures = new List<string>();
        // The name goes into a response header and a metric label: keep it a plain token.
        if (!ServiceNamePattern().IsMatch(options.ServiceName))
        {
            failures.Add($"FaultTarget:ServiceName '{options.ServiceName}' must be a non-empty token of letters, digits, '.', '_' or '-'.");
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

    [GeneratedRegex("^[A-Za-z0-9._-]{1,100}$")]
    private static partial Regex ServiceNamePattern();
}
