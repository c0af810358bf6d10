using System.Globalization;
using EslKit.Controller.Calls;
using EslKit.Controller.Campaigns.Dispatch;
using EslKit.Controller.Nodes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Spectre.Console;

namespace EslKit.Controller.Demo;

/// <summary>
/// Runs the demo once the controller has started (<c>./run.sh</c>): waits for the demo switch to be ready, empties
/// the demo database (embedded cluster only), seeds the trial and pro tenants and their campaigns
/// (<see cref="DemoScenario"/>), shows the live progress until both campaigns complete, prints the call-log summary
/// with cost and revenue, and stops the controller with exit code 0 (1 if anything failed). With <c>--serve</c> it
/// keeps the controller running and calls every <see cref="IServeAnnouncement"/>.
/// </summary>
internal sealed class DemoRunner(
    DemoOptions options,
    DemoSwitch? demoSwitch,
    bool resetDatabase,
    IServiceProvider services,
    NpgsqlDataSource dataSource,
    NodeRegistry nodes,
    DispatchSignal signal,
    ProgressReader progress,
    CallSummary summary,
    IEnumerable<IServeAnnouncement> announcements,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<DemoRunner> logger) : BackgroundService
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        bool interactive = !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
        var console = AnsiConsole.Console;
        if (Console.IsOutputRedirected)
        {
            console.Profile.Width = 320; // plain lines are not wrapped in logs
        }

        int exitCode;
        DemoRun? run = null;
        try
        {
            if (demoSwitch is null)
            {
                console.WriteLine("FreeSWITCH nodes are configured (Nodes): the demo campaign only dials the built-in emulator, so it does not run.");
                exitCode = 0;
            }
            else
            {
                run = await RunDemoAsync(console, interactive, stoppingToken).ConfigureAwait(false);
                exitCode = 0;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            Environment.ExitCode = 130;
            return;
        }
        catch (Exception ex)
        {
            DemoLog.Failed(logger, ex);
            console.WriteLine("The demo failed: " + ex.Message);
            exitCode = 1;
        }

        Environment.ExitCode = exitCode;
        if (!options.Serve || exitCode != 0)
        {
            lifetime.StopApplication();
            return;
        }

        foreach (var announcement in announcements)
        {
            await announcement.AnnounceAsync(run, Console.Out, stoppingToken).ConfigureAwait(false);
        }

        console.WriteLine("The controller keeps running (--serve). Ctrl+C stops it, and the embedded PostgreSQL it started.");
    }

    private async Task<DemoRun> RunDemoAsync(IAnsiConsole console, bool interactive, CancellationToken cancellationToken)
    {
        var node = nodes.Nodes[0];
        console.MarkupLine("[bold]EslKit call controller — demo[/]");
        console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Switch: the EslKit.Testing emulator on 127.0.0.1:{demoSwitch!.Emulator.Port} (node {node.Name}, {node.Options.CallsPerSecond} calls/s, sessions per second {demoSwitch.Emulator.SessionsPerSecond}). Database: {new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).Database}."));
        await WaitForNodeAsync(node, cancellationToken).ConfigureAwait(false);
        if (resetDatabase)
        {
            // The demo's own database in the embedded cluster: every run starts empty (a run killed midway leaves nothing behind).
            await using var reset = dataSource.CreateCommand("TRUNCATE users RESTART IDENTITY CASCADE");
            await reset.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        string suffix = resetDatabase ? "" : "-" + time.GetUtcNow().ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        var run = await DemoScenario.SeedAsync(services, suffix, cancellationToken).ConfigureAwait(false);
        signal.Wake();
        console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{run.Trial.Name} (trial, limit {run.Trial.ConcurrencyLimit}, via the shared gateway): {Describe(run.TrialImport)}"));
        console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{run.Pro.Name} (pro, limit {run.Pro.ConcurrencyLimit}, SIP account with a hostile password, primary proxy down → failover): {Describe(run.ProImport)}"));
        long started = time.GetTimestamp();
        var display = new ProgressDisplay(console, interactive, time);
        await display.RunAsync(ct => progress.ReadAsync(run, time.GetElapsedTime(started), ct), Timeout, cancellationToken).ConfigureAwait(false);

        var rows = await summary.ReadAsync([run.TrialCampaign.Id, run.ProCampaign.Id], cancellationToken).ConfigureAwait(false);
        console.Write(CallSummary.Render(rows, ascii: !interactive));
        console.WriteLine("Billing: billsec rounded up to the billing increment (60 s) at the tenant's price per minute; cost = trial telephony per increment + AI estimate per answered second. Throttled attempts cost nothing.");
        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Done in {time.GetElapsedTime(started).TotalSeconds:0.0} s."));
        return run;
    }

    private async Task WaitForNodeAsync(FreeSwitchNode node, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + TimeSpan.FromSeconds(60);
        while (!node.GatewayUsable)
        {
            if (time.GetUtcNow() > deadline)
            {
                throw new TimeoutException($"The demo switch did not become ready (node {node.Name}: connected {node.IsConnected}, gateway {node.Health.Gateway.State ?? "unknown"}).");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), time, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string Describe(Campaigns.ImportReport report)
    {
        string text = string.Create(CultureInfo.InvariantCulture, $"{report.Accepted} numbers imported, {report.DoNotCall} on the DNC list, {report.Duplicates} duplicates, {report.Rejected.Count} rejected");
        return report.Rejected.Count == 0
            ? text
            : text + " (" + string.Join("; ", report.Rejected.Select(r => string.Create(CultureInfo.InvariantCulture, $"line {r.Line}: {r.Reason}"))) + ")";
    }
}
