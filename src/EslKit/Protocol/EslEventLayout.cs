namespace EslKit.Protocol;

/// <summary>How an <see cref="EslEvent"/> reads its headers.</summary>
internal enum EslEventLayout : byte
{
    /// <summary>A plain event: lookups search the bytes, values are decoded when read.</summary>
    Plain,

    /// <summary>A json event of the flat shape FreeSWITCH writes: lookups search the bytes, values are decoded when read.</summary>
    Json,

    /// <summary>A json event of another shape (nesting, comments, escaped names…): decoded whole when parsed.</summary>
    JsonDecoded,

    /// <summary>An xml event (validated when parsed): decoded whole on first access, as repeated elements make one array header.</summary>
    Xml,
}
