namespace EslKit.AudioStream.Tests.Infrastructure;

/// <summary>Waits for conditions instead of sleeping: generous limits for a loaded 2-core machine.</summary>
internal static class Wait
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    public static async Task UntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Limit;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for {what}.");
            }

            await Task.Delay(10);
        }
    }

    public static Task<T> For<T>(Task<T> task) => task.WaitAsync(Limit);

    public static Task For(Task task) => task.WaitAsync(Limit);
}
