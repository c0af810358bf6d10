using System.Text;
using EslKit.Protocol;

namespace EslKit.Tests.Support;

/// <summary>
/// Checks that the lazy <see cref="EslEvent"/> answers every question exactly as the eager one did
/// (<see cref="EagerEslEvent"/>): the same error for bytes that are not an event, and otherwise the same name,
/// body, header list, string form, and the same answer from every lookup for every header name (in three
/// cases), names that must not be found, and names that could trip a byte search.
/// </summary>
internal static class EventEquivalence
{
    /// <summary>Names no lookup may get wrong: separators, structure, the body's own name, case, odd characters.</summary>
    public static readonly string[] TrickyNames =
    [
        "", " ", "\t", ":", "a:b", "\n", "\r", "x\r", "Event-Name\n", "Event-Name:", " Event-Name", "Event-Name ", "EVENT-NAME",
        "_body", "_BODY", "_Body", "Content-Length", "content-length", "Content-Type", ",", "}", "]", "{", "[", "\"", "\\",
        "\"Event-Name", "Event-Name\"", "\uFFFD", "x\uFFFD", "\uD800", "\uDC00x", "ARRAY::", "Unique-ID", "unique-id", "Job-UUID",
        "Application-UUID", "Event-Subclass", "Core-UUID", "variable_sip_auth_password", "Channel-Name", "variable_café",
        "VARIABLE_CAFé", "null", "true", "0", new string('a', 129), new string('A', 500), "Event-Name\u0000",
    ];

    /// <summary>Parses the bytes both ways and compares everything.</summary>
    public static void AssertSame(EslEventFormat format, byte[] body, IEnumerable<string>? moreNames = null)
    {
        EagerEslEvent? eager = null;
        EslProtocolException? eagerError = null;
        try
        {
            eager = EagerEslEvent.Parse(format, body);
        }
        catch (EslProtocolException ex)
        {
            eagerError = ex;
        }

        EslEvent? lazy = null;
        EslProtocolException? lazyError = null;
        try
        {
            lazy = EslEvent.Parse(format, body);
        }
        catch (EslProtocolException ex)
        {
            lazyError = ex;
        }

        if (eagerError is not null)
        {
            Same(eagerError.Error, lazyError?.Error, "error");
            Same(eagerError.Message, lazyError?.Message, "error message");
            return;
        }

        if (lazyError is not null)
        {
            Assert.Fail($"the lazy event refused what the eager one read: {lazyError.Message}");
        }

        AssertSame(lazy!, eager!, moreNames);
    }

    /// <summary>Compares a lazy event with the eager one: lookups before anything else is read, then all, then lookups again.</summary>
    public static void AssertSame(EslEvent lazy, EagerEslEvent eager, IEnumerable<string>? moreNames = null)
    {
        var names = NamesToLookUp(eager, moreNames);
        foreach (string name in names)
        {
            AssertLookupSame(lazy, eager, name);
        }

        AssertPropertiesSame(lazy, eager);
        foreach (string name in names)
        {
            AssertLookupSame(lazy, eager, name);
        }
    }

    public static void AssertPropertiesSame(EslEvent lazy, EagerEslEvent eager)
    {
        Same(eager.Format, lazy.Format, "Format");
        Same(eager.RawName, lazy.RawName, "RawName");
        Same(eager.Name, lazy.Name, "Name");
        Same(eager.Subclass, lazy.Subclass, "Subclass");
        Same(eager.UniqueId, lazy.UniqueId, "UniqueId");
        Same(eager.JobUuid, lazy.JobUuid, "JobUuid");
        Same(eager.ApplicationUuid, lazy.ApplicationUuid, "ApplicationUuid");
        Same(Convert.ToHexString(eager.Body.Span), Convert.ToHexString(lazy.Body.Span), "Body");
        Same(eager.BodyText, lazy.BodyText, "BodyText");
        Same(eager.ToString(), lazy.ToString(), "ToString()");
        Same(eager.Headers.Count, lazy.Headers.Count, "Headers.Count");
        for (int i = 0; i < eager.Headers.Count; i++)
        {
            Same(eager.Headers[i].Key, lazy.Headers[i].Key, $"Headers[{i}].Key");
            Same(eager.Headers[i].Value, lazy.Headers[i].Value, $"Headers[{i}].Value ({eager.Headers[i].Key})");
        }
    }

    public static void AssertLookupSame(EslEvent lazy, EagerEslEvent eager, string name)
    {
        bool eagerFound = eager.TryGetHeader(name, out string eagerValue);
        bool lazyFound = lazy.TryGetHeader(name, out string lazyValue);
        Same(eagerFound, lazyFound, $"TryGetHeader({Show(name)}) found");
        Same(eagerValue, lazyValue, $"TryGetHeader({Show(name)}) value");
        Same(eager[name], lazy[name], $"this[{Show(name)}]");
        Same(string.Join("\u0001", eager.GetArray(name)), string.Join("\u0001", lazy.GetArray(name)), $"GetArray({Show(name)})");
        Same(eager.GetGuid(name), lazy.GetGuid(name), $"GetGuid({Show(name)})");
    }

    /// <summary>Every header name in its own case, upper and lower case; the tricky names; header-like lines of the body.</summary>
    public static List<string> NamesToLookUp(EagerEslEvent eager, IEnumerable<string>? moreNames = null)
    {
        var names = new List<string>();
        foreach (var (name, _) in eager.Headers)
        {
            names.Add(name);
            names.Add(name.ToUpperInvariant());
            names.Add(name.ToLowerInvariant());
        }

        names.AddRange(TrickyNames);
        names.AddRange(HeaderLikeNames(eager.BodyText));
        names.AddRange(moreNames ?? []);
        return names.Distinct(StringComparer.Ordinal).ToList();
    }

    private static IEnumerable<string> HeaderLikeNames(string text) =>
        text.Split('\n', '{', ',')
            .Select(line => line.IndexOf(':', StringComparison.Ordinal) is int colon and > 0 ? line[..colon].Trim('"', ' ') : string.Empty)
            .Where(name => name.Length is > 0 and < 64)
            .Take(50);

    private static void Same<T>(T expected, T actual, string what)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
        {
            Assert.Fail($"{what}: eager {Show(expected)}, lazy {Show(actual)}");
        }
    }

    private static string Show<T>(T value) => value switch
    {
        null => "null",
        string s => "\"" + string.Concat(s.Take(120).Select(c => c < ' ' || char.IsSurrogate(c) ? $"\\u{(int)c:x4}" : c.ToString())) + (s.Length > 120 ? "…" : string.Empty) + "\"",
        _ => value.ToString() ?? string.Empty,
    };

    /// <summary>The bytes of an event in the given format (json with System.Text.Json's escaping or cJSON's raw UTF-8).</summary>
    public static byte[] Write(EslEventFormat format, IReadOnlyList<EventHeader> headers, string? body, bool relaxedJson = true) => format switch
    {
        EslEventFormat.Plain => EslWire.PlainEvent(headers, body is null ? null : Encoding.UTF8.GetBytes(body)),
        EslEventFormat.Json => EslWire.JsonEvent(headers, body, relaxedJson),
        _ => EslWire.XmlEvent(headers, body),
    };
}
