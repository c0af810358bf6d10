namespace EslKit.Controller.Storage;

/// <summary>Where the controller's PostgreSQL is (configuration section <c>Storage</c>).</summary>
internal sealed class StorageOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Storage";

    /// <summary>
    /// An Npgsql connection string. When empty, the controller starts (or reuses) a private cluster under
    /// <see cref="DataDirectory"/>.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>The embedded cluster's folder (relative to the working directory).</summary>
    public string DataDirectory { get; set; } = ".data";

    /// <summary>Where initdb and pg_ctl are; when empty, the newest /usr/lib/postgresql/&lt;version&gt;/bin.</summary>
    public string? PostgresBinDirectory { get; set; }

    /// <summary>The embedded cluster's database.</summary>
    public string DatabaseName { get; set; } = "eslkit";
}
