using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace EslKit.Controller.Calls;

/// <summary>
/// Where a call-log page ended: the last row's (created_at, call_id, attempt), the search's sort key. The next page
/// starts strictly after it, so pages neither skip nor repeat rows while new calls are written. Opaque to callers
/// (base64url text).
/// </summary>
/// <param name="CreatedAt">The last row's creation time (microseconds, as PostgreSQL keeps it).</param>
/// <param name="CallId">The last row's call id.</param>
/// <param name="Attempt">The last row's attempt.</param>
internal sealed record CallLogCursor(DateTimeOffset CreatedAt, Guid CallId, int Attempt)
{
    /// <summary>The cursor as opaque text.</summary>
    public string Encode() =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{CreatedAt.UtcTicks}.{CallId:N}.{Attempt}")));

    /// <summary>Reads a cursor made by <see cref="Encode"/>.</summary>
    /// <exception cref="InputRejectedException">Not such a cursor.</exception>
    public static CallLogCursor Decode(string text, string field)
    {
        try
        {
            string[] parts = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(text)).Split('.');
            if (parts.Length == 3
                && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out long ticks)
                && ticks >= DateTimeOffset.MinValue.UtcTicks && ticks <= DateTimeOffset.MaxValue.UtcTicks
                && Guid.TryParseExact(parts[1], "N", out Guid callId)
                && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out int attempt))
            {
                return new CallLogCursor(new DateTimeOffset(ticks, TimeSpan.Zero), callId, attempt);
            }
        }
        catch (FormatException)
        {
        }

        throw new InputRejectedException(field, InputError.InvalidFormat, "not a cursor this API returned");
    }
}
