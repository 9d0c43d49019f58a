using System.Globalization;
using AmbientVerify.Manifests;

namespace AmbientVerify.AppHost;

/// <summary>The LoadTests command line for one side of <c>--compare</c> (see LoadTests/README.md).</summary>
public static class LoadArguments
{
    public static void Add(IList<object> args, AppHostOptions options, CompareRun.Phase phase, LocalTarget target, LocalMeshResources mesh, string output)
    {
        args.Add("--gateway");
        args.Add(mesh.GatewayTraffic);
        args.Add("--manifests");
        args.Add(target.ManifestDirectory);
        args.Add("--mode");
        args.Add(phase.Mode);
        args.Add("--rate");
        args.Add(options.LoadRate.ToString(CultureInfo.InvariantCulture));
        args.Add("--duration");
        args.Add(Durations.Format(options.LoadDuration));
        args.Add("--output");
        args.Add(phase.OutputDirectory(output));

        // The resource snapshot of this side: every process of the mesh, sampled from /proc over the measured window.
        args.Add("--snapshot");
        args.Add("--nodes");
        args.Add(options.Nodes.ToString(CultureInfo.InvariantCulture));
        foreach (var argument in options.SizingArguments)
        {
            args.Add(argument);
        }
        foreach (var (_, health) in mesh.Processes)
        {
            args.Add("--process");
            args.Add(health);
            args.Add("--wait-ready");
            args.Add(ReferenceExpression.Create($"{health}/health"));
        }

        if (options.GatewayName is not null)
        {
            args.Add("--gateway-name");
            args.Add(options.GatewayName);
        }
    }
}
