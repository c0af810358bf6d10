using System.Security.Cryptography;

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
    public static async Task<string> LoadOrCreateAsync(string directory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            string created = "esk_admin_" + System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
            string temporary = path + "." + Guid.NewGuid().ToString("N");
            await File.WriteAllTextAsync(temporary, created, cancellationToken).ConfigureAwait(false);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            try
            {
                File.Move(temporary, path, overwrite: false);
            }
            catch (IOException)
            {
                File.Delete(temporary); // another instance created it first: use theirs
            }
        }

        return (await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false)).Trim();
    }
}
