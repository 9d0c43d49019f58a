namespace AmbientVerify.Probes.Checks.Plaintext;

/// <summary>The plaintext check's name and what it sends.</summary>
public static class PlaintextConstants
{
    public const string CheckName = "plaintext";

    /// <summary>The case sentence for one pod.</summary>
    public static string Case(string podName) => $"plaintext to pod {podName} is refused";

    /// <summary>A plain HTTP/1.1 request, as a client outside the mesh would send it to the pod IP.</summary>
    public static string Request(string host) => $"GET / HTTP/1.1\r\nHost: {host}\r\nUser-Agent: ambientverify-plaintext\r\nConnection: close\r\n\r\n";

    /// <summary>An HTTP answer starts with this.</summary>
    public const string HttpAnswerPrefix = "HTTP/";
}
