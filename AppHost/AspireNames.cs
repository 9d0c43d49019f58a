using System.Security.Cryptography;
using System.Text;

namespace AmbientVerify.AppHost;

/// <summary>
/// Names Aspire accepts for things the manifests name (a Service's endpoint, a pod's sidecar resource), each unique in
/// one scope: the resources of the app, or the endpoints of one resource.
/// </summary>
/// <remarks>
/// Aspire's rules (<c>ModelName.ValidateName</c> in dotnet/aspire): 1 to 64 characters, ASCII letters, digits and
/// hyphens only, starting with a letter, no trailing or doubled hyphen; and no two resources (or two endpoints of one
/// resource) with the same name, compared case-insensitively. A Kubernetes name may be 63 characters, a namespace as
/// many, and a Service name may start with a digit, so the readable form is cut where needed and then made unique with
/// a short hash of what it stands for: the same input always gets the same name.
/// </remarks>
public sealed class AspireNames
{
    public const int MaxLength = 64;

    /// <summary>Characters of the hash that makes a cut or clashing name unique: 8 hex digits (32 bits).</summary>
    private const int HashLength = 8;

    private readonly HashSet<string> _taken = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _given = new(StringComparer.Ordinal);

    /// <param name="reserved">Names already used in this scope (our own resources: faulttarget, localmesh, …).</param>
    public AspireNames(params IEnumerable<string> reserved)
    {
        foreach (var name in reserved)
        {
            _taken.Add(name);
        }
    }

    /// <summary>
    /// The name for <paramref name="identity"/> (e.g. "team-a/tls-backend"), read from <paramref name="readable"/>
    /// (e.g. "team-a-tls-backend") as far as Aspire allows; asking again for the same identity gives the same name.
    /// </summary>
    public string For(string identity, string readable)
    {
        if (_given.TryGetValue(identity, out var given))
        {
            return given;
        }

        var name = Sanitised(readable);
        if (name.Length > MaxLength || _taken.Contains(name))
        {
            name = WithHash(name, identity, 0);
        }

        for (var salt = 1; _taken.Contains(name); salt++)
        {
            // Two identities whose hashes collide in 32 bits: still a name of its own.
            name = WithHash(Sanitised(readable), identity, salt);
        }

        _taken.Add(name);
        _given.Add(identity, name);
        return name;
    }

    /// <summary>Lower case, anything but a letter or digit as one hyphen, starting with a letter ("svc-" before a digit).</summary>
    public static string Sanitised(string text)
    {
        var cleaned = new StringBuilder();
        foreach (var c in text.ToLowerInvariant())
        {
            var next = char.IsAsciiLetterOrDigit(c) ? c : '-';
            if (next != '-' || (cleaned.Length > 0 && cleaned[^1] != '-'))
            {
                cleaned.Append(next);
            }
        }

        var name = cleaned.ToString().TrimEnd('-');
        return name.Length == 0 ? "svc" : char.IsAsciiLetter(name[0]) ? name : "svc-" + name;
    }

    private static string WithHash(string name, string identity, int salt)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(salt == 0 ? identity : $"{identity}#{salt}")))[..HashLength];
        var keep = name[..Math.Min(name.Length, MaxLength - HashLength - 1)].TrimEnd('-');
        return $"{keep}-{hash}";
    }
}
