namespace AmbientVerify.Probes.Cli;

/// <summary>Repeatable URL options (Probes' --dataplane-admin and --wait-ready, LoadTests' --wait-ready and --process): each an http(s) URL.</summary>
public static class HttpUrls
{
    /// <summary>The URLs of <paramref name="texts"/>; each one that is not an absolute http(s) URL adds an error naming <paramref name="option"/>.</summary>
    public static List<Uri> Parse(string option, IEnumerable<string> texts, List<string> errors)
    {
        var urls = new List<Uri>();
        foreach (var text in texts)
        {
            if (Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https")
            {
                urls.Add(url);
            }
            else
            {
                errors.Add($"{option} '{text}' is not an http(s) URL");
            }
        }

        return urls;
    }
}
