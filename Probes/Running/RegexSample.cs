using System.Text;
using System.Text.RegularExpressions;

namespace AmbientVerify.Probes.Running;

/// <summary>
/// A short string a regular expression matches in full, for probing a RegularExpression path, header or query match:
/// literals kept, "." and classes give one fitting character, "*" and "?" give nothing, "+" and {n} the minimum, the
/// first alternative of a group. Null when the result does not match (the caller then says it cannot probe the rule).
/// </summary>
public static class RegexSample
{
    public static string? For(string pattern)
    {
        string sample;
        try
        {
            var position = 0;
            sample = Alternatives(pattern.TrimStart('^'), ref position);
        }
        catch (Exception e) when (e is ArgumentException or IndexOutOfRangeException or FormatException)
        {
            return null;
        }

        try
        {
            return Regex.IsMatch(sample, $"^(?:{pattern})$", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100)) ? sample : null;
        }
        catch (Exception e) when (e is ArgumentException or RegexMatchTimeoutException)
        {
            return null;
        }
    }

    private static string Alternatives(string pattern, ref int position)
    {
        var first = Sequence(pattern, ref position);
        while (position < pattern.Length && pattern[position] == '|')
        {
            position++;
            Sequence(pattern, ref position);
        }

        return first;
    }

    private static string Sequence(string pattern, ref int position)
    {
        var result = new StringBuilder();
        while (position < pattern.Length && pattern[position] is not ('|' or ')'))
        {
            var atom = Atom(pattern, ref position);
            var (min, _) = Quantifier(pattern, ref position);
            for (var i = 0; i < min; i++)
            {
                result.Append(atom);
            }
        }

        return result.ToString();
    }

    private static string Atom(string pattern, ref int position)
    {
        var c = pattern[position++];
        switch (c)
        {
            case '(':
                if (position < pattern.Length && pattern[position] == '?')
                {
                    // (?:…), (?i)…: skip the group's options.
                    while (position < pattern.Length && pattern[position] is not (':' or ')'))
                    {
                        position++;
                    }

                    if (position < pattern.Length && pattern[position] == ':')
                    {
                        position++;
                    }
                }

                var inner = Alternatives(pattern, ref position);
                position++; // ')'
                return inner;
            case '[':
                return Class(pattern, ref position);
            case '.':
                return "a";
            case '$':
                return "";
            case '\\':
                var escaped = pattern[position++];
                return escaped switch
                {
                    'd' => "1",
                    'w' => "a",
                    's' => " ",
                    'D' or 'W' or 'S' => "-",
                    _ => escaped.ToString(),
                };
            default:
                return c.ToString();
        }
    }

    private static string Class(string pattern, ref int position)
    {
        var negated = position < pattern.Length && pattern[position] == '^';
        if (negated)
        {
            position++;
        }

        var members = new StringBuilder();
        var first = true;
        while (position < pattern.Length && (pattern[position] != ']' || first))
        {
            var c = pattern[position++];
            if (c == '\\')
            {
                c = pattern[position++] switch { 'd' => '1', 'w' => 'a', 's' => ' ', var other => other };
            }

            if (position + 1 < pattern.Length && pattern[position] == '-' && pattern[position + 1] != ']')
            {
                var end = pattern[position + 1];
                position += 2;
                for (var x = c; x <= end && members.Length < 256; x++)
                {
                    members.Append(x);
                }
            }
            else
            {
                members.Append(c);
            }

            first = false;
        }

        position++; // ']'
        if (!negated)
        {
            return members.Length > 0 ? members[0].ToString() : "";
        }

        var excluded = members.ToString();
        return "azAZ09-_".FirstOrDefault(candidate => !excluded.Contains(candidate)) is var pick and not '\0' ? pick.ToString() : "";
    }

    private static (int Min, int? Max) Quantifier(string pattern, ref int position)
    {
        if (position >= pattern.Length)
        {
            return (1, 1);
        }

        (int, int?) result;
        switch (pattern[position])
        {
            case '*': position++; result = (0, null); break;
            case '+': position++; result = (1, null); break;
            case '?': position++; result = (0, 1); break;
            case '{':
                var close = pattern.IndexOf('}', position);
                var body = pattern[(position + 1)..close];
                position = close + 1;
                var parts = body.Split(',');
                result = (int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), null);
                break;
            default:
                return (1, 1);
        }

        // A lazy or possessive marker changes nothing about the minimum.
        if (position < pattern.Length && pattern[position] is '?' or '+')
        {
            position++;
        }

        return result;
    }
}
