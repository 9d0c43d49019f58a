using System.Text.Json.Nodes;

namespace AmbientVerify.TestSupport.FakeApi;

/// <summary>What the Deployment controller and the kubelet would do for a fake API server: no pods run there.</summary>
public static class DeploymentController
{
    /// <summary>Every Deployment created from now on is Available at once (one ready replica), as the twin routes' FaultTarget waits for.</summary>
    public static void MarkAvailableOnCreate(FakeApiServer api) => api.Changed += (type, item) =>
    {
        if (type == "ADDED" && item["kind"]?.GetValue<string>() == "Deployment")
        {
            api.Update("apps", "deployments", item["metadata"]!["namespace"]!.GetValue<string>(), item["metadata"]!["name"]!.GetValue<string>(), d =>
                d["status"] = new JsonObject
                {
                    ["readyReplicas"] = 1,
                    ["availableReplicas"] = 1,
                    ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Available", ["status"] = "True", ["reason"] = "MinimumReplicasAvailable" }),
                });
        }
    };
}
