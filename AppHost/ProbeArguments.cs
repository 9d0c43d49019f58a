using AmbientVerify.Manifests.Topology;
using AmbientVerify.Manifests.Versions;

namespace AmbientVerify.AppHost;

/// <summary>The Probes command line for the local target (see Probes' CLI reference in the README).</summary>
public static class ProbeArguments
{
    /// <param name="readiness">Every process of the target: the probes wait for each one's /health before the first probe.</param>
    public static void Add(IList<object> args, AppHostOptions options, LocalTarget target, EndpointReference gateway,
        IEnumerable<EndpointReference> dataplaneAdmins, IEnumerable<EndpointReference> readiness)
    {
        args.Add(options.Gate ? "gate" : "serve");
        args.Add("--gateway");
        args.Add(gateway);
        args.Add("--manifests");
        args.Add(target.ManifestDirectory);
        args.Add("--expect");
        args.Add(target.ExpectedMode);
        args.Add("--target");
        args.Add("local");
        foreach (var admin in dataplaneAdmins)
        {
            args.Add("--dataplane-admin");
            args.Add(admin);
        }

        foreach (var process in readiness)
        {
            args.Add("--wait-ready");
            args.Add(ReferenceExpression.Create($"{process}/health"));
        }

        if (options.IstioVersion is { } istio)
        {
            args.Add("--istio-version");
            args.Add(istio.ToString());
        }

        if (options.GatewayApiChannel is { } channel)
        {
            args.Add("--gateway-api-channel");
            args.Add(channel.Name());
        }

        if (target.AssumedNamespaceLabels.Count > 0)
        {
            args.Add("--assume-namespace-labels");
            args.Add(NamespaceAssumptions.Format(target.AssumedNamespaceLabels));
        }

        if (options.GatewayName is not null)
        {
            args.Add("--gateway-name");
            args.Add(options.GatewayName);
        }

        if (options.Expectations is not null)
        {
            args.Add("--expectations");
            args.Add(options.Expectations);
        }

        // The dashboard run shows the last --compare's figures beside the checks (the probes' /metrics and /compare.md).
        if (!options.Gate && LastComparison(options) is { } comparison)
        {
            args.Add("--comparison");
            args.Add(comparison);
        }

        if (options.Gate)
        {
            args.Add("--output");
            args.Add(Path.GetFullPath(options.Output));
            if (options.Strict)
            {
                args.Add("--strict");
            }
        }
    }

    /// <summary>The compare.json a <c>--compare</c> with the same <c>--output</c> wrote, if any.</summary>
    public static string? LastComparison(AppHostOptions options) =>
        Path.Combine(Path.GetFullPath(options.Output), "compare.json") is var path && File.Exists(path) ? path : null;
}
