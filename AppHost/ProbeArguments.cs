namespace AmbientVerify.AppHost;

/// <summary>The Probes command line for the local target (see Probes' CLI reference in the README).</summary>
public static class ProbeArguments
{
    public static void Add(IList<object> args, AppHostOptions options, LocalTarget target, EndpointReference gateway,
        IEnumerable<EndpointReference> dataplaneAdmins)
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

        if (options.GatewayName is not null)
        {
            args.Add("--gateway-name");
            args.Add(options.GatewayName);
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
}
