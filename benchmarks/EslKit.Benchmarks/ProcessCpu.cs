using System.Globalization;

namespace EslKit.Benchmarks;

/// <summary>
/// CPU time (user + system) of processes from /proc, to say where a load run's CPU went: the controller instances,
/// the load process (the emulated nodes), PostgreSQL (the postmaster, its live backends and those it has reaped).
/// </summary>
internal static class ProcessCpu
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    /// <summary>Seconds of CPU used by a process (and, with <paramref name="withReapedChildren"/>, its ended children).</summary>
    public static double Seconds(int pid, bool withReapedChildren = false)
    {
        var fields = StatFields(pid);
        if (fields is null)
        {
            return 0;
        }

        // After "(comm)": state is field 3; utime 14, stime 15, cutime 16, cstime 17 (1-based, proc(5)).
        double ticks = Field(fields, 14) + Field(fields, 15);
        if (withReapedChildren)
        {
            ticks += Field(fields, 16) + Field(fields, 17);
        }

        return ticks / TicksPerSecond;
    }

    /// <summary>Seconds of CPU of a process tree: the root with its reaped children, and every live descendant.</summary>
    public static double TreeSeconds(int root)
    {
        var parents = new Dictionary<int, int>();
        foreach (string dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out int pid) && StatFields(pid) is { } fields)
            {
                parents[pid] = (int)Field(fields, 4);
            }
        }

        double total = Seconds(root, withReapedChildren: true);
        foreach (var (pid, _) in parents)
        {
            if (pid != root && Descends(pid, root, parents))
            {
                total += Seconds(pid);
            }
        }

        return total;
    }

    /// <summary>The postmaster's pid, from postmaster.pid in the data directory.</summary>
    public static int PostmasterPid(string dataDirectory) =>
        int.Parse(File.ReadLines(Path.Combine(dataDirectory, "postmaster.pid")).First(), CultureInfo.InvariantCulture);

    /// <summary>Busy seconds of the whole machine (all cores) from /proc/stat.</summary>
    public static double MachineBusySeconds()
    {
        string[] cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        double busy = 0;
        for (int i = 1; i < cpu.Length; i++)
        {
            if (i is 4 or 5)
            {
                continue; // idle, iowait
            }

            if (i > 8)
            {
                break; // guest time is already in user
            }

            busy += double.Parse(cpu[i], CultureInfo.InvariantCulture);
        }

        return busy / TicksPerSecond;
    }

    private static bool Descends(int pid, int root, Dictionary<int, int> parents)
    {
        for (int depth = 0; depth < 16 && parents.TryGetValue(pid, out int parent); depth++)
        {
            if (parent == root)
            {
                return true;
            }

            pid = parent;
        }

        return false;
    }

    private static string[]? StatFields(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            int close = stat.LastIndexOf(')');

            // Fields from 3 on; index 0 here is field 3.
            return stat[(close + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null; // the process ended
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static double Field(string[] fromThird, int field) => double.Parse(fromThird[field - 3], CultureInfo.InvariantCulture);
}
