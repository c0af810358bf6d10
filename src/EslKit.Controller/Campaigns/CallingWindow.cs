namespace EslKit.Controller.Campaigns;

/// <summary>
/// The local times of day a callee may be called, in the callee's own time zone: from <see cref="Start"/>
/// (inclusive) to <see cref="End"/> (exclusive); an end before the start spans midnight. Default 08:00–21:00.
/// The claim applies it in SQL (see <see cref="Dispatch.ItemClaimer"/>): a number with several zones (libphonenumber
/// gives every zone its prefix may be in) is called only when the window is open in all of them.
/// </summary>
/// <param name="Start">First allowed time of day.</param>
/// <param name="End">First time of day no longer allowed.</param>
internal sealed record CallingWindow(TimeOnly Start, TimeOnly End)
{
    /// <summary>How far ahead <see cref="EverOpenInAll"/> looks: a year, so every zone's daylight-saving rules are seen.</summary>
    public const int HorizonDays = 366;

    private const int SecondsPerDay = 86_400;

    /// <summary>08:00–21:00.</summary>
    public static CallingWindow Default { get; } = new(new TimeOnly(8, 0), new TimeOnly(21, 0));

    /// <summary>
    /// Whether the window is open in every one of <paramref name="zones"/> at one same instant on some day of the
    /// <see cref="HorizonDays"/> days from <paramref name="from"/>. False means the claim would never take the number:
    /// its zones lie so far apart that their windows never overlap (e.g. a Russian mobile, whose zones span UTC+2 to
    /// UTC+12, under a 09:00–17:00 window). With one zone (or none) a non-empty window is always open some time.
    /// </summary>
    /// <remarks>
    /// On each UTC day without a transition every zone's offset is fixed, so its window is one arc of the UTC day; the
    /// arcs are intersected exactly, to the second. Days with a transition are not looked at (their offsets hold for a
    /// few hours only, and the days around them show both regimes), so neither are the hours when some zones have
    /// changed offset and others not yet.
    /// </remarks>
    public bool EverOpenInAll(IReadOnlyList<TimeZoneInfo> zones, DateTimeOffset from)
    {
        ArgumentNullException.ThrowIfNull(zones);
        if (zones.Count <= 1)
        {
            return Start != End;
        }

        int start = (int)(Start.Ticks / TimeSpan.TicksPerSecond);
        int length = Modulo((int)(End.Ticks / TimeSpan.TicksPerSecond) - start);
        if (length == 0)
        {
            return false;
        }

        Span<int> offsets = zones.Count <= 64 ? stackalloc int[zones.Count] : new int[zones.Count];
        Span<int> previous = zones.Count <= 64 ? stackalloc int[zones.Count] : new int[zones.Count];
        var open = new List<(int From, int To)>(4);
        var next = new List<(int From, int To)>(4);
        var day = new DateTime(from.UtcDateTime.Date.Ticks, DateTimeKind.Utc);
        bool looked = false;
        for (int d = 0; d < HorizonDays; d++, day = day.AddDays(1))
        {
            bool steady = true;
            for (int z = 0; z < zones.Count; z++)
            {
                offsets[z] = (int)zones[z].GetUtcOffset(day).TotalSeconds;
                steady &= offsets[z] == (int)zones[z].GetUtcOffset(day.AddDays(1)).TotalSeconds;
            }

            if (!steady || (looked && offsets.SequenceEqual(previous)))
            {
                continue; // a day with a transition, or the same offsets as the last day looked at
            }

            offsets.CopyTo(previous);
            looked = true;
            open.Clear();
            open.Add((0, SecondsPerDay));
            for (int z = 0; z < zones.Count && open.Count > 0; z++)
            {
                // The zone's window as UTC seconds of the day: [start - offset, + length), wrapping at midnight.
                int arcStart = Modulo(start - offsets[z]);
                int arcEnd = arcStart + length;
                next.Clear();
                foreach (var (lo, hi) in open)
                {
                    Intersect(lo, hi, arcStart, Math.Min(arcEnd, SecondsPerDay), next);
                    if (arcEnd > SecondsPerDay)
                    {
                        Intersect(lo, hi, 0, arcEnd - SecondsPerDay, next);
                    }
                }

                (open, next) = (next, open);
            }

            if (open.Count > 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The zones among <paramref name="ids"/> this machine knows (IANA ids), as <see cref="TimeZoneInfo"/>.</summary>
    public static IReadOnlyList<TimeZoneInfo> FindZones(IEnumerable<string> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var zones = new List<TimeZoneInfo>();
        foreach (string id in ids)
        {
            if (TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone))
            {
                zones.Add(zone);
            }
        }

        return zones;
    }

    private static void Intersect(int lo, int hi, int from, int to, List<(int From, int To)> into)
    {
        int a = Math.Max(lo, from);
        int b = Math.Min(hi, to);
        if (a < b)
        {
            into.Add((a, b));
        }
    }

    private static int Modulo(int seconds) => ((seconds % SecondsPerDay) + SecondsPerDay) % SecondsPerDay;
}
