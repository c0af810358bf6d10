using System.Globalization;
using System.Text;
using EslKit.Controller.Campaigns;
using EslKit.Controller.Tenants;
using Spectre.Console;

namespace EslKit.Controller.Demo;

/// <summary>
/// The demo's live progress: on a terminal, a Spectre.Console live table refreshed four times a second (items by
/// state and disposition per campaign, active calls against the tenant's, the trunk's and the node's limits, calls
/// per second); when the output is not a terminal (CI, a pipe), one plain line whenever something changed.
/// </summary>
internal sealed class ProgressDisplay(IAnsiConsole console, bool interactive, TimeProvider time)
{
    private static readonly ItemState[] Columns =
        [ItemState.Pending, ItemState.Retry, ItemState.Dialing, ItemState.Answered, ItemState.Done, ItemState.Failed, ItemState.Skipped];

    /// <summary>Shows snapshots from <paramref name="read"/> until every campaign has finished; returns the last one.</summary>
    /// <exception cref="TimeoutException">They did not finish within <paramref name="timeout"/>.</exception>
    public async Task<ProgressSnapshot> RunAsync(Func<CancellationToken, Task<ProgressSnapshot>> read, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        using var limit = new CancellationTokenSource(timeout, time);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(limit.Token, cancellationToken);
        try
        {
            var snapshot = await read(stop.Token).ConfigureAwait(false);
            if (interactive)
            {
                await console.Live(Render(snapshot)).AutoClear(false).StartAsync(async context =>
                {
                    while (!snapshot.Finished)
                    {
                        await Task.Delay(TimeSpan.FromMilliseconds(250), time, stop.Token).ConfigureAwait(false);
                        snapshot = await read(stop.Token).ConfigureAwait(false);
                        context.UpdateTarget(Render(snapshot));
                        context.Refresh();
                    }
                }).ConfigureAwait(false);
            }
            else
            {
                string last = "";
                while (true)
                {
                    string line = Plain(snapshot);
                    if (line != last || snapshot.Finished)
                    {
                        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{snapshot.Elapsed.TotalSeconds,5:0.0}s] {line}"));
                        last = line;
                    }

                    if (snapshot.Finished)
                    {
                        break;
                    }

                    await Task.Delay(TimeSpan.FromMilliseconds(500), time, stop.Token).ConfigureAwait(false);
                    snapshot = await read(stop.Token).ConfigureAwait(false);
                }
            }

            return snapshot;
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(string.Create(CultureInfo.InvariantCulture, $"The demo campaigns did not finish within {timeout.TotalSeconds:0} s."));
        }
    }

    /// <summary>The one-line form (also the plain display's line).</summary>
    public static string Plain(ProgressSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var text = new StringBuilder();
        foreach (var line in snapshot.Campaigns)
        {
            text.Append(line.Tenant).Append(": ");
            text.AppendJoin(' ', Columns.Where(s => line.Progress.ByState[s] > 0).Select(s => $"{s.ToText()} {line.Progress.ByState[s]}"));
            if (line.Progress.ByDisposition.Count > 0)
            {
                text.Append(" (").Append(Dispositions(line.Progress)).Append(')');
            }

            text.Append(" | ");
        }

        text.Append(CultureInfo.InvariantCulture, $"active ");
        text.AppendJoin(", ", snapshot.Campaigns.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Tenant} {c.ActiveCalls}/{c.Limit}")));
        text.Append(CultureInfo.InvariantCulture, $", trunk {snapshot.TrunkActive}/{snapshot.TrunkLimit}, node {snapshot.NodeActive} | {snapshot.CallsPerSecond:0.0} calls/s (max {snapshot.NodeCallsPerSecond})");
        if (snapshot.Refusals > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $", {snapshot.Refusals} throttled");
        }

        return text.ToString();
    }

    private static string Dispositions(CampaignProgress progress) =>
        string.Join(", ", progress.ByDisposition.Select(d => string.Create(CultureInfo.InvariantCulture, $"{d.Key} {d.Value}")));

    private static Rows Render(ProgressSnapshot snapshot)
    {
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("tenant");
        foreach (var state in Columns)
        {
            table.AddColumn(new TableColumn(state.ToText()).RightAligned());
        }

        table.AddColumn(new TableColumn("calls").RightAligned());
        foreach (var line in snapshot.Campaigns)
        {
            var cells = new List<string> { Markup.Escape($"{line.Tenant} ({line.AccountType.ToText()})") };
            cells.AddRange(Columns.Select(s => line.Progress.ByState[s] == 0 ? "[grey]0[/]" : line.Progress.ByState[s].ToString(CultureInfo.InvariantCulture)));
            cells.Add(string.Create(CultureInfo.InvariantCulture, $"{line.ActiveCalls}/{line.Limit}"));
            table.AddRow(cells.ToArray());
        }

        var rows = new List<Spectre.Console.Rendering.IRenderable> { table };
        rows.AddRange(snapshot.Campaigns
            .Where(line => line.Progress.ByDisposition.Count > 0)
            .Select(line => new Markup(Markup.Escape($"{line.Tenant}: {Dispositions(line.Progress)}"))));
        rows.Add(new Markup(Markup.Escape(string.Create(
            CultureInfo.InvariantCulture,
            $"trunk {snapshot.Trunk} {snapshot.TrunkActive}/{snapshot.TrunkLimit} · node {snapshot.Node} {snapshot.NodeActive} calls · {snapshot.CallsPerSecond:0.0} calls/s (max {snapshot.NodeCallsPerSecond}) · throttled {snapshot.Refusals} · {snapshot.Elapsed.TotalSeconds:0.0} s"))));
        return new Rows(rows);
    }
}
