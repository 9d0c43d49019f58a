namespace AmbientVerify.Probes.Model;

/// <summary>
/// What the client sees under a policy and a fault script. Elapsed is a range because Envoy's back-off is jittered;
/// it excludes network and processing time (callers add their tolerance).
/// </summary>
public sealed record ExpectedOutcome(int Status, int Tries, TimeSpan ElapsedMin, TimeSpan ElapsedMax);
