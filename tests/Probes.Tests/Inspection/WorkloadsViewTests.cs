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
    public void A_row_without_an_address_is_kept_with_an_empty_one_beside_the_others()
    {
        var rows = WorkloadsView.Parse("""[{"namespace":"ecommerce","podName":"batch-0"},{"namespace":"ecommerce","podName":"cart-0","address":"127.0.0.1:5001"}]""");

        Assert.Equal([("batch-0", ""), ("cart-0", "127.0.0.1:5001")], rows.Select(r => (r.PodName, r.Address)));
    }

    [Fact]
    public void A_row_that_names_no_pod_is_refused()
    {
        var error = Assert.Throws<FormatException>(() => WorkloadsView.Parse("""[{"namespace":"ecommerce","address":"127.0.0.1:5001"}]"""));

        Assert.Equal("workloads row 0 lacks namespace or podName", error.Message);
    }

    [Fact]
    public void Something_other_than_an_array_is_refused()
    {
        Assert.Throws<FormatException>(() => WorkloadsView.Parse("""{"workloads":[]}"""));
    }
}
