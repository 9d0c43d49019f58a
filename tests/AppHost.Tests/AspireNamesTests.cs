using Aspire.Hosting;

namespace AmbientVerify.AppHost.Tests;

/// <summary>The names derived for Aspire: valid by its rules (checked by Aspire itself), readable, unique in their scope.</summary>
public sealed class AspireNamesTests
{
    private static readonly string Long63 = new('a', 63);

    [Theory]
    [InlineData("customer-service", "customer-service")]             // a Kubernetes name Aspire accepts is kept
    [InlineData("team-a-tls-backend", "team-a-tls-backend")]
    [InlineData("9lives", "svc-9lives")]                             // must start with a letter
    [InlineData("a--b", "a-b")]                                      // no doubled hyphen
    [InlineData("tls.backend", "tls-backend")]                       // no dots
    [InlineData("Tls_Backend", "tls-backend")]                       // no underscores; lower case
    [InlineData("backend-", "backend")]                              // no trailing hyphen
    [InlineData("--", "svc")]                                        // nothing left
    public void A_readable_name_is_made_valid(string readable, string expected)
    {
        Assert.Equal(expected, new AspireNames().For(readable, readable));
    }

    [Fact]
    public void A_name_over_64_characters_is_cut_and_given_a_hash_of_what_it_stands_for()
    {
        var names = new AspireNames();

        var name = names.For($"{Long63}/{Long63}", $"{Long63}-{Long63}");

        Assert.Equal(AspireNames.MaxLength, name.Length);
        Assert.Matches("^a{55}-[0-9a-f]{8}$", name);
    }

    [Fact]
    public void Two_long_names_that_agree_up_to_the_cut_stay_apart()
    {
        var names = new AspireNames();

        var first = names.For("team-a/" + Long63, "team-a-" + Long63 + "-x");
        var second = names.For("team-a/" + Long63 + "y", "team-a-" + Long63 + "-y");

        Assert.NotEqual(first, second);
        Assert.Equal(first[..55], second[..55]);
    }

    [Theory]
    [InlineData("localmesh")]
    [InlineData("LocalMesh")]                                        // Aspire compares names case-insensitively
    public void A_name_that_is_reserved_gets_a_hash(string readable)
    {
        var names = new AspireNames("localmesh", "probes");

        var name = names.For("ecommerce/localmesh", readable);

        Assert.Matches("^localmesh-[0-9a-f]{8}$", name);
    }

    [Fact]
    public void Two_identities_with_the_same_readable_form_get_two_names_and_each_keeps_its_own()
    {
        var names = new AspireNames();

        var dotted = names.For("ecommerce/tls.backend", "tls.backend");
        var hyphenated = names.For("ecommerce/tls-backend", "tls-backend");

        Assert.Equal("tls-backend", dotted);
        Assert.Matches("^tls-backend-[0-9a-f]{8}$", hyphenated);
        Assert.Equal(dotted, names.For("ecommerce/tls.backend", "tls.backend"));
    }

    [Theory]
    [InlineData("9lives")]
    [InlineData("tls.backend")]
    [InlineData("a--b--")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public void Aspire_itself_accepts_every_derived_name(string readable)
    {
        var builder = DistributedApplication.CreateBuilder();

        var name = new AspireNames().For(readable, readable);

        // AddExecutable validates the name with Aspire's own rules (ModelName.ValidateName) and throws if it breaks one.
        builder.AddExecutable(name, "true", ".").WithHttpEndpoint(name: name);
        Assert.Single(builder.Resources, r => r.Name == name);
    }
}
