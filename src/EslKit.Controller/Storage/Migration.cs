namespace EslKit.Controller.Storage;

/// <summary>One numbered SQL migration (an embedded <c>Storage/Migrations/NNNN_name.sql</c>).</summary>
/// <param name="Version">Its number; migrations run in this order.</param>
/// <param name="Name">The rest of the file name.</param>
/// <param name="Sql">The script.</param>
/// <param name="Checksum">SHA-256 of the script, recorded when applied: an applied script must never change.</param>
internal sealed record Migration(int Version, string Name, string Sql, byte[] Checksum);
