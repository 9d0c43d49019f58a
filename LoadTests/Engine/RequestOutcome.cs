using System.Net;
using System.Net.Sockets;

namespace AmbientVerify.LoadTests.Engine;

/// <summary>
/// What one request came to, as reports count it: an HTTP status (ok when 2xx or 3xx — redirects are not followed, a
/// redirect is the answer), or a transport error of a kind (fail). Kept as one int so recording it allocates nothing:
/// a status code as itself, an error kind as a negative number.
/// </summary>
public static class RequestOutcome
{
    public const int Timeout = -1;
    public const int ConnectionRefused = -2;
    public const int ConnectionError = -3;
    public const int ResponseEnded = -4;
    public const int Other = -5;

    public static bool IsOk(int outcome) => outcome is >= 200 and < 400;

    /// <summary>"200", "503", "error:timeout", "error:connection-refused", …</summary>
    public static string Name(int outcome) => outcome switch
    {
        >= 0 => outcome.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Timeout => "error:timeout",
        ConnectionRefused => "error:connection-refused",
        ConnectionError => "error:connection",
        ResponseEnded => "error:response-ended",
        _ => "error:other",
    };

    /// <summary>The kind of a failed send (not the run's own cancellation: that request is not counted at all).</summary>
    public static int Of(Exception exception) => exception switch
    {
        TaskCanceledException or TimeoutException => Timeout,
        HttpRequestException { InnerException: SocketException { SocketErrorCode: SocketError.ConnectionRefused } } => ConnectionRefused,
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } => ConnectionError,
        HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded } => ResponseEnded,
        HttpIOException { HttpRequestError: HttpRequestError.ResponseEnded } => ResponseEnded,
        IOException { InnerException: SocketException } => ConnectionError,
        _ => Other,
    };

    public static int Of(HttpStatusCode status) => (int)status;
}
