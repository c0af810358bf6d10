using nietras.SeparatedValues;

namespace EslKit.Controller.Campaigns;

/// <summary>
/// Reads uploaded numbers: a JSON list (already deserialised; the line is the 1-based position) or a CSV file
/// read with Sep. A CSV may have a header: a column named number, phone, phone_number or msisdn is used, or
/// else the first; a first row whose first field has no digit is taken as a header.
/// </summary>
internal static class NumberListReader
{
    private static readonly string[] NumberColumns = ["number", "phone", "phone_number", "msisdn"];

    /// <summary>The entries of a JSON list, numbered from 1.</summary>
    public static IEnumerable<NumberLine> FromList(IEnumerable<string?> numbers)
    {
        ArgumentNullException.ThrowIfNull(numbers);
        int line = 0;
        foreach (string? number in numbers)
        {
            yield return new NumberLine(++line, number ?? "");
        }
    }

    /// <summary>The numbers of a CSV text, with their line numbers.</summary>
    /// <exception cref="InputRejectedException">The CSV cannot be read (e.g. an unterminated quote).</exception>
    public static List<NumberLine> FromCsv(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = new List<NumberLine>();
        if (text.Length == 0)
        {
            return lines;
        }

        try
        {
            using var reader = Sep.Reader(o => o with { HasHeader = false, DisableColCountCheck = true, Trim = SepTrim.All, Unescape = true }).FromText(text);
            int column = 0;
            bool first = true;
            foreach (var row in reader)
            {
                if (first)
                {
                    first = false;
                    int named = -1;
                    for (int i = 0; i < row.ColCount && named < 0; i++)
                    {
                        if (NumberColumns.Contains(row[i].ToString().Trim().ToLowerInvariant()))
                        {
                            named = i;
                        }
                    }

                    if (named >= 0)
                    {
                        column = named;
                        continue;
                    }

                    if (!row[0].Span.ContainsAnyInRange('0', '9'))
                    {
                        continue;
                    }
                }

                string value = column < row.ColCount ? row[column].ToString() : "";
                if (row.ColCount == 1 && value.Length == 0)
                {
                    continue; // a blank line
                }

                // Sep 0.18 reports the first row of a header-less read as line 2; it does start on line 1.
                lines.Add(new NumberLine(row.RowIndex == 0 ? 1 : row.LineNumberFrom, value));
            }
        }
        catch (InvalidDataException)
        {
            throw new InputRejectedException("file", InputError.InvalidFormat, "not a readable CSV file");
        }

        return lines;
    }
}
