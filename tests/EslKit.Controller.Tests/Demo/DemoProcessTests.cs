using EslKit.Controller.Tests.Support;

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
        string data = TestFolders.Create("eslkit-demo");
        try
        {
            await using var demo = ControllerProcess.Start(["--demo"], new Dictionary<string, string> { ["ESLKIT_Storage__DataDirectory"] = data });
            await demo.WaitForExitAsync(TimeSpan.FromMinutes(5));

            string log = demo.Output;
            Assert.True(demo.ExitCode == 0, $"exit code {demo.ExitCode}:\n{log}");
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
            Assert.Empty(ControllerProcess.ProcessesUsing(data));
            Assert.True(File.Exists(Path.Combine(data, "pgdata", "PG_VERSION")));
            Assert.False(File.Exists(Path.Combine(data, "pgdata", "postmaster.pid")));
        }
        finally
        {
            // Only if the assertions above failed: what the demo left on the folder is ended, by its id.
            ControllerProcess.KillProcessesUsing(data);
            TestFolders.Delete(data);
        }
    }
}
