using AmbientVerify.Probes.Inspection;
using AmbientVerify.Probes.Telemetry;

namespace AmbientVerify.Probes.Tests.Telemetry;

/// <summary>The text exposition format 0.0.4 as Prometheus and the Pushgateway read it.</summary>
public class PrometheusTextWriterTests
{
    private static KeyValuePair<string, string> L(string name, string value) => new(name, value);

    [Fact]
    public void A_metric_is_its_help_and_type_lines_then_its_samples()
    {
        var text = new PrometheusTextWriter()
            .Metric("x_total", PrometheusType.Counter, "Things counted")
            .Sample([L("a", "1"), L("b", "2")], 3)
            .Sample([], 4)
            .ToString();

        Assert.Equal("# HELP x_total Things counted\n# TYPE x_total counter\nx_total{a=\"1\",b=\"2\"} 3\nx_total 4\n", text);
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("say \"hi\"", "say \\\"hi\\\"")]
    [InlineData(@"C:\dir", @"C:\\dir")]
    [InlineData("two\nlines", @"two\nlines")]
    [InlineData("\\\"\n", "\\\\\\\"\\n")]
    public void Label_values_escape_backslash_quote_and_line_feed(string value, string written)
    {
        var text = new PrometheusTextWriter().Metric("m", PrometheusType.Gauge, "h").Sample([L("v", value)], 1).ToString();

        Assert.Contains($"m{{v=\"{written}\"}} 1\n", text);
        Assert.Equal(value, Assert.Single(PrometheusText.Parse(text)).Labels["v"]);
    }

    [Fact]
    public void Help_text_escapes_backslash_and_line_feed()
    {
        var text = new PrometheusTextWriter().Metric("m", PrometheusType.Gauge, "a\\b\nc \"q\"").ToString();

        Assert.StartsWith("# HELP m a\\\\b\\nc \"q\"\n# TYPE m gauge\n", text);
    }

    [Fact]
    public void A_metric_begun_twice_is_refused_so_help_and_type_come_once()
    {
        var writer = new PrometheusTextWriter().Metric("m", PrometheusType.Gauge, "h");

        var e = Assert.Throws<ArgumentException>(() => writer.Metric("m", PrometheusType.Gauge, "h"));
        Assert.Contains("already written", e.Message);
    }

    [Theory]
    [InlineData("1st")]
    [InlineData("has-dash")]
    [InlineData("__reserved")]
    [InlineData("dotted.name")]
    [InlineData("")]
    public void A_broken_label_name_is_refused(string name)
    {
        var writer = new PrometheusTextWriter().Metric("m", PrometheusType.Gauge, "h");

        var e = Assert.Throws<ArgumentException>(() => writer.Sample([L(name, "v")], 1));
        Assert.Contains("is not a Prometheus label name", e.Message);
    }

    [Theory]
    [InlineData("9lives")]
    [InlineData("ambientverify-gate")]
    [InlineData("")]
    public void A_broken_metric_name_is_refused(string name) =>
        Assert.Throws<ArgumentException>(() => new PrometheusTextWriter().Metric(name, PrometheusType.Gauge, "h"));

    [Fact]
    public void A_label_given_twice_is_refused() =>
        Assert.Throws<ArgumentException>(() => new PrometheusTextWriter().Metric("m", PrometheusType.Gauge, "h").Sample([L("a", "1"), L("a", "2")], 1));

    [Fact]
    public void A_histogram_suffix_on_a_gauge_is_refused() =>
        Assert.Throws<ArgumentException>(() => new PrometheusTextWriter().Metric("m", PrometheusType.Gauge, "h").Sample([], 1, "_bucket"));

    [Theory]
    [InlineData(1.0, "1")]
    [InlineData(0.25, "0.25")]
    [InlineData(1735787087.5, "1735787087.5")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NaN, "NaN")]
    public void Numbers_are_written_as_Prometheus_reads_them(double value, string written) =>
        Assert.Equal(written, PrometheusTextWriter.Number(value));
}
