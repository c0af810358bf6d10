using System.Security.Cryptography;

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
    public static async Task<string> LoadOrCreateAsync(string directory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, "secrets.key");
        if (!File.Exists(path))
        {
            string created = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
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
