namespace AmbientVerify.FaultTarget.Tracking;

/// <summary>What became of a try, as shown by the tries endpoint; an answered try shows its status code.</summary>
public static class TryOutcomes
{
    /// <summary>Still running (delayed, or being answered).</summary>
    public const string Pending = "pending";

    /// <summary>The connection was aborted on purpose (<c>?reset=</c>).</summary>
    public const string Reset = "reset";

    /// <summary>The client went away before the answer (e.g. the gateway's per-try timeout fired).</summary>
    public const string Cancelled = "cancelled";

    /// <summary>The handler threw; the server answered with an error of its own.</summary>
    public const string Error = "error";

    public static string Answered(int statusCode) => statusCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
