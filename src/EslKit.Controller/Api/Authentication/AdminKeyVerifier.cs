using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace EslKit.Controller.Api.Authentication;

/// <summary>
/// Checks a presented key against the configured admin key: both are hashed with SHA-256 and compared in constant
/// time, so neither the key nor its length leaks through timing. Only the hash is kept in memory.
/// </summary>
internal sealed class AdminKeyVerifier
{
    private readonly byte[]? _expected;

    public AdminKeyVerifier(IOptions<ApiOptions> options)
    {
        var api = options.Value;
        _expected = !string.IsNullOrEmpty(api.AdminKey) ? Hash(api.AdminKey)
            : !string.IsNullOrEmpty(api.AdminKeySha256) ? Convert.FromHexString(api.AdminKeySha256)
            : null;
    }

    /// <summary>Whether an admin key is configured at all (without one the admin API refuses every request).</summary>
    public bool IsConfigured => _expected is not null;

    /// <summary>
    /// A value that changes when the admin key does, from which the key cannot be found (a hash of its hash): the
    /// console's sessions keep it and end when the key is changed. Null when no key is configured.
    /// </summary>
    public string? Fingerprint => _expected is null ? null : Convert.ToHexStringLower(SHA256.HashData(_expected))[..32];

    /// <summary>Whether <paramref name="presented"/> is the admin key.</summary>
    public bool Matches(string presented) =>
        _expected is not null && CryptographicOperations.FixedTimeEquals(_expected, Hash(presented));

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
