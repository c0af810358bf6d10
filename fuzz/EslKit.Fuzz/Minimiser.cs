using System.Diagnostics;

namespace EslKit.Fuzz;

/// <summary>
/// Shrinks a failing input by deleting chunks (halving the chunk size when nothing more can go) while it keeps
/// failing the same way. Simple delta debugging, bounded in time.
/// </summary>
internal static class Minimiser
{
    public static byte[] Minimise(byte[] input, Func<byte[], bool> stillFails, TimeSpan budget)
    {
        var clock = Stopwatch.StartNew();
        byte[] current = input;
        int chunk = Math.Max(1, current.Length / 2);
        while (clock.Elapsed < budget)
        {
            bool removed = false;
            for (int start = 0; start < current.Length && clock.Elapsed < budget;)
            {
                int length = Math.Min(chunk, current.Length - start);
                byte[] candidate = [.. current.AsSpan(0, start), .. current.AsSpan(start + length)];
                if (stillFails(candidate))
                {
                    current = candidate;
                    removed = true;
                }
                else
                {
                    start += chunk;
                }
            }

            if (!removed)
            {
                if (chunk == 1)
                {
                    break;
                }

                chunk = Math.Max(1, chunk / 2);
            }
        }

        return current;
    }
}
