using System.Globalization;
using System.Text;

namespace AmbientVerify.LocalMesh.Ztunnel;

/// <summary>
/// The tunnel handshake inside the mTLS connection to ztunnel's HBONE port. Real HBONE is an HTTP/2 CONNECT
/// stream; the local mesh uses an HTTP/1.1 CONNECT (one tunnel per TLS connection) with the same authority form
/// "&lt;pod&gt;.&lt;namespace&gt;:&lt;port&gt;" standing for "&lt;pod IP&gt;:&lt;port&gt;".
/// </summary>
public static class HboneConnect
{
    /// <summary>Longest request or response head accepted.</summary>
    public const int MaxHeadBytes = 8 * 1024;

    public static readonly byte[] Established = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\n\r\n");
    public static readonly byte[] BadRequest = Encoding.ASCII.GetBytes("HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n");
    public static readonly byte[] Unavailable = Encoding.ASCII.GetBytes("HTTP/1.1 503 Service Unavailable\r\nconnection: close\r\n\r\n");

    public static byte[] Request(string authority) =>
        Encoding.ASCII.GetBytes($"CONNECT {authority} HTTP/1.1\r\nHost: {authority}\r\n\r\n");

    /// <summary>
    /// Reads one head up to and including the blank line, byte by byte so that no tunnelled byte is consumed.
    /// Null when the stream ends first or the head is too long.
    /// </summary>
    public static async Task<string?> ReadHeadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var head = new byte[MaxHeadBytes];
        var length = 0;
        while (length < head.Length)
        {
            if (await stream.ReadAsync(head.AsMemory(length, 1), cancellationToken) == 0)
            {
                return null;
            }

            length++;
            if (length >= 4 && head[length - 4] == '\r' && head[length - 3] == '\n' && head[length - 2] == '\r' && head[length - 1] == '\n')
            {
                return Encoding.ASCII.GetString(head, 0, length);
            }
        }

        return null;
    }

    /// <summary>The authority of "CONNECT &lt;authority&gt; HTTP/1.1"; null for any other request line.</summary>
    public static string? AuthorityOf(string head)
    {
        var requestLine = head.Split("\r\n", 2)[0].Split(' ');
        return requestLine is ["CONNECT", { Length: > 0 } authority, "HTTP/1.1"] ? authority : null;
    }

    /// <summary>The status code of a response head ("HTTP/1.1 200 OK" → 200); null when malformed.</summary>
    public static int? StatusOf(string head)
    {
        var statusLine = head.Split("\r\n", 2)[0].Split(' ');
        return statusLine.Length >= 2 && statusLine[0].StartsWith("HTTP/1.", StringComparison.Ordinal)
               && int.TryParse(statusLine[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status)
            ? status
            : null;
    }

    /// <summary>"customer-service-0.ecommerce:8080" → "customer-service-0.ecommerce".</summary>
    public static string HostOf(string authority)
    {
        var colon = authority.LastIndexOf(':');
        return colon > 0 ? authority[..colon] : authority;
    }
}
