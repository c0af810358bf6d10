using System.Security.Cryptography;
using EslKit.Controller.Storage;

namespace EslKit.Controller.Tenants;

/// <summary>
/// For the embedded-defaults setup only (no database and no key configured): a key generated once and kept
/// beside the embedded cluster (<c>secrets.key</c>, mode 0600), so a local run encrypts at rest without setup.
/// A deployment configures <c>Secrets:Keys</c> instead.
/// </summary>
internal static class LocalSecretKey
{
    /// <summary>The key id it is configured under.</summary>
    public const string KeyId = "local";

    /// <summary>The base64 key stored in <paramref name="directory"/>, created on first use.</summary>
    public static Task<string> LoadOrCreateAsync(string directory, CancellationToken cancellationToken) =>
        LocalKeyFile.LoadOrCreateAsync(directory, "secrets.key", () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), cancellationToken);
}
