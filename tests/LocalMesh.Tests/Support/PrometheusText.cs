using AmbientVerify.Probes.Inspection;

namespace AmbientVerify.LocalMesh.Tests.Support;

/// <summary>
/// Reads the dataplane's <c>/metrics</c> with the parser the probes use on it (<c>Probes/Inspection/PrometheusText</c>),
/// so these tests also show that what LocalMesh writes is what the mTLS check can read. Strict: a line that is not a
/// sample fails the test.
/// </summary>
public static class PrometheusText
{
    public static IReadOnlyList<MetricSample> Parse(string text) => Probes.Inspection.PrometheusText.Parse(text);
}
