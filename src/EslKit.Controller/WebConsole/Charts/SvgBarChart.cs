using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace EslKit.Controller.WebConsole.Charts;

/// <summary>
/// Draws a <see cref="BarChart"/> as inline SVG on the server: no script, no library, no CDN. The SVG is an image
/// with a title and description (role="img"); colours come from the stylesheet's classes (s0–s5), so they follow
/// its contrast rules. Every text is HTML-encoded. The page shows the same figures in a table beside it.
/// </summary>
internal static class SvgBarChart
{
    private const int Width = 720;
    private const int Height = 280;
    private const int Left = 56;
    private const int Right = 12;
    private const int Top = 16;
    private const int Bottom = 48;

    /// <summary>The chart's SVG markup.</summary>
    public static string Render(BarChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        var html = HtmlEncoder.Default;
        var svg = new StringBuilder();
        string titleId = chart.Id + "-title";
        string descId = chart.Id + "-desc";
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-labelledby=\"{titleId} {descId}\" preserveAspectRatio=\"xMidYMid meet\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title id=\"{titleId}\">{html.Encode(chart.Title)}</title><desc id=\"{descId}\">{html.Encode(chart.Description)}</desc>");

        int count = chart.Categories.Count;
        double max = 0;
        for (int i = 0; i < count; i++)
        {
            double value = chart.Stacked ? chart.Series.Sum(s => Math.Max(0, s.Values[i])) : chart.Series.Max(s => s.Values[i]);
            max = Math.Max(max, value);
        }

        double top = NiceMax(max);
        double plotWidth = Width - Left - Right;
        double plotHeight = Height - Top - Bottom;

        // Grid lines and the y axis labels: 0, ¼, ½, ¾ and the top.
        for (int step = 0; step <= 4; step++)
        {
            double value = top * step / 4;
            double y = Top + plotHeight - (plotHeight * step / 4);
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"grid\" x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"axis\" x=\"{Left - 6}\" y=\"{y + 4:0.#}\" text-anchor=\"end\">{html.Encode(Format(value))}</text>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text class=\"axis\" x=\"4\" y=\"{Top - 4}\">{html.Encode(chart.Unit)}</text>");

        if (count > 0)
        {
            double band = plotWidth / count;
            double barGap = Math.Min(8, band * 0.2);
            int labelEvery = Math.Max(1, (int)Math.Ceiling(count / 12.0));
            for (int i = 0; i < count; i++)
            {
                double x = Left + (band * i) + (barGap / 2);
                double inner = band - barGap;
                double baseY = Top + plotHeight;
                for (int s = 0; s < chart.Series.Count; s++)
                {
                    double value = Math.Max(0, chart.Series[s].Values[i]);
                    double h = top == 0 ? 0 : plotHeight * value / top;
                    double barX = chart.Stacked ? x : x + (inner / chart.Series.Count * s);
                    double barW = chart.Stacked ? inner : inner / chart.Series.Count;
                    double barY = chart.Stacked ? baseY - h : Top + plotHeight - h;
                    if (h > 0)
                    {
                        svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"s{s % 6}\" x=\"{barX:0.##}\" y=\"{barY:0.##}\" width=\"{Math.Max(1, barW - 1):0.##}\" height=\"{h:0.##}\"><title>{html.Encode($"{chart.Categories[i]} — {chart.Series[s].Name}: {Format(value)} {chart.Unit}")}</title></rect>");
                    }

                    if (chart.Stacked)
                    {
                        baseY -= h;
                    }
                }

                if (i % labelEvery == 0)
                {
                    svg.Append(CultureInfo.InvariantCulture, $"<text class=\"axis\" x=\"{x + (inner / 2):0.#}\" y=\"{Height - Bottom + 16}\" text-anchor=\"middle\">{html.Encode(chart.Categories[i])}</text>");
                }
            }
        }

        // The legend, under the axis labels.
        double legendX = Left;
        for (int s = 0; s < chart.Series.Count; s++)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"s{s % 6}\" x=\"{legendX:0.#}\" y=\"{Height - 18}\" width=\"12\" height=\"12\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"legend\" x=\"{legendX + 16:0.#}\" y=\"{Height - 8}\">{html.Encode(chart.Series[s].Name)}</text>");
            legendX += 28 + (chart.Series[s].Name.Length * 7);
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>A value as the chart writes it: whole numbers plain, others with up to two decimals.</summary>
    public static string Format(double value) =>
        value.ToString(Math.Abs(value - Math.Round(value)) < 1e-9 ? "0" : "0.##", CultureInfo.InvariantCulture);

    // The axis top: 1, 2 or 5 times a power of ten at or above the largest value (1 when there is none).
    private static double NiceMax(double max)
    {
        if (max <= 0)
        {
            return 1;
        }

        double power = Math.Pow(10, Math.Floor(Math.Log10(max)));
        foreach (double factor in new[] { 1.0, 2.0, 5.0, 10.0 })
        {
            if (factor * power >= max)
            {
                return factor * power;
            }
        }

        return 10 * power;
    }
}
