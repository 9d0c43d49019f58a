using AmbientVerify.FaultTarget.Faults;
using Microsoft.AspNetCore.Http;

namespace AmbientVerify.FaultTarget.Tests.Faults;

public sealed class FaultPathsTests
{
    [Theory]
    [InlineData("/__faults/tries/abc", "abc")]
    [InlineData("/api/customers/__faults/tries/abc", "abc")]
    [InlineData("/__ambientverify/order-service/__faults/tries/x-1", "x-1")]
    public void Tries_paths_under_any_prefix_give_their_uuid(string path, string expectedUuid)
    {
        Assert.True(FaultPaths.TryGetTriesUuid(new PathString(path), out var uuid));
        Assert.Equal(expectedUuid, uuid);
    }

    [Theory]
    [InlineData("/__faults/tries")]
    [InlineData("/__faults/tries/")]
    [InlineData("/__faults/tries/abc/more")]
    [InlineData("/api/customers")]
    [InlineData("/faults/tries/abc")]
    public void Other_paths_are_not_tries_reads(string path)
    {
        Assert.False(FaultPaths.TryGetTriesUuid(new PathString(path), out _));
    }

    [Theory]
    [InlineData("/health", true)]
    [InlineData("/alive", true)]
    [InlineData("/metrics", true)]
    [InlineData("/__process", true)]
    [InlineData("/api/x/__faults/tries/abc", true)]
    [InlineData("/api/customers", false)]
    [InlineData("/healthy", false)]
    public void Only_tries_reads_and_infrastructure_are_exempt_from_the_protocol(string path, bool exempt)
    {
        Assert.Equal(exempt, FaultPaths.IsExempt(new PathString(path), QueryCollection.Empty));
    }

    [Theory]
    [InlineData("/health", "?uuid=a&responseCode=503")]
    [InlineData("/metrics", "?uuid=a")]
    [InlineData("/alive", "?reset=1")]
    [InlineData("/health", "?responseCode=banana")]
    public void Infrastructure_paths_with_a_fault_instruction_are_a_routes_probe_and_follow_the_protocol(string path, string query)
    {
        Assert.False(FaultPaths.IsExempt(new PathString(path), new QueryCollection(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query))));
    }
}
