using System.Net.Sockets;
using Npgsql;

namespace EslKit.Controller.Storage;

/// <summary>Tells "the database is away" (worth journalling and retrying) from "the database said no" (a bug or bad data).</summary>
internal static class DatabaseErrors
{
    /// <summary>
    /// True for a connection that could not be opened or was lost, a timeout, or PostgreSQL refusing work for now:
    /// SQLSTATE classes 08 (connection), 53 (resources), 57P (shutting down, starting up).
    /// </summary>
    public static bool IsUnavailable(Exception exception) => exception switch
    {
        PostgresException postgres => postgres.SqlState.StartsWith("08", StringComparison.Ordinal)
            || postgres.SqlState.StartsWith("53", StringComparison.Ordinal)
            || postgres.SqlState.StartsWith("57P", StringComparison.Ordinal),
        NpgsqlException => true,
        TimeoutException or SocketException or IOException => true,
        _ => false,
    };
}
