namespace AmbientVerify.Probes.Checks.Plaintext;

/// <summary>How the plaintext check knocks on each pod's address.</summary>
public sealed class PlaintextOptions
{
    /// <summary>Time to establish the TCP connection. Default 2s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Time to wait for an HTTP answer to the plaintext request. A connection held open this long without one
    /// counts as refused (nothing was served). Default 2s.
    /// </summary>
    public TimeSpan AnswerTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Said after "could not look" when a pod's address could not be reached: where the check can look from. The
    /// cluster gate sets it, since pod IPs are routable only inside the cluster; null says nothing more.
    /// </summary>
    public string? WhenUnreachable { get; set; }
}
