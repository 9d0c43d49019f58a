using System.Collections.Concurrent;
using System.Net;
using AmbientVerify.LocalMesh.Gateway;
using AmbientVerify.LocalMesh.Tests.Support;
using AmbientVerify.Manifests;
using AmbientVerify.Manifests.Routing;
using AmbientVerify.Manifests.Versions;
using AmbientVerify.TestSupport;

namespace AmbientVerify.LocalMesh.Tests.Conformance;

/// <summary>
/// The real local gateway for one conformance test's manifests on top of <see cref="ConformanceBase"/>: resolved as
/// Istio would (<see cref="GatewayRoutes.Resolve"/>), served by <see cref="GatewayHost"/>, with an echo backend behind
/// every base Service. Its client does not follow redirects (the conformance suite's <c>UnfollowRedirect</c>).
/// </summary>
public sealed class ConformanceGateway : IAsyncDisposable
{
    /// <summary>The Host a conformance client sends when a case names none: the gateway's address on port 80.</summary>
    public const string GatewayAddress = "gateway.conformance.test";

    private readonly GatewayHost _host;

    private ConformanceGateway(GatewayRouting routing, EchoBackends backends, GatewayHost host)
    {
        Routing = routing;
        Backends = backends;
        _host = host;
        Client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, UseProxy = false })
        {
            BaseAddress = host.Client.BaseAddress,
        };
    }

    public GatewayRouting Routing { get; }

    public EchoBackends Backends { get; }

    public HttpClient Client { get; }

    /// <param name="backends">The echo backends behind the base Services (shared by the gateways of one test class).</param>
    public static async Task<ConformanceGateway> StartAsync(string manifests, string gateway, EchoBackends backends, ITrafficRandom? random, IstioVersion? istio)
    {
        var parsed = MeshManifests.Parse(ConformanceBase.Manifests + manifests, "conformance.yaml");
        var routing = GatewayRoutes.Resolve(parsed, GatewayRoutes.SelectMainGateway(parsed, $"{ConformanceBase.Infra}/{gateway}"), GatewayRoutes.Versions(parsed, istio));
        var host = await GatewayHost.StartAsync(routing, backends.Addresses, trafficRandom: random);
        return new ConformanceGateway(routing, backends, host);
    }

    /// <param name="headers">"Name: value" pairs separated by ";" (e.g. "version: one; color: blue"), or "".</param>
    /// <param name="host">The Host header; null = <see cref="GatewayAddress"/>.</param>
    public Task<HttpResponseMessage> SendAsync(string method, string path, string headers = "", string? host = null)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path) { Version = HttpVersion.Version11 };
        request.Headers.Host = host ?? GatewayAddress;
        foreach (var (name, value) in ConformanceRequest.Headers(headers))
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _host.DisposeAsync();
    }
}

/// <summary>
/// The gateways of one test class, started on first use and shared by its rows (a row never changes a gateway: the
/// echo backends only record), in front of one set of echo backends; all disposed with the class.
/// </summary>
public sealed class ConformanceGateways : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<Task<ConformanceGateway>>> _started = new();
    private readonly Lazy<Task<EchoBackends>> _backends = new(() => EchoBackends.StartAsync(ConformanceBase.Services, CancellationToken.None));

    /// <summary>The dice of the gateways started with <c>scripted: true</c>; a row scripts the draws it causes.</summary>
    public ScriptedTrafficRandom Random { get; } = new();

    public Task<ConformanceGateway> GetAsync(string manifests, string gateway = ConformanceBase.SameNamespace, IstioVersion? istio = null, bool scripted = false) =>
        _started.GetOrAdd($"{gateway}|{istio}|{scripted}|{manifests}", _ => new Lazy<Task<ConformanceGateway>>(
            async () => await ConformanceGateway.StartAsync(manifests, gateway, await _backends.Value, scripted ? Random : null, istio))).Value;

    public async ValueTask DisposeAsync()
    {
        foreach (var started in _started.Values.Where(l => l.IsValueCreated))
        {
            await (await started.Value).DisposeAsync();
        }

        if (_backends.IsValueCreated)
        {
            await (await _backends.Value).DisposeAsync();
        }
    }
}

/// <summary>How the tables spell requests and expectations.</summary>
public static class ConformanceRequest
{
    /// <summary>"version: one; color: blue" → (version, one), (color, blue).</summary>
    public static IEnumerable<(string Name, string Value)> Headers(string headers) =>
        headers.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(pair => pair.Split(':', 2, StringSplitOptions.TrimEntries))
            .Select(parts => (parts[0], parts.Length > 1 ? parts[1] : ""));
}

/// <summary>
/// The conformance suite's expectations (<c>conformance/utils/http</c> <c>CompareRoundTrip</c>) as assertions whose
/// messages start with the row's case ("HTTPRouteMatching/7: …").
/// </summary>
public static class ConformanceExpect
{
    /// <summary>
    /// <paramref name="expected"/> is a base Service name (200 from that backend, in its namespace) or a status code
    /// the gateway answers itself ("404", "500").
    /// </summary>
    public static async Task<EchoedRequest?> AnswerAsync(string @case, HttpResponseMessage response, string expected)
    {
        if (int.TryParse(expected, out var status))
        {
            var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            Assert.True((int)response.StatusCode == status, $"{@case}: expected {status}, got {(int)response.StatusCode}: {body}");
            return null;
        }

        return await BackendAsync(@case, response, expected);
    }

    /// <summary>200 from <paramref name="service"/>'s echo backend, in the Service's namespace; the echo.</summary>
    public static async Task<EchoedRequest> BackendAsync(string @case, HttpResponseMessage response, string service)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{@case}: expected 200 from {service}, got {(int)response.StatusCode}: {body}");
        var echoed = await EchoedRequest.ReadAsync(response, TestContext.Current.CancellationToken);
        var expectedNamespace = ConformanceBase.NamespaceOf(service);
        Assert.True(echoed.Service == service && echoed.Namespace == expectedNamespace,
            $"{@case}: expected backend {expectedNamespace}/{service}, got {echoed.Namespace}/{echoed.Service}");
        return echoed;
    }

    /// <summary>
    /// The request header as the backend saw it, compared to <paramref name="expected"/> (null = absent) as a field
    /// value: the conformance suite joins the lines of a repeated header with ",". Envoy sends an added value as a line
    /// of its own; the local gateway's upstream client (.NET) folds the values into one line joined with ", ", the same
    /// field value by RFC 9110 §5.3, so list items are compared, not the bytes of the lines.
    /// </summary>
    public static void RequestHeader(string @case, EchoedRequest echoed, string name, string? expected)
    {
        var actual = echoed.Header(name) is { } value ? string.Join(",", value.Split(',', StringSplitOptions.TrimEntries)) : null;
        Assert.True(actual == expected, $"{@case}: expected request header {name} {(expected is null ? "absent" : $"'{expected}'")}, the backend saw {(actual is null ? "none" : $"'{actual}'")}");
    }

    /// <summary>The response header as the client got it (values joined with ","), compared to <paramref name="expected"/> (null = absent).</summary>
    public static void ResponseHeader(string @case, HttpResponseMessage response, string name, string? expected)
    {
        var actual = response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(",", values)
            : null;
        Assert.True(actual == expected, $"{@case}: expected response header {name} {(expected is null ? "absent" : $"'{expected}'")}, got {(actual is null ? "none" : $"'{actual}'")}");
    }
}
