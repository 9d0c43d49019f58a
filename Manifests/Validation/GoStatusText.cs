namespace AmbientVerify.Manifests.Validation;

/// <summary>
/// Which integers Istio takes for HTTP status codes in a <c>retryOn</c> list: retry.go <c>parseRetryOn</c> keeps a
/// part as a retriable status code when <c>strconv.Atoi(part)</c> succeeds and Go's <c>http.StatusText(i) != ""</c>
/// (golang/go <c>src/net/http/status.go</c>, the codes registered with a reason phrase). So 418 and 425 are codes
/// while 306, 509 and 599 are not (they go to Envoy as unknown condition names, which Envoy ignores). .NET's
/// <c>HttpStatusCode</c> is a different list (it has 306, lacks 418 and 425), hence this table. Istio's admission
/// webhook uses the same test (<c>i, _ := strconv.Atoi(p)</c>, 0 when not a number, then <c>http.StatusText(i) != ""</c>),
/// so the webhook emulation and the gateway's translator both read it here.
/// </summary>
public static class GoStatusText
{
    private static readonly HashSet<int> Known =
    [
        100, 101, 102, 103,
        200, 201, 202, 203, 204, 205, 206, 207, 208, 226,
        300, 301, 302, 303, 304, 305, 307, 308,
        400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 418,
        421, 422, 423, 424, 425, 426, 428, 429, 431, 451,
        500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511,
    ];

    /// <summary>Go's <c>http.StatusText(code) != ""</c>.</summary>
    public static bool HasText(int code) => Known.Contains(code);

    /// <summary>
    /// Go's <c>strconv.Atoi(text)</c> followed by <c>http.StatusText</c>: an optional sign then decimal digits, nothing
    /// else (no spaces), and a code with a reason phrase. "+503" and "0503" are 503; " 503" is not a number.
    /// </summary>
    public static bool TryParseStatusCode(string text, out int code) =>
        int.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out code)
        && HasText(code);
}
