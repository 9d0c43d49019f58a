using AmbientVerify.Probes.Cases;
using AmbientVerify.Probes.Expectations;

namespace AmbientVerify.Probes.Tests.TestSupport;

internal static class Matrix
{
    public static readonly ExpectationOptions Defaults = new();

    /// <summary>Tiny timeouts, so nothing waits long against a loopback gateway.</summary>
    public static readonly ExpectationOptions Tiny = new()
    {
        RequestTimeout = TimeSpan.FromMilliseconds(1000),
        PerTryTimeout = TimeSpan.FromMilliseconds(300),
        Tolerance = TimeSpan.FromMilliseconds(250),
        StallMargin = TimeSpan.FromMilliseconds(300),
        StallAllMargin = TimeSpan.FromMilliseconds(400),
    };

    /// <summary>The matrix case with stable id <paramref name="id"/> ("status-500-retried-until-success"), never its sentence.</summary>
    public static ProbeCase Case(string id, ExpectationOptions? options = null)
    {
        var cases = BehaviourMatrix.Build(options ?? Defaults);
        return cases.SingleOrDefault(c => c.Id == id)
               ?? throw new ArgumentException(
                   $"no matrix case has the id '{id}' (tests key on the id, not the sentence); ids: {string.Join(", ", cases.Select(c => c.Id))}", nameof(id));
    }
}
