using System.Buffers;
using System.Text;
using EslKit.Protocol;
using EslKit.Shared;

namespace EslKit.Controller.Tests.Nodes;

/// <summary>Reads a capture's frames (api/response bodies, events) with EslKit's own parser.</summary>
internal static class CaptureFrames
{
    public static byte[] Load(string folder, string name) => File.ReadAllBytes(Path.Combine(RepositoryPaths.Fixtures(), folder, name));

    /// <summary>The bodies of the capture's api/response frames, in order.</summary>
    public static IReadOnlyList<string> ApiBodies(byte[] capture)
    {
        var bodies = new List<string>();
        using var reader = new EslFrameReader();
        var buffer = new ReadOnlySequence<byte>(capture);
        while (reader.TryReadFrame(ref buffer, out var frame))
        {
            if (frame.ContentType == EslContentType.ApiResponse)
            {
                bodies.Add(Encoding.UTF8.GetString(frame.Body));
            }
        }

        return bodies;
    }

    /// <summary>The capture's events of one name, materialised.</summary>
    public static IReadOnlyList<EslEvent> Events(byte[] capture, EslEventName name)
    {
        var events = new List<EslEvent>();
        using var reader = new EslFrameReader();
        var buffer = new ReadOnlySequence<byte>(capture);
        while (reader.TryReadFrame(ref buffer, out var frame))
        {
            if (frame.TryGetEvent(out var view) && view.Name == name)
            {
                events.Add(view.ToEvent());
            }
        }

        return events;
    }
}
