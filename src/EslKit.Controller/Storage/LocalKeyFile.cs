namespace EslKit.Controller.Storage;

/// <summary>
/// A key the embedded-defaults setup generates once and keeps beside the embedded cluster (mode 0600): created
/// through a temporary file and a move that never overwrites, so two instances starting together agree on one.
/// </summary>
internal static class LocalKeyFile
{
    /// <summary>The key in <paramref name="directory"/>/<paramref name="fileName"/>, made by <paramref name="create"/> on first use.</summary>
    public static async Task<string> LoadOrCreateAsync(string directory, string fileName, Func<string> create, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, fileName);
        if (!File.Exists(path))
        {
            string temporary = path + "." + Guid.NewGuid().ToString("N");
            await File.WriteAllTextAsync(temporary, create(), cancellationToken).ConfigureAwait(false);
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
