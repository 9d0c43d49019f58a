using AmbientVerify.LocalMesh.Dataplane;
using AmbientVerify.LocalMesh.Tests.Support;

namespace AmbientVerify.LocalMesh.Tests.Dataplane;

public sealed class IstioTcpMetricsTests
{
    private static readonly TcpConnectionLabels Labels = new(
        "destination", "ecommerce-gateway-istio", "ecommerce", "spiffe://cluster.local/ns/ecommerce/sa/ecommerce-gateway-istio",
        "customer-service", "ecommerce", "spiffe://cluster.local/ns/ecommerce/sa/customer-service",
        "customer-service.ecommerce.svc.cluster.local", "mutual_tls");

    [Fact]
    public void Opened_and_closed_connections_are_counted_per_label_set()
    {
        var metrics = new IstioTcpMetrics();
        metrics.Open(Labels).Close();
        metrics.Open(Labels);

        var samples = PrometheusText.Parse(metrics.Render());

        Assert.Equal(2, samples.Single(s => s.Name == "istio_tcp_connections_opened_total").Value);
        Assert.Equal(1, samples.Single(s => s.Name == "istio_tcp_connections_closed_total").Value);
    }

    [Fact]
    public void Closing_a_connection_twice_counts_one_close()
    {
        var metrics = new IstioTcpMetrics();
        var connection = metrics.Open(Labels);

        connection.Close();
        connection.Close();

        Assert.Equal(1, PrometheusText.Parse(metrics.Render()).Single(s => s.Name == "istio_tcp_connections_closed_total").Value);
    }

    [Fact]
    public void Series_carry_istio_label_names()
    {
        var metrics = new IstioTcpMetrics();
        metrics.Open(Labels);

        var opened = PrometheusText.Parse(metrics.Render()).Single(s => s.Name == "istio_tcp_connections_opened_total");

        Assert.Equal("destination", opened.Label("reporter"));
        Assert.Equal("ecommerce-gateway-istio", opened.Label("source_workload"));
        Assert.Equal("ecommerce", opened.Label("source_workload_namespace"));
        Assert.Equal("customer-service", opened.Label("destination_workload"));
        Assert.Equal("ecommerce", opened.Label("destination_workload_namespace"));
        Assert.Equal("customer-service", opened.Label("destination_service_name"));
        Assert.Equal("mutual_tls", opened.Label("connection_security_policy"));
    }

    [Fact]
    public void Exposition_declares_counter_families_and_ends_with_eof()
    {
        var text = new IstioTcpMetrics().Render();

        Assert.Contains("# TYPE istio_tcp_connections_opened counter\n", text);
        Assert.Contains("# TYPE istio_tcp_sent_bytes counter\n", text);
        Assert.EndsWith("# EOF\n", text);
    }

    [Fact]
    public void Bytes_are_summed_per_direction()
    {
        var metrics = new IstioTcpMetrics();
        var connection = metrics.Open(Labels);

        connection.AddReceived(10);
        connection.AddReceived(5);
        connection.AddSent(7);

        var samples = PrometheusText.Parse(metrics.Render());
        Assert.Equal(15, samples.Single(s => s.Name == "istio_tcp_received_bytes_total").Value);
        Assert.Equal(7, samples.Single(s => s.Name == "istio_tcp_sent_bytes_total").Value);
    }
}
