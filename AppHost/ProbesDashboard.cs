using Microsoft.Extensions.DependencyInjection;

namespace AmbientVerify.AppHost;

/// <summary>
/// What the dashboard run shows on the probes row, so QA never reads logs to know where the migration stands: a child
/// row <c>verdict</c> with the last run's verdict as its state, the URLs <c>report.html</c> and <c>/metrics</c>, and the
/// command "Run the matrix now".
/// </summary>
public static class ProbesDashboard
{
    public const string VerdictResourceName = "verdict";
    public const string RunNowCommandName = "run-matrix-now";
    public const string RunNowDisplayName = "Run the matrix now";
    public const string ReportUrlText = "report.html";
    public const string MetricsUrlText = "/metrics";

    /// <summary>The verdict before the probes' first run ends; Probes' <c>VerdictSummary.FirstRunText</c> (contract test).</summary>
    public const string FirstRunText = "first run…";

    /// <summary>Probes' serve paths (Probes/Serving): POST /run, GET /summary; contract-tested against Probes' constants.</summary>
    public const string RunNowPath = "/run";
    public const string SummaryPath = "/summary";
    public const string MetricsPath = "/metrics";

    private const string EndpointName = "http";

    public static IResourceBuilder<VerdictResource> Add(IDistributedApplicationBuilder builder, IResourceBuilder<ExecutableResource> probes)
    {
        probes
            // serve's / is report.html; a relative URL is joined to the endpoint's (WithUrlForEndpoint's remarks in
            // dotnet/aspire src/Aspire.Hosting/ResourceBuilderExtensions.cs).
            .WithUrlForEndpoint(EndpointName, url => url.DisplayText = ReportUrlText)
            .WithUrlForEndpoint(EndpointName, _ => new ResourceUrlAnnotation { Url = MetricsPath, DisplayText = MetricsUrlText })
            // WithHttpCommand's default UpdateState enables it only while the resource is Running.
            .WithHttpCommand(RunNowPath, RunNowDisplayName, endpointName: EndpointName, commandName: RunNowCommandName,
                commandOptions: new HttpCommandOptions
                {
                    // The dashboard shows the description as the button's tooltip (src/Aspire.Dashboard/Components/Controls/ResourceActions.razor).
                    Description = $"{RunNowDisplayName}: start a run of the behaviour matrix instead of waiting for the next interval",
                    IconName = "Play",
                    IsHighlighted = true,
                    GetCommandResult = context => RunNowResultAsync(context.Response, context.CancellationToken),
                });

        var verdict = builder.AddResource(new VerdictResource(VerdictResourceName))
            .WithParentRelationship(probes)
            .ExcludeFromManifest()
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = VerdictResource.ResourceType,
                State = new ResourceStateSnapshot(FirstRunText, KnownResourceStateStyles.Info),
                Properties = [new ResourcePropertySnapshot(VerdictState.SourceProperty, FirstRunText)],
            });

        var summary = probes.GetEndpoint(EndpointName);
        builder.Services.AddHostedService(services => new VerdictPoller(
            verdict.Resource, summary, services.GetRequiredService<ResourceNotificationService>(), TimeProvider.System));
        return verdict;
    }

    /// <summary>
    /// Serve's plain-text answer is the command's message either way: "a run of the matrix starts now …", or the refusal
    /// "a run is already going …" as the failure. (Aspire 13.6's <c>CommandResults</c> carry a message on success too.)
    /// </summary>
    public static async Task<ExecuteCommandResult> RunNowResultAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = (await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)).Trim();
        if (body.Length == 0)
        {
            body = $"the probes answered {(int)response.StatusCode}";
        }

        return response.IsSuccessStatusCode ? CommandResults.Success(body) : CommandResults.Failure(body);
    }
}
