using System.Diagnostics;

namespace AmbientVerify.AppHost.Tests;

/// <summary>
/// One short <c>--compare</c> (5 s of load at 50/s on the sidecar sample, then on the ambient sample) for the tests that
/// need one: <see cref="CompareTests"/> reads what it wrote, and the Grafana dashboards' run serves its figures. Run once
/// for both, because two compares side by side on two cores measured each other (a rate below the one asked for).
/// </summary>
public sealed class ShortCompare : IAsyncLifetime
{
    public const int Rate = 50;

    public string Output { get; } = ScratchDirectory.NewPath("ambientverify-compare");

    public AppHostProcess.Finished Run { get; private set; } = null!;

    public TimeSpan Took { get; private set; }

    public async ValueTask InitializeAsync()
    {
        var clock = Stopwatch.StartNew();
        Run = await AppHostProcess.RunAsync(TimeSpan.FromMinutes(5), "--compare", "--duration", "5s", "--rate", Rate.ToString(System.Globalization.CultureInfo.InvariantCulture), "--output", Output);
        Took = clock.Elapsed;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>The tests that share <see cref="ShortCompare"/>; one after the other, so the compare is measured alone.</summary>
[CollectionDefinition(nameof(ShortCompareCollection))]
public sealed class ShortCompareCollection : ICollectionFixture<ShortCompare>;
