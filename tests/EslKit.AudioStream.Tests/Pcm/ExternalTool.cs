using System.Diagnostics;

namespace EslKit.AudioStream.Tests.Pcm;

/// <summary>Runs a real tool the tests compare against (sox, espeak-ng: Debian packages ./test.sh installs).</summary>
internal static class ExternalTool
{
    /// <summary>Runs <paramref name="file"/> with <paramref name="arguments"/>, feeding <paramref name="input"/>, and returns its standard output.</summary>
    public static async Task<byte[]> RunAsync(string file, IEnumerable<string> arguments, byte[]? input = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        Task<string> errors = process.StandardError.ReadToEndAsync();
        var output = new MemoryStream();
        Task copy = process.StandardOutput.BaseStream.CopyToAsync(output);
        if (input is not null)
        {
            await process.StandardInput.BaseStream.WriteAsync(input);
        }

        process.StandardInput.Close();
        await copy;
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{file} failed ({process.ExitCode}): {await errors}");
        return output.ToArray();
    }
}
