using System.CommandLine;
using System.Text;
using AmbientVerify.Probes.Cli;
using YamlDotNet.RepresentationModel;

namespace AmbientVerify.Probes.Tests.Deploy;

/// <summary>One Probes command line written in a deploy/ file: where, and its arguments (verb first).</summary>
public sealed record ProbesInvocation(string Where, IReadOnlyList<string> Arguments)
{
    public string Verb => Arguments.Count > 0 ? Arguments[0] : "";

    /// <summary>The value after <paramref name="option"/>; null when the option is absent.</summary>
    public string? ValueOf(string option) => Arguments.Select((a, i) => (a, i)).FirstOrDefault(x => x.a == option) is { a: not null } hit && hit.i + 1 < Arguments.Count
        ? Arguments[hit.i + 1]
        : null;

    public override string ToString() => $"{Where}: Probes {string.Join(' ', Arguments)}";
}

/// <summary>
/// The Probes command lines of deploy/ (the Job's and CronJob's container args, the pipeline's <c>dotnet run
/// --project Probes -- …</c>) against the verbs and options the Probes command line really has.
/// </summary>
public static class ProbesInvocations
{
    /// <summary>Every Probes invocation written under deploy/.</summary>
    public static IReadOnlyList<ProbesInvocation> All()
    {
        var invocations = new List<ProbesInvocation>();
        foreach (var file in new[] { "job.yaml", "cronjob.yaml" })
        {
            foreach (var (owner, _, container) in DeployFiles.Containers(file))
            {
                // The container runs the image's entrypoint /app/Probes with its args ("$@" of the shell wrapper).
                invocations.Add(new ProbesInvocation($"{file}: {owner["kind"]} {owner["metadata"]?["name"]} container {container["name"]}",
                    DeployFiles.Strings(container["args"])));
            }
        }

        var pipeline = DeployFiles.Plain(DeployFiles.Pipeline);
        foreach (var (job, steps) in ((YamlMappingNode)pipeline["jobs"]).Children
                     .Select(j => (Job: j.Key.ToString(), Steps: ((YamlMappingNode)j.Value)["steps"] as YamlSequenceNode)))
        {
            foreach (var step in (steps ?? new YamlSequenceNode()).OfType<YamlMappingNode>())
            {
                if (step.Children.TryGetValue(new YamlScalarNode("run"), out var run) && Tokens(run.ToString()) is var tokens
                    && IndexOfSequence(tokens, ["dotnet", "run", "--project", "Probes"]) is >= 0 and var at)
                {
                    var separator = tokens.IndexOf("--", at);
                    invocations.Add(new ProbesInvocation($"{DeployFiles.Pipeline}: job {job} step {Name(step)}", separator < 0 ? [] : tokens[(separator + 1)..]));
                }
            }
        }

        return invocations;
    }

    /// <summary>The verbs and their options as the Probes command line defines them (names and aliases).</summary>
    public static IReadOnlyDictionary<string, IReadOnlySet<string>> CommandLine() =>
        ProbesCommandLine.Create().Subcommands.ToDictionary(
            c => c.Name,
            c => (IReadOnlySet<string>)c.Options.SelectMany(o => o.Aliases.Append(o.Name)).ToHashSet(StringComparer.Ordinal),
            StringComparer.Ordinal);

    /// <summary>What <paramref name="invocation"/> names that the command line does not have, each in words.</summary>
    public static IReadOnlyList<string> Problems(ProbesInvocation invocation, IReadOnlyDictionary<string, IReadOnlySet<string>> commandLine)
    {
        if (!commandLine.TryGetValue(invocation.Verb, out var options))
        {
            return [$"{invocation.Where}: Probes has no verb '{invocation.Verb}' (verbs: {string.Join(", ", commandLine.Keys.Order(StringComparer.Ordinal))})"];
        }

        return invocation.Arguments.Skip(1)
            .Where(a => a.StartsWith("--", StringComparison.Ordinal) && !options.Contains(a))
            .Select(a => $"{invocation.Where}: Probes {invocation.Verb} has no option {a}")
            .ToList();
    }

    /// <summary>Splits a shell command line into words: whitespace separates, "…" and '…' group, quotes are removed.</summary>
    public static List<string> Tokens(string command)
    {
        var tokens = new List<string>();
        var current = new StringBuilder();
        var inWord = false;
        char? quote = null;
        foreach (var c in command)
        {
            if (quote is not null)
            {
                if (c == quote)
                {
                    quote = null;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    tokens.Add(current.ToString());
                    current.Clear();
                    inWord = false;
                }
            }
            else
            {
                current.Append(c);
                inWord = true;
            }
        }

        if (inWord)
        {
            tokens.Add(current.ToString());
        }

        return tokens;
    }

    private static string Name(YamlMappingNode step) =>
        step.Children.TryGetValue(new YamlScalarNode("name"), out var name) ? $"'{name}'" : "(unnamed)";

    private static int IndexOfSequence(List<string> tokens, string[] sequence)
    {
        for (var i = 0; i + sequence.Length <= tokens.Count; i++)
        {
            if (sequence.Select((s, j) => tokens[i + j] == s).All(b => b))
            {
                return i;
            }
        }

        return -1;
    }
}
