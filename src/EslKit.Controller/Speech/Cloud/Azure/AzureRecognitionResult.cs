using System.Text.Json;
using System.Text.Json.Serialization;

namespace EslKit.Controller.Speech.Cloud.Azure;

/// <summary>
/// The short-audio recognition response (<c>format=detailed</c>): <c>RecognitionStatus</c>, <c>DisplayText</c>
/// (simple format), <c>Offset</c>/<c>Duration</c> in 100-ns ticks, and <c>NBest</c> alternatives.
/// </summary>
internal sealed class AzureRecognitionResult
{
    [JsonPropertyName("RecognitionStatus")]
    public string? RecognitionStatus { get; set; }

    [JsonPropertyName("DisplayText")]
    public string? DisplayText { get; set; }

    [JsonPropertyName("Offset")]
    public JsonElement Offset { get; set; }

    [JsonPropertyName("Duration")]
    public JsonElement Duration { get; set; }

    [JsonPropertyName("NBest")]
    public List<Alternative>? NBest { get; set; }

    /// <summary>One recognition alternative.</summary>
    internal sealed class Alternative
    {
        [JsonPropertyName("Confidence")]
        public double Confidence { get; set; }

        [JsonPropertyName("Lexical")]
        public string? Lexical { get; set; }

        [JsonPropertyName("ITN")]
        public string? Itn { get; set; }

        [JsonPropertyName("Display")]
        public string? Display { get; set; }
    }
}
