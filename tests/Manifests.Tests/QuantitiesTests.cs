namespace AmbientVerify.Manifests.Tests;

/// <summary>Kubernetes quantities as apimachinery reads them: CPU in cores, memory in bytes rounded up.</summary>
public class QuantitiesTests
{
    [Theory]
    [InlineData("250m", 0.25)]
    [InlineData("100m", 0.1)]
    [InlineData("1", 1.0)]
    [InlineData("0.5", 0.5)]
    [InlineData("2000m", 2.0)]
    [InlineData("1.5", 1.5)]
    [InlineData(".5", 0.5)]
    [InlineData("500u", 0.0005)]
    [InlineData("0", 0.0)]
    public void Cpu_reads_as_cores(string text, double cores) =>
        Assert.Equal(cores, Quantities.ParseCpu(text, "cpu"), 9);

    [Theory]
    [InlineData("128Mi", 134_217_728L)]
    [InlineData("1Gi", 1_073_741_824L)]
    [InlineData("1024Mi", 1_073_741_824L)]
    [InlineData("100Mi", 104_857_600L)]
    [InlineData("512Ki", 524_288L)]
    [InlineData("1Ti", 1_099_511_627_776L)]
    [InlineData("500M", 500_000_000L)]
    [InlineData("1G", 1_000_000_000L)]
    [InlineData("64k", 64_000L)]
    [InlineData("1e9", 1_000_000_000L)]
    [InlineData("2.3E9", 2_300_000_000L)]
    [InlineData("134217728", 134_217_728L)]
    [InlineData("1.5Ki", 1_536L)]
    [InlineData("1500m", 2L)]
    public void Memory_reads_as_bytes_rounded_up(string text, long bytes) =>
        Assert.Equal(bytes, Quantities.ParseMemory(text, "memory"));

    [Theory]
    [InlineData("")]
    [InlineData("128MB")]
    [InlineData("128 Mi")]
    [InlineData("Mi")]
    [InlineData("-1")]
    [InlineData("-100m")]
    [InlineData("1K")]
    [InlineData("1mi")]
    [InlineData("1e")]
    [InlineData("1.2.3")]
    [InlineData("one")]
    [InlineData("1e9999")]
    [InlineData("1e3m")]
    public void Text_that_is_not_a_non_negative_quantity_is_refused(string text)
    {
        Assert.False(Quantities.TryParseMemory(text, out _));
        Assert.False(Quantities.TryParseCpu(text, out _));
    }

    [Fact]
    public void An_upper_case_kilo_is_refused_with_the_remedy()
    {
        var error = Assert.Throws<ManifestException>(() => Quantities.ParseMemory("64K", "x.yaml:3: Deployment a/b: resources.requests.memory"));

        Assert.Equal("x.yaml:3: Deployment a/b: resources.requests.memory '64K' is not a Kubernetes quantity: the decimal kilo is lower-case k (e.g. 64k), or use Ki (expected a memory quantity, e.g. 128Mi, 1Gi, 500M, 1e9)", error.Message);
    }
}
