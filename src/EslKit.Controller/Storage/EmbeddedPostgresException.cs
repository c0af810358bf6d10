namespace EslKit.Controller.Storage;

/// <summary>The embedded PostgreSQL cluster could not be created, started or stopped.</summary>
internal sealed class EmbeddedPostgresException(string message, Exception? inner = null) : Exception(message, inner);
