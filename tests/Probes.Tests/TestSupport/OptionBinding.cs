using System.CommandLine;
using AmbientVerify.Probes.Cli;
using AmbientVerify.Probes.Running;
using Microsoft.Extensions.Configuration;

namespace AmbientVerify.Probes.Tests.TestSupport;

/// <summary>Binds the gate's options as the command line does, with a gateway and manifests given and optional configuration.</summary>
internal static class OptionBinding
{
    public static (RunSettings? Settings, IReadOnlyList<string> Errors) Bind(string[] args, string? configKey = null, string? configValue = null)
    {
        var options = new ProbeOptions();
        var command = new RootCommand();
        options.AddTo(command);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(configKey is null ? [] : [new KeyValuePair<string, string?>(configKey, configValue)])
            .Build();
        return options.Bind(command.Parse(["--gateway", "http://127.0.0.1:1", "--manifests", "m", .. args]), configuration);
    }
}
