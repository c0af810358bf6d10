using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace EslKit.AudioStream;

/// <summary>
/// The metadata text frame mod_audio_stream sends on connecting: the last argument of
/// <c>uuid_audio_stream &lt;uuid&gt; start &lt;url&gt; &lt;mix&gt; &lt;rate&gt; &lt;metadata&gt;</c>, verbatim (the
/// controller sends <c>{"callId":"…","tenant":7}</c>). Usually the first message, but not always: see
/// <see cref="FramesBefore"/>.
/// </summary>
public sealed class AudioStreamMetadata
{
    private readonly JsonElement _json;

    internal AudioStreamMetadata(string text, long framesBefore)
    {
        Text = text;
        FramesBefore = framesBefore;
        try
        {
            using var document = JsonDocument.Parse(text);
            _json = document.RootElement.Clone();
            IsJson = true;
        }
        catch (JsonException)
        {
            // The module sends any UTF-8 text; only the application knows whether non-JSON is acceptable.
            IsJson = false;
        }
    }

    /// <summary>The text exactly as received.</summary>
    public string Text { get; }

    /// <summary>Whether <see cref="Text"/> is one JSON value.</summary>
    public bool IsJson { get; }

    /// <summary>The parsed JSON; <see cref="JsonValueKind.Undefined"/> when <see cref="IsJson"/> is false.</summary>
    public JsonElement Json => _json;

    /// <summary>How many audio frames arrived before the metadata (0 in most connections; the module sends its metadata from its connect callback while audio already flows).</summary>
    public long FramesBefore { get; }

    /// <summary>A top-level string (or number, as its JSON text) property of a JSON object, for example <c>callId</c>.</summary>
    /// <param name="name">The property name (case-sensitive).</param>
    /// <param name="value">The value when found.</param>
    /// <returns>Whether the metadata is a JSON object with that property as a string or a number.</returns>
    public bool TryGetString(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value)
    {
        value = null;
        if (!IsJson || _json.ValueKind != JsonValueKind.Object || !_json.TryGetProperty(name, out var property))
        {
            return false;
        }

        value = property.ValueKind switch
        {
            JsonValueKind.String => property.GetString(),
            JsonValueKind.Number => property.GetRawText(),
            _ => null,
        };
        return value is not null;
    }

    /// <summary>The metadata as <typeparamref name="T"/>, through source-generated (trimming- and AOT-safe) JSON metadata.</summary>
    /// <exception cref="InvalidOperationException">The metadata is not JSON.</exception>
    /// <exception cref="JsonException">It does not fit <typeparamref name="T"/>.</exception>
    public T? Deserialize<T>(JsonTypeInfo<T> typeInfo) =>
        IsJson ? _json.Deserialize(typeInfo) : throw new InvalidOperationException("The metadata is not JSON.");

    /// <summary>The text as received.</summary>
    public override string ToString() => Text;
}
