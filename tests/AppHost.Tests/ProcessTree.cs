namespace AmbientVerify.AppHost.Tests;

/// <summary>
/// The processes an AppHost started, read from /proc (Linux). Aspire's orchestrator (DCP) detaches from the
/// AppHost (its parent becomes init) and watches it with <c>--monitor &lt;pid&gt;</c>, so its tree is found by that.
/// </summary>
public static class ProcessTree
{
    public sealed record Member(int Pid, string Name);

    public static IReadOnlyList<Member> StartedBy(int appHostPid)
    {
        var orchestrators = Directory.EnumerateDirectories("/proc")
            .Select(d => (Pid: int.TryParse(Path.GetFileName(d), out var pid) ? pid : -1, Directory: d))
            .Where(p => p.Pid > 0 && CommandLine(p.Directory).Contains($"--monitor\0{appHostPid}\0", StringComparison.Ordinal))
            .Select(p => p.Pid)
            .ToList();
        return [.. DescendantsOf(appHostPid), .. orchestrators.Select(pid => new Member(pid, "dcp")), .. orchestrators.SelectMany(DescendantsOf)];
    }

    private static string CommandLine(string processDirectory)
    {
        try
        {
            return File.ReadAllText(Path.Combine(processDirectory, "cmdline"));
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }

    public static IReadOnlyList<Member> DescendantsOf(int rootPid)
    {
        var parents = new Dictionary<int, (int Parent, string Name)>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            try
            {
                // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces or parentheses.
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var close = stat.LastIndexOf(')');
                var name = stat[(stat.IndexOf('(') + 1)..close];
                var fields = stat[(close + 2)..].Split(' ');
                parents[pid] = (int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture), name);
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
        }

        var found = new List<Member>();
        var frontier = new Queue<int>([rootPid]);
        while (frontier.Count > 0)
        {
            var parent = frontier.Dequeue();
            foreach (var (pid, info) in parents.Where(p => p.Value.Parent == parent))
            {
                found.Add(new Member(pid, info.Name));
                frontier.Enqueue(pid);
            }
        }

        return found;
    }

    public static bool IsAlive(int pid) => Directory.Exists($"/proc/{pid}");
}
