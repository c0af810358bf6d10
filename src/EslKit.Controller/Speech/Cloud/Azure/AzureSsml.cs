using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace EslKit.Controller.Speech.Cloud.Azure;

/// <summary>
/// Builds the SSML document Azure text-to-speech takes: <c>speak</c> (SSML 1.0, <c>xml:lang</c>) around one
/// <c>voice</c> holding the text. Written through the XML writer, so the text is escaped (<c>&amp;</c>, <c>&lt;</c>,
/// quotes) and cannot add elements; characters XML cannot hold (control characters) become spaces.
/// </summary>
internal static class AzureSsml
{
    private static readonly XNamespace Synthesis = "http://www.w3.org/2001/10/synthesis";

    public static string Build(string text, string voice, string language)
    {
        var document = new XElement(Synthesis + "speak",
            new XAttribute("version", "1.0"),
            new XAttribute(XNamespace.Xml + "lang", language),
            new XElement(Synthesis + "voice",
                new XAttribute(XNamespace.Xml + "lang", language),
                new XAttribute("name", voice),
                Clean(text)));
        return document.ToString(SaveOptions.DisableFormatting);
    }

    private static string Clean(string text)
    {
        var builder = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
            }
            else if (XmlConvert.IsXmlChar(c) && !char.IsControl(c))
            {
                builder.Append(c);
            }
            else
            {
                builder.Append(' ');
            }
        }

        return builder.ToString();
    }
}
