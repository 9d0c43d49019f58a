using System.CommandLine;
using AmbientVerify.Probes.Reporting;
using Microsoft.Extensions.Configuration;

namespace AmbientVerify.Probes.Cli;

/// <summary>
/// <c>--pushgateway URL</c> (config <c>Probes:Pushgateway</c>) of <c>gate</c> and <c>audit</c>: after the reports,
/// push the run's <c>metrics.prom</c> to a Prometheus Pushgateway (<see cref="Pushgateway"/>). The verdict is the
/// run's: a push that fails is said on stderr and leaves the exit code as it was.
/// </summary>
internal sealed class PushgatewayOption(string verb, string job)
{
    public const string ConfigKey = "Pushgateway";

    public Option<string?> Option { get; } = new("--pushgateway")
    {
        Description = $"Prometheus Pushgateway base URL to push metrics.prom to after the reports: PUT <URL>/metrics/job/{job}/target/<target>/namespace/<ns>, " +
                      "so a rerun replaces its group. A failed push (unreachable, non-2xx, 10 s timeout) is said on stderr and does not change " +
                      $"the exit code, which stays the {verb}'s verdict. Userinfo is sent as basic auth, never printed (config Probes:{ConfigKey})",
    };

    public void AddTo(Command command) => command.Add(Option);

    /// <summary>
    /// When a URL was given: pushes <paramref name="directory"/>/metrics.prom as the report's group and says so on stdout,
    /// or why not on stderr. Bounded by <see cref="Pushgateway.Timeout"/>; never throws for a push that failed.
    /// </summary>
    public async Task PushAsync(ParseResult parsed, IConfiguration configuration, RunReport report, string directory, CancellationToken cancellationToken)
    {
        var text = ProbeOptions.Read(parsed, Option, configuration, ConfigKey);
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        var problem = await PushAsync(text.Trim(), report, directory, cancellationToken).ConfigureAwait(false);
        if (problem is null)
        {
            return;
        }

        await Console.Error.WriteLineAsync($"{verb}: {problem}; the exit code is the {verb}'s verdict, unchanged").ConfigureAwait(false);
    }

    private async Task<string?> PushAsync(string text, RunReport report, string directory, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            // The text may hold a password: name the option, not the value.
            return "metrics not pushed: --pushgateway is not an http(s) URL";
        }

        var group = Pushgateway.GroupOf(report, job);
        var shown = Pushgateway.Display(Pushgateway.GroupUrl(url, group));
        string exposition;
        try
        {
            exposition = await File.ReadAllTextAsync(Path.Combine(directory, ReportFiles.Metrics), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"metrics not pushed to {shown}: cannot read {ReportFiles.Metrics} ({e.Message})";
        }

        var problem = await Pushgateway.PushAsync(url, group, exposition, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return $"metrics not pushed to {shown}: {problem}";
        }

        Console.WriteLine($"metrics pushed to {shown} (group {group})");
        return null;
    }
}
