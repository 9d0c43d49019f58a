using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace AmbientVerify.AppHost.Tests;

/// <summary>A resource's environment as the AppHost declares it (an endpoint reads as <c>{resource.bindings.name.url}</c>).</summary>
public static class ResourceEnvironment
{
    public static async Task<Dictionary<string, string>> OfAsync(IResource resource)
    {
        var context = new EnvironmentCallbackContext(new DistributedApplicationExecutionContext(DistributedApplicationOperation.Publish));
        foreach (var callback in resource.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            await callback.Callback(context);
        }

        return context.EnvironmentVariables.ToDictionary(e => e.Key, e => e.Value switch
        {
            IManifestExpressionProvider expression => expression.ValueExpression,
            _ => e.Value.ToString() ?? "",
        });
    }
}
