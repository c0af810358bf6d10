using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace EslKit.Controller.Storage;

/// <summary>The migrations embedded in this assembly, in version order.</summary>
internal static class MigrationCatalog
{
    private const string Prefix = "EslKit.Controller.Storage.Migrations.";

    private static readonly Lazy<IReadOnlyList<Migration>> All = new(Load);

    /// <summary>Every migration, by ascending version.</summary>
    public static IReadOnlyList<Migration> Migrations => All.Value;

    private static List<Migration> Load()
    {
        var assembly = typeof(MigrationCatalog).Assembly;
        var migrations = new List<Migration>();
        foreach (string resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal)))
        {
            string file = resource[Prefix.Length..^".sql".Length];
            int underscore = file.IndexOf('_', StringComparison.Ordinal);
            if (underscore <= 0 || !int.TryParse(file.AsSpan(0, underscore), NumberStyles.None, CultureInfo.InvariantCulture, out int version))
            {
                throw new InvalidOperationException($"Migration resource '{resource}' is not named NNNN_name.sql.");
            }

            string sql = Read(assembly, resource);
            migrations.Add(new Migration(version, file[(underscore + 1)..], sql, SHA256.HashData(Encoding.UTF8.GetBytes(sql))));
        }

        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (int i = 1; i < migrations.Count; i++)
        {
            if (migrations[i].Version == migrations[i - 1].Version)
            {
                throw new InvalidOperationException($"Two migrations have version {migrations[i].Version}.");
            }
        }

        return migrations;
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        // Line endings must not change the checksum between checkouts.
        return reader.ReadToEnd().ReplaceLineEndings("\n");
    }
}
