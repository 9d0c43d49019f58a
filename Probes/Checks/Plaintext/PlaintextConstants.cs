using AmbientVerify.Probes.Verdicts;

namespace AmbientVerify.Probes.Checks.Plaintext;

/// <summary>The plaintext check's name, its case (stable id and sentence) and what it sends.</summary>
public static class PlaintextConstants
{
    public const string CheckName = "plaintext";

    /// <summary>The one case, on each routed pod (its subject): a plain HTTP request to the pod's address gets no answer.</summary>
    public static readonly CheckCase RefusedCase = new("plaintext-refused", "a plain HTTP request to the pod is refused");

    /// <summary>A plain HTTP/1.1 request, as a client outside the mesh would send it to the pod IP.</summary>
    public static string Request(string host) => $"GET / HTTP/1.1\r\nHost: {host}\r\nUser-Agent: ambientverify-plaintext\r\nConnection: close\r\n\r\n";

    /// <summary>An HTTP answer starts with this.</summary>
    public const string HttpAnswerPrefix = "HTTP/";
}
