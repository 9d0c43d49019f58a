using System.Net.Sockets;
using System.Text;

namespace AmbientVerify.LocalMesh.Tests.Support;

/// <summary>A raw plaintext HTTP/1.1 GET to a pod address, as a workload outside the mesh would send it.</summary>
public static class PlaintextClient
{
    /// <summary>What came back before the connection ended: empty when refused/reset without an answer.</summary>
    public static async Task<string> GetAsync(string hostPort, string path, CancellationToken cancellationToken)
    {
        var colon = hostPort.LastIndexOf(':');
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(hostPort[..colon], int.Parse(hostPort[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture), cancellationToken);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            // On a busy machine the listener can accept and reset before ConnectAsync returns: refused, no answer.
            return "";
        }

        var stream = client.GetStream();
        var answer = new StringBuilder();
        try
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: customer-service\r\nConnection: close\r\n\r\n"), cancellationToken);
            var buffer = new byte[4096];
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
            {
                answer.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
        }
        catch (IOException)
        {
            // Reset: whatever arrived before it is the answer.
        }

        return answer.ToString();
    }
}
