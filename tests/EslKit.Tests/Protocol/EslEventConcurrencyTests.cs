using EslKit.Tests.Support;

namespace EslKit.Tests.Protocol;

/// <summary>
/// One event is handed to every subscription that wants it, each reading on its own thread: readers racing on a
/// fresh event (whose values are decoded and cached as they are first read) all see what the eager event had.
/// </summary>
public sealed class EslEventConcurrencyTests
{
    private const int Readers = 6;

    [Theory]
    [InlineData("freeswitch/events-plain-all.fs.bin", EslEventFormat.Plain)]
    [InlineData("freeswitch/events-json-all.fs.bin", EslEventFormat.Json)]
    [InlineData("freeswitch/events-plain-all.fs.bin", EslEventFormat.Xml)]
    public async Task Readers_racing_on_one_event_all_read_what_the_eager_event_did(string file, EslEventFormat format)
    {
        var events = EslEventViewTests.EventBodies(Fixtures.Read(file))
            .Select(e => format == EslEventFormat.Xml ? AsXml(e.Body) : e.Body)
            .Where((_, i) => i % 3 == 0)
            .ToList();
        Assert.True(events.Count > 15);
        foreach (byte[] body in events)
        {
            var eager = EagerEslEvent.Parse(format, body);
            var names = EventEquivalence.NamesToLookUp(eager);
            var shared = EslEvent.Parse(format, body);
            using var start = new Barrier(Readers);
            var readers = Enumerable.Range(0, Readers).Select(reader => Task.Factory.StartNew(
                () =>
                {
                    // Each reader asks in its own order, some touching the whole-event members midway.
                    var order = names.OrderBy(n => HashCode.Combine(n, reader)).ToList();
                    start.SignalAndWait();
                    for (int i = 0; i < order.Count; i++)
                    {
                        EventEquivalence.AssertLookupSame(shared, eager, order[i]);
                        if (i == (reader * 7) % order.Count)
                        {
                            EventEquivalence.AssertPropertiesSame(shared, eager);
                        }
                    }
                },
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default)).ToArray();
            await Task.WhenAll(readers);

            // Once the race is over, a value read again is the one cached.
            foreach (var (name, _) in eager.Headers.Take(4))
            {
                Assert.Same(shared[name], shared[name]);
            }
        }
    }

    private static byte[] AsXml(byte[] plainBody)
    {
        var plain = EagerEslEvent.Parse(EslEventFormat.Plain, plainBody);
        var headers = plain.Headers.Select(h => new EventHeader(h.Key, [.. plain.GetArray(h.Key)])).ToList();
        return EslWire.XmlEvent(headers, plain.Body.IsEmpty ? null : plain.BodyText);
    }
}
