using System.Diagnostics;

namespace EslKit.Benchmarks;

/// <summary>Starts <see cref="EmulatorProcess"/> as a child process and talks to it.</summary>
internal sealed class EmulatorProcessClient : IAsyncDisposable
{
    private readonly Process _process;

    public EmulatorProcessClient(int serverPort)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(EmulatorProcess).Assembly.Location);
        start.ArgumentList.Add("emulate");
        start.ArgumentList.Add("--port");
        start.ArgumentList.Add(serverPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        _process = Process.Start(start) ?? throw new InvalidOperationException("Cannot start the emulator process.");
    }

    /// <summary>Sends a command and waits for the expected answer.</summary>
    public async Task CommandAsync(string command, string expected)
    {
        await _process.StandardInput.WriteLineAsync(command);
        await _process.StandardInput.FlushAsync();
        string? answer = await _process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(5));
        if (answer != expected)
        {
            throw new InvalidOperationException($"The emulator process answered '{answer}' to '{command}'.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _process.StandardInput.WriteLineAsync("exit");
            await _process.StandardInput.FlushAsync();
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception ex) when (ex is IOException or TimeoutException)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
