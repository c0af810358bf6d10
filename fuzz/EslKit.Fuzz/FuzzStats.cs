using System.Globalization;
using System.Text;

namespace EslKit.Fuzz;

/// <summary>What the executions produced, for the progress lines and the summary.</summary>
internal sealed class FuzzStats
{
    private readonly Dictionary<string, long> _outcomes = new(StringComparer.Ordinal);

    public long Execs { get; set; }

    public long InputBytes { get; set; }

    public long Frames { get; set; }

    public long Events { get; set; }

    public long MalformedEvents { get; set; }

    public void Record(ParseOutcome outcome)
    {
        string key = outcome.Error?.Error.ToString() ?? (outcome.Frames.Count == 0 ? "empty" : "clean");
        _outcomes[key] = _outcomes.GetValueOrDefault(key) + 1;
    }

    public string Outcomes()
    {
        var text = new StringBuilder();
        foreach (var (key, count) in _outcomes.OrderByDescending(kv => kv.Value))
        {
            text.Append(text.Length == 0 ? string.Empty : ", ").Append(key).Append(' ')
                .Append((100.0 * count / Math.Max(1, Execs)).ToString("0.#", CultureInfo.InvariantCulture)).Append('%');
        }

        return text.ToString();
    }
}
