using AmbientVerify.Probes.Inspection;

namespace AmbientVerify.Probes.Tests.Inspection;

public class PrometheusTextTests
{
    [Fact]
    public void Sample_with_labels_is_read_with_name_labels_and_value()
    {
        var sample = Assert.Single(PrometheusText.Parse("istio_tcp_connections_opened_total{reporter=\"destination\",connection_security_policy=\"mutual_tls\"} 7"));

        Assert.Equal("istio_tcp_connections_opened_total", sample.Name);
        Assert.Equal("destination", sample.Label("reporter"));
        Assert.Equal("mutual_tls", sample.Label("connection_security_policy"));
        Assert.Equal(7, sample.Value);
    }

    [Fact]
    public void Help_type_and_blank_lines_are_skipped()
    {
        var samples = PrometheusText.Parse("# HELP x a counter\n# TYPE x counter\n\nx 1\r\n");

        Assert.Equal("x", Assert.Single(samples).Name);
    }

    [Fact]
    public void Escaped_quotes_and_commas_inside_label_values_are_kept()
    {
        var sample = Assert.Single(PrometheusText.Parse("m{a=\"say \\\"hi\\\", then\",b=\"x\\\\y\"} 1"));

        Assert.Equal("say \"hi\", then", sample.Label("a"));
        Assert.Equal("x\\y", sample.Label("b"));
    }

    [Fact]
    public void Timestamp_after_the_value_is_ignored()
    {
        Assert.Equal(2.5, Assert.Single(PrometheusText.Parse("m{a=\"b\"} 2.5 1712345678000")).Value);
    }

    [Fact]
    public void Name_filter_keeps_only_matching_metrics()
    {
        var samples = PrometheusText.Parse("istio_tcp_sent_bytes_total 1\nprocess_cpu_seconds_total 2", n => n.StartsWith("istio_tcp_", StringComparison.Ordinal));

        Assert.Equal("istio_tcp_sent_bytes_total", Assert.Single(samples).Name);
    }

    [Fact]
    public void A_line_that_is_not_a_sample_is_reported_with_its_number()
    {
        var error = Assert.Throws<FormatException>(() => PrometheusText.Parse("ok 1\n<html>not metrics</html>"));

        Assert.Contains("line 2", error.Message);
    }
}
