using System.Text;

namespace AmbientVerify.Manifests.Routing;

/// <summary>
/// The path Envoy routes on at an Istio gateway. MeshConfig <c>pathNormalization</c> defaults to BASE, which sets
/// Envoy's <c>normalize_path</c> (istio/istio <c>pilot/pkg/networking/core/listener_builder.go</c>; Envoy
/// <c>source/common/http/path_utility.cc</c> <c>canonicalPath</c>, RFC 3986 §6.2.2): percent-encoded unreserved
/// characters are decoded, other escapes are upper-cased (and "%2F" stays encoded), "." and ".." segments are removed.
/// Slashes are not merged (that is the MERGE_SLASHES level).
/// </summary>
public static class PathNormalization
{
    public static string Normalize(string path)
    {
        if (path.Length == 0)
        {
            return "/";
        }

        var decoded = DecodeUnreserved(path);
        return RemoveDotSegments(decoded.StartsWith('/') ? decoded : "/" + decoded);
    }

    private static string DecodeUnreserved(string path)
    {
        if (!path.Contains('%'))
        {
            return path;
        }

        var result = new StringBuilder(path.Length);
        for (var i = 0; i < path.Length; i++)
        {
            if (path[i] == '%' && i + 2 < path.Length && IsHex(path[i + 1]) && IsHex(path[i + 2]))
            {
                var value = Convert.ToInt32(path.Substring(i + 1, 2), 16);
                var c = (char)value;
                if (char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~')
                {
                    result.Append(c);
                }
                else
                {
                    result.Append('%').Append(char.ToUpperInvariant(path[i + 1])).Append(char.ToUpperInvariant(path[i + 2]));
                }

                i += 2;
            }
            else
            {
                result.Append(path[i]);
            }
        }

        return result.ToString();
    }

    /// <summary>RFC 3986 §5.2.4.</summary>
    private static string RemoveDotSegments(string path)
    {
        var segments = path.Split('/');
        var output = new List<string>();
        for (var i = 1; i < segments.Length; i++)
        {
            var segment = segments[i];
            var last = i == segments.Length - 1;
            if (segment == ".")
            {
                if (last)
                {
                    output.Add("");
                }
            }
            else if (segment == "..")
            {
                if (output.Count > 0)
                {
                    output.RemoveAt(output.Count - 1);
                }

                if (last)
                {
                    output.Add("");
                }
            }
            else
            {
                output.Add(segment);
            }
        }

        return "/" + string.Join('/', output);
    }

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);
}
