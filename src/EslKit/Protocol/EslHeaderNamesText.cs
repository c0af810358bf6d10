namespace EslKit.Protocol;

/// <summary>String forms of the header names the materialised types read.</summary>
internal static class EslHeaderNamesText
{
    public const string EventName = "Event-Name";
    public const string EventSubclass = "Event-Subclass";
    public const string UniqueId = "Unique-ID";
    public const string JobUuid = "Job-UUID";
    public const string ApplicationUuid = "Application-UUID";
}
