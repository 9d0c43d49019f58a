using System.Text.Json.Serialization;

namespace AmbientVerify.LoadTests.Model;

/// <summary>
/// How load is applied for a while (NBomber's load simulations). The open model (<see cref="Inject"/>,
/// <see cref="RampingInject"/>) sends at a rate whatever the server does; the closed model (<see cref="KeepConstant"/>,
/// <see cref="RampingConstant"/>) keeps a number of copies each sending its next request when the last one answered.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(Inject), "inject")]
[JsonDerivedType(typeof(RampingInject), "rampingInject")]
[JsonDerivedType(typeof(KeepConstant), "keepConstant")]
[JsonDerivedType(typeof(RampingConstant), "rampingConstant")]
public abstract record LoadSimulation(TimeSpan During)
{
    [JsonIgnore]
    public abstract bool IsOpen { get; }
}

/// <summary>Open model: <paramref name="Rate"/> requests every <paramref name="Interval"/>, spread evenly, for <paramref name="During"/>.</summary>
public sealed record Inject(int Rate, TimeSpan Interval, TimeSpan During) : LoadSimulation(During)
{
    public override bool IsOpen => true;

    /// <summary>Requests per second.</summary>
    public double PerSecond => Rate / Interval.TotalSeconds;
}

/// <summary>Open model: the rate goes linearly from the previous simulation's rate (0 for the first) to <paramref name="Rate"/> per <paramref name="Interval"/>.</summary>
public sealed record RampingInject(int Rate, TimeSpan Interval, TimeSpan During) : LoadSimulation(During)
{
    public override bool IsOpen => true;

    public double PerSecond => Rate / Interval.TotalSeconds;
}

/// <summary>Closed model: <paramref name="Copies"/> copies, each sending its next request as soon as the last one answered.</summary>
public sealed record KeepConstant(int Copies, TimeSpan During) : LoadSimulation(During)
{
    public override bool IsOpen => false;
}

/// <summary>Closed model: the copies go linearly from the previous simulation's count (0 for the first) to <paramref name="Copies"/>.</summary>
public sealed record RampingConstant(int Copies, TimeSpan During) : LoadSimulation(During)
{
    public override bool IsOpen => false;
}
