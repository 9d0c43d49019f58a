using System.Net;

namespace AmbientVerify.FaultTarget.StandIns;

/// <summary>
/// Where one Service's listener binds, read from its <c>Url</c>: <c>http://&lt;IP&gt;:&lt;port&gt;</c> (port 0 = any
/// free port) or <c>http://localhost:&lt;port&gt;</c> (loopback, IPv4 and IPv6 when available, as Kestrel binds it).
/// </summary>
public sealed record ListenerAddress(IPAddress? Address, int Port)
{
    public bool IsLocalhost => Address is null;

    /// <summary>False with a reason for anything Kestrel could not bind as one Service's listener.</summary>
    public static bool TryParse(string url, out ListenerAddress address, out string error)
    {
        address = new ListenerAddress(IPAddress.None, 0);
        error = "";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp)
        {
            error = $"'{url}' is not an http:// URL";
            return false;
        }

        if (uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.UserInfo.Length > 0)
        {
            error = $"'{url}' must be scheme, host and port only";
            return false;
        }

        if (string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            // Kestrel binds "localhost" on two addresses, which cannot share one dynamic port.
            if (uri.Port == 0)
            {
                error = $"'{url}': localhost needs a fixed port (use 127.0.0.1:0 for any free port)";
                return false;
            }

            address = new ListenerAddress(null, uri.Port);
            return true;
        }

        if (!IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip))
        {
            error = $"'{url}': the host must be an IP address or localhost";
            return false;
        }

        address = new ListenerAddress(ip, uri.Port);
        return true;
    }
}
