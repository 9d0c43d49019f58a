namespace AmbientVerify.LocalMesh.Tests.Support;

/// <summary>
/// Files a reload test writes into a watched manifests directory (<see cref="MeshManifestsDirectory"/>, whose route is
/// /api/customers): a second HTTPRoute with its Service, and a file no cluster would accept.
/// </summary>
public static class ReloadManifests
{
    public const string OrdersPath = "/api/orders";

    /// <summary>HTTPRoute order-service-route on /api/orders → Service order-service (written by the harness, not in the topology at start).</summary>
    public const string OrdersRoute = """
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata:
          name: order-service-route
          namespace: ecommerce
        spec:
          parentRefs:
            - name: ecommerce-gateway
          rules:
            - matches:
                - path:
                    type: PathPrefix
                    value: /api/orders
              backendRefs:
                - name: order-service
                  port: 8080
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: order-service
          namespace: ecommerce
        spec:
          selector:
            app: order-service
          ports:
            - name: http
              port: 8080
        """;

    /// <summary>A VirtualService the admission webhook refuses (negative attempts).</summary>
    public const string Refused = """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: broken
          namespace: ecommerce
        spec:
          http:
            - retries:
                attempts: -1
        """;

    /// <summary>Not YAML at all (an unterminated flow mapping), as a half-written file can be.</summary>
    public const string Unreadable = "apiVersion: v1\nkind: Service\nmetadata: {name: half-written\n";

    /// <summary>Polls <paramref name="condition"/> until it holds or <paramref name="deadline"/> passes (no fixed sleeps).</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan deadline)
    {
        var until = DateTime.UtcNow + deadline;
        while (DateTime.UtcNow < until)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        return await condition();
    }
}
