namespace EslKit.Protocol;

/// <summary>How a header value found in an event's bytes is written there.</summary>
internal enum EslValueEncoding : byte
{
    /// <summary>A plain value: URL-encoded.</summary>
    Url,

    /// <summary>The content of a JSON string: JSON-escaped.</summary>
    JsonString,

    /// <summary>A JSON number, <c>true</c> or <c>false</c>: its text as it is.</summary>
    JsonToken,

    /// <summary>JSON <c>null</c>: an empty value.</summary>
    JsonNull,

    /// <summary>A JSON array of scalars, brackets included: FreeSWITCH's <c>ARRAY::a|:b</c>.</summary>
    JsonArray,
}
