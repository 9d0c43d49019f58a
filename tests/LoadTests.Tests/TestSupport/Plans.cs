using AmbientVerify.LoadTests.Model;

namespace AmbientVerify.LoadTests.Tests.TestSupport;

/// <summary>Small plans for tests: one step on "/" unless told otherwise.</summary>
public static class Plans
{
    public static LoadStep Step(string path = "/", int weight = 1, string name = "root") => new(name, "GET", "shop.example.com", path, [], weight);

    public static LoadPlan Open(int rate, TimeSpan during, int concurrency = 100, params LoadStep[] steps) =>
        new([new LoadScenario("s", steps.Length > 0 ? steps : [Step()], [new Inject(rate, TimeSpan.FromSeconds(1), during)], TimeSpan.Zero)], "ambient", concurrency);

    public static LoadPlan Closed(int copies, TimeSpan during, int concurrency = 100, params LoadStep[] steps) =>
        new([new LoadScenario("s", steps.Length > 0 ? steps : [Step()], [new KeepConstant(copies, during)], TimeSpan.Zero)], "ambient", concurrency);
}
