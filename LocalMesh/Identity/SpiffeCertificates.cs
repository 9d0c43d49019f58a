using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using AmbientVerify.Manifests.Topology;

namespace AmbientVerify.LocalMesh.Identity;

/// <summary>Reads the SPIFFE identity (URI SAN) out of a certificate.</summary>
public static class SpiffeCertificates
{
    private const string SubjectAlternativeNameOid = "2.5.29.17";

    // GeneralName ::= CHOICE { ... uniformResourceIdentifier [6] IA5String ... }
    private static readonly Asn1Tag UriTag = new(TagClass.ContextSpecific, 6);

    /// <summary>The first Istio SPIFFE id among the certificate's URI SANs; null when it carries none.</summary>
    public static SpiffeId? IdentityOf(X509Certificate? certificate)
    {
        if (certificate is null)
        {
            return null;
        }

        var certificate2 = certificate as X509Certificate2 ?? new X509Certificate2(certificate);
        foreach (var extension in certificate2.Extensions)
        {
            if (extension.Oid?.Value != SubjectAlternativeNameOid)
            {
                continue;
            }

            foreach (var uri in UrisOf(extension.RawData))
            {
                if (SpiffeId.TryParse(uri, out var id))
                {
                    return id;
                }
            }
        }

        return null;
    }

    // X509SubjectAlternativeNameExtension only enumerates DNS names and IP addresses: URIs are read by hand.
    private static IEnumerable<string> UrisOf(byte[] extensionValue)
    {
        var uris = new List<string>();
        try
        {
            var names = new AsnReader(extensionValue, AsnEncodingRules.DER).ReadSequence();
            while (names.HasData)
            {
                if (names.PeekTag() == UriTag)
                {
                    uris.Add(names.ReadCharacterString(UniversalTagNumber.IA5String, UriTag));
                }
                else
                {
                    names.ReadEncodedValue();
                }
            }
        }
        catch (AsnContentException)
        {
            // A malformed SAN carries no identity we could trust.
            return [];
        }

        return uris;
    }
}
