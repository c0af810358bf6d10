namespace EslKit.Controller.WebConsole.Charts;

/// <summary>One series of a bar chart: a name for the legend, and a value per category.</summary>
/// <param name="Name">The legend's text.</param>
/// <param name="Values">One value per category, in the categories' order.</param>
internal sealed record ChartSeries(string Name, IReadOnlyList<double> Values);
