using System.Net;

namespace AmbientVerify.LocalMesh.Dataplane;

/// <summary>"host:port" as the local mesh's configuration writes listener and dial addresses.</summary>
public static class HostPort
{
    /// <summary>Parses "127.0.0.1:15008", "localhost:15008" or "[::1]:15008"; "localhost" is 127.0.0.1 (loopback only).</summary>
    /// <exception cref="FormatException">Not host:port with an IP literal or localhost.</exception>
    public static IPEndPoint Parse(string text, string settingName)
    {
        var candidate = text.Trim();
        if (candidate.StartsWith("localhost:", StringComparison.OrdinalIgnoreCase))
        {
            candidate = "127.0.0.1" + candidate["localhost".Length..];
        }

        return IPEndPoint.TryParse(candidate, out var endpoint) && candidate.Contains(':')
            ? endpoint
            : throw new FormatException($"{settingName}='{text}' is not host:port (e.g. 127.0.0.1:15008)");
    }

    /// <summary>The "host:port" of a URL (the backend app address a pod stands for).</summary>
    public static string Of(Uri url) => $"{url.Host}:{url.Port}";

    public static string Of(EndPoint endpoint) => endpoint.ToString() ?? "";
}
