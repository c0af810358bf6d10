using System.Text.Json;
using System.Text.Json.Serialization;

namespace EslKit.Controller.Calls;

/// <summary>The journal's line format (JSON, source-generated).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = false)]
[JsonSerializable(typeof(JournalEntry))]
internal sealed partial class JournalJsonContext : JsonSerializerContext;
