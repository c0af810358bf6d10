using System.Globalization;
using EslKit.Controller.Campaigns;

namespace EslKit.Controller.Api.Campaigns;

/// <summary>A calling window as <c>HH:mm</c> local times: from <see cref="Start"/> (inclusive) to <see cref="End"/> (exclusive), in the callee's time zone.</summary>
/// <param name="Start">e.g. <c>08:00</c>.</param>
/// <param name="End">e.g. <c>21:00</c>; before the start spans midnight.</param>
internal sealed record WindowBody(string? Start, string? End)
{
    private static readonly string[] Formats = ["HH:mm", "HH:mm:ss"];

    /// <summary>The body for <paramref name="window"/>.</summary>
    public static WindowBody From(CallingWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        return new(window.Start.ToString("HH:mm", CultureInfo.InvariantCulture), window.End.ToString("HH:mm", CultureInfo.InvariantCulture));
    }

    /// <summary>The window.</summary>
    /// <exception cref="InputRejectedException">A time that is not HH:mm.</exception>
    public CallingWindow ToWindow() => new(Parse(Start, "window.start"), Parse(End, "window.end"));

    private static TimeOnly Parse(string? text, string field) =>
        text is null ? throw new InputRejectedException(field, InputError.Required)
        : TimeOnly.TryParseExact(text, Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? time
        : throw new InputRejectedException(field, InputError.InvalidFormat, "HH:mm");
}
