using AmbientVerify.LoadTests.Reporting;
using AmbientVerify.LoadTests.Tests.TestSupport;

namespace AmbientVerify.LoadTests.Tests.Reporting;

public sealed class CsvReportTests
{
    [Fact]
    public void The_csv_has_the_header_then_one_row_per_scenario_and_per_step()
    {
        var lines = CsvReport.Render(Reports.Sample()).TrimEnd().Split(Environment.NewLine);

        Assert.Equal(
        [
            CsvReport.Header,
            "shop,,open,,12000,11990,10,200,24000,960000,0.2,1.5,1.1,1.4,2.5,7.25,880,900,200×11990 503×8 error:timeout×2",
            "shop,product-service-route,open,40,9600,9595,5,,19200,768000,0.2,1.5,1.1,1.4,2.5,7.25,880,900,200×9595 503×5",
            "shop,\"order, \"\"quoted\"\"\",open,10,2400,2395,5,,4800,192000,0.2,1.5,1.1,1.4,2.5,7.25,880,900,200×2395 503×3 error:timeout×2",
        ], lines);
    }
}
