using System.Security.Cryptography;
using EslKit.Controller.Storage;

namespace EslKit.Controller.Api;

/// <summary>
/// For the embedded-defaults setup only (the embedded cluster and no admin key configured): an admin key generated
/// once and kept beside the embedded cluster (<c>admin.key</c>, mode 0600), so <c>./run.sh --serve</c> can print it.
/// A deployment configures <c>Api:AdminKey</c> or <c>Api:AdminKeySha256</c> instead.
/// </summary>
internal static class LocalAdminKey
{
    /// <summary>The file name inside the data directory.</summary>
    public const string FileName = "admin.key";

    /// <summary>The key stored in <paramref name="directory"/>, created on first use.</summary>
    public static Task<string> LoadOrCreateAsync(string directory, CancellationToken cancellationToken) =>
        LocalKeyFile.LoadOrCreateAsync(directory, FileName, () => "esk_admin_" + System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32)), cancellationToken);
}
