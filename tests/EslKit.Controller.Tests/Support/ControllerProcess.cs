using System.Diagnostics;
using System.Globalization;
using System.Text;
using EslKit.Shared;

namespace EslKit.Controller.Tests.Support;

/// <summary>
/// The built controller (<c>dotnet EslKit.Controller.dll</c>) in a process of its own, configured by command-line
/// arguments (<c>--Key=Value</c>, or <c>./run.sh</c>'s own such as <c>--demo</c>) and environment variables, its output
/// kept for assertions and failure messages. <see cref="Kill"/> is a SIGKILL, <see cref="TerminateAsync"/> a SIGTERM.
/// </summary>
internal sealed class ControllerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ControllerProcess(Process process) => _process = process;

    /// <summary>The process id.</summary>
    public int Id => _process.Id;

    /// <summary>Whether it has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Everything it wrote so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>The exit code, once it has exited.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Starts it configured by <c>--Key=Value</c> arguments.</summary>
    public static ControllerProcess Start(IReadOnlyDictionary<string, string> settings) =>
        Start(settings.Select(s => string.Create(CultureInfo.InvariantCulture, $"--{s.Key}={s.Value}")));

    /// <summary>Starts it with these arguments and, optionally, environment variables.</summary>
    public static ControllerProcess Start(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        string configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
        string output = Path.Combine(RepositoryPaths.Root(), "src", "EslKit.Controller", "bin", configuration, "net10.0");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = output,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(Path.Combine(output, "EslKit.Controller.dll"));
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start };
        var controller = new ControllerProcess(process);
        process.OutputDataReceived += (_, e) => controller.Append(e.Data);
        process.ErrorDataReceived += (_, e) => controller.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return controller;
    }

    /// <summary>SIGKILL: no shutdown, no drain, nothing written on the way out.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }
    }

    /// <summary>SIGTERM (what a service manager sends), then waits for the exit.</summary>
    public async Task TerminateAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await WaitForExitAsync(timeout);
    }

    /// <summary>Waits for it to exit by itself; fails the test with its output past <paramref name="timeout"/>.</summary>
    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            Assert.Fail($"The controller did not exit within {timeout}:\n{Output}");
        }
    }

    /// <summary>Waits until its output contains <paramref name="text"/>; fails the test if it exits first or past <paramref name="timeout"/>.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            Assert.False(_process.HasExited, $"The controller exited before writing '{text}':\n{Output}");
            Assert.True(DateTime.UtcNow < deadline, $"No '{text}' within {timeout}:\n{Output}");
            await Task.Delay(200);
        }
    }

    /// <summary>The processes whose command line names <paramref name="folder"/> (the embedded PostgreSQL on a data folder, its children).</summary>
    public static List<int> ProcessesUsing(string folder)
    {
        var found = new List<int>();
        foreach (string dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid))
            {
                continue;
            }

            try
            {
                if (File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ').Contains(folder, StringComparison.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
                // The process ended meanwhile.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return found;
    }

    /// <summary>Ends, by their ids, whatever a failed run left running on <paramref name="folder"/>.</summary>
    public static void KillProcessesUsing(string folder)
    {
        foreach (int pid in ProcessesUsing(folder))
        {
            try
            {
                using var left = Process.GetProcessById(pid);
                left.Kill();
            }
            catch (ArgumentException)
            {
                // Already gone.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // Reported by the test that owns it; nothing more to do here.
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
