using AmbientVerify.Probes.Inspection;

namespace AmbientVerify.Probes.Tests.Inspection;

public class WorkloadsViewTests
{
    [Fact]
    public void Rows_are_read_with_istioctl_column_names()
    {
        var row = Assert.Single(WorkloadsView.Parse(
            """[{"namespace":"ecommerce","podName":"customer-service-0","address":"127.0.0.1:5001","node":"local","waypoint":"None","protocol":"HBONE"}]"""));

        Assert.Equal(new DataplaneWorkloadEntry("ecommerce", "customer-service-0", "127.0.0.1:5001", "local", "None", "HBONE"), row);
        Assert.True(row.IsHbone);
    }

    [Fact]
    public void Row_without_an_address_is_refused()
    {
        var error = Assert.Throws<FormatException>(() => WorkloadsView.Parse("""[{"namespace":"ecommerce","podName":"a-0"}]"""));

        Assert.Contains("row 0", error.Message);
    }

    [Fact]
    public void Something_other_than_an_array_is_refused()
    {
        Assert.Throws<FormatException>(() => WorkloadsView.Parse("""{"workloads":[]}"""));
    }
}
