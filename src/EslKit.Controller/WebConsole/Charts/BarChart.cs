namespace EslKit.Controller.WebConsole.Charts;

/// <summary>What a bar chart shows: categories along the x axis and one or more series, stacked or side by side.</summary>
/// <param name="Id">A unique id on the page (for the SVG's title and description).</param>
/// <param name="Title">The chart's title.</param>
/// <param name="Description">What it shows, for screen readers.</param>
/// <param name="Categories">The x axis labels.</param>
/// <param name="Series">The series (at most six, coloured s0 to s5).</param>
/// <param name="Stacked">Stack the series (parts of a whole) instead of grouping them.</param>
/// <param name="Unit">The values' unit, shown on the y axis (e.g. <c>calls</c>, <c>%</c>, <c>s</c>, <c>ms</c>).</param>
internal sealed record BarChart(
    string Id,
    string Title,
    string Description,
    IReadOnlyList<string> Categories,
    IReadOnlyList<ChartSeries> Series,
    bool Stacked,
    string Unit)
{
    /// <summary>Whether any value is above zero.</summary>
    public bool HasData => Series.Any(s => s.Values.Any(v => v > 0));
}
