using AmbientVerify.Probes.Cases;
using AmbientVerify.Probes.Expectations;

namespace AmbientVerify.Probes.Tests.TestSupport;

internal static class Matrix
{
    public static readonly ExpectationOptions Defaults = new();

    public static ProbeCase Case(string name, ExpectationOptions? options = null) =>
        BehaviourMatrix.Build(options ?? Defaults).Single(c => c.Name == name);
}
