using System.Diagnostics;
using System.Text;
using EslKit.Controller.Tests.Support;
using EslKit.Shared;

namespace EslKit.Controller.Tests.Demo;

/// <summary>
/// <c>./run.sh</c>'s demo, as the built controller runs it (<c>EslKit.Controller --demo</c>) in a process of its
/// own on a fresh data folder: it creates and starts its embedded PostgreSQL, dials its emulator, prints the
/// progress and the call-log summary, exits 0 by itself, and leaves no process behind.
/// </summary>
public sealed class DemoProcessTests
{
    [Fact]
    public async Task The_demo_finishes_by_itself_exits_0_and_leaves_no_process_behind()
    {
        string configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
        string output = Path.Combine(RepositoryPaths.Root(), "src", "EslKit.Controller", "bin", configuration, "net10.0");
        string data = TestFolders.Create("eslkit-demo");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = output,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(Path.Combine(output, "EslKit.Controller.dll"));
        start.ArgumentList.Add("--demo");
        start.Environment["ESLKIT_Storage__DataDirectory"] = data;
        var text = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(text, e.Data);
        process.ErrorDataReceived += (_, e) => Append(text, e.Data);
        try
        {
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail("The demo did not exit within 5 minutes:\n" + Snapshot(text));
            }

            string log = Snapshot(text);
            Assert.True(process.ExitCode == 0, $"exit code {process.ExitCode}:\n{log}");
            Assert.Contains("call-log summary", log, StringComparison.Ordinal);
            Assert.Contains("+60 12-300 0001", log, StringComparison.Ordinal);
            Assert.Contains("skipped: dnc", log, StringComparison.Ordinal);
            Assert.Contains("failed: call_rejected", log, StringComparison.Ordinal);
            Assert.Contains("line 9: not a valid number", log, StringComparison.Ordinal);
            Assert.Contains("pro 601548732123@127.0.0.1:5091 | 127.0.0.1:5090", log, StringComparison.Ordinal);
            Assert.Contains("| total", log, StringComparison.Ordinal);
            Assert.DoesNotContain("p,a}s{s", log, StringComparison.Ordinal);
            Assert.DoesNotContain("p\\,a}s{s", log, StringComparison.Ordinal);

            // Nothing left running on the data folder: the embedded PostgreSQL was stopped.
            Assert.Empty(ProcessesUsing(data));
            Assert.True(File.Exists(Path.Combine(data, "pgdata", "PG_VERSION")));
            Assert.False(File.Exists(Path.Combine(data, "pgdata", "postmaster.pid")));
        }
        finally
        {
            // Only if the assertions above failed: what the demo left on the folder is ended, by its id.
            foreach (int pid in ProcessesUsing(data))
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

            TestFolders.Delete(data);
        }
    }

    private static void Append(StringBuilder text, string? line)
    {
        if (line is not null)
        {
            lock (text)
            {
                text.AppendLine(line);
            }
        }
    }

    private static string Snapshot(StringBuilder text)
    {
        lock (text)
        {
            return text.ToString();
        }
    }

    // Processes whose command line names the folder (postgres -D <folder>/pgdata, its children).
    private static List<int> ProcessesUsing(string folder)
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
                string commandLine = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (commandLine.Contains(folder, StringComparison.Ordinal))
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
}
