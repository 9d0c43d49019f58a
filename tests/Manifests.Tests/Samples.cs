using AmbientVerify.TestSupport;

namespace AmbientVerify.Manifests.Tests;

/// <summary>The samples these tests read, by name (paths from the shared <see cref="Repository"/>).</summary>
internal static class Samples
{
    public static string Sidecar => Repository.Sample("sidecar");

    public static string AmbientAsPlanned => Repository.Sample("ambient-as-planned");

    public static string Ambient => Repository.Sample("ambient");

    public static readonly string[] ServiceNames =
        ["customer-service", "order-service", "payment-service", "product-service", "saga-tracker", "store-service"];
}
