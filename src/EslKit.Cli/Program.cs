using EslKit.Cli.Commands;

namespace EslKit.Cli;

/// <summary>Entry point of the <c>eslkit</c> command-line tool.</summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            await Console.Out.WriteLineAsync(Usage.Text).ConfigureAwait(false);
            return args.Length == 0 ? ExitCodes.Usage : ExitCodes.Ok;
        }

        try
        {
            return args[0] switch
            {
                "decode" => await DecodeCommand.RunAsync(args[1..], Console.OpenStandardOutput(), Console.Error, cancel.Token).ConfigureAwait(false),
                "api" => await ApiCommand.RunAsync(false, args[1..], Console.Out, Console.Error, LiveOptions.PromptPassword, cancel.Token).ConfigureAwait(false),
                "bgapi" => await ApiCommand.RunAsync(true, args[1..], Console.Out, Console.Error, LiveOptions.PromptPassword, cancel.Token).ConfigureAwait(false),
                "events" => await EventsCommand.RunAsync(args[1..], Console.OpenStandardOutput(), Console.Error, LiveOptions.PromptPassword, cancel.Token).ConfigureAwait(false),
                "originate" => await OriginateCommand.RunAsync(args[1..], Console.OpenStandardInput, Console.OpenStandardOutput(), Console.Error, cancel.Token).ConfigureAwait(false),
                _ => await Usage.FailAsync($"unknown command '{args[0]}'").ConfigureAwait(false),
            };
        }
        catch (UsageException ex)
        {
            return await Usage.FailAsync(ex.Message).ConfigureAwait(false);
        }
        catch (Exception ex) when (Failures.IsReportable(ex))
        {
            // The commands report their own failures; this is the net under anything they let through.
            return await Failures.ReportAsync(ex, Console.Error).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            return ExitCodes.Cancelled;
        }
    }
}
