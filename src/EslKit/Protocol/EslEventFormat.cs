namespace EslKit;

/// <summary>The serialisation of an event, as chosen with <c>event plain|json|xml</c>.</summary>
public enum EslEventFormat
{
    /// <summary><c>text/event-plain</c>: URL-encoded <c>Name: value</c> lines.</summary>
    Plain = 0,

    /// <summary><c>text/event-json</c>: one JSON object.</summary>
    Json,

    /// <summary><c>text/event-xml</c>: an XML document.</summary>
    Xml,
}
