namespace EslKit.Controller.WebConsole;

/// <summary>
/// A console POST refused before its form was used (larger than <c>Api:MaxUploadBytes</c>): the request's feature that
/// tells the page to show itself as a GET would, with <see cref="Message"/> as its error and <see cref="StatusCode"/>.
/// </summary>
/// <param name="Message">The refusal, for the page's error box.</param>
/// <param name="StatusCode">The response's status.</param>
internal sealed record RefusedPost(string Message, int StatusCode)
{
    /// <summary>The refusal of a form (or a pasted list) over <paramref name="maxBytes"/>.</summary>
    public static string TooLargeMessage(long maxBytes) =>
        $"The form is larger than the upload limit ({maxBytes} bytes, Api:MaxUploadBytes); nothing was saved. Split the list.";

    /// <summary>
    /// A pasted list over <paramref name="maxBytes"/> (UTF-8): a multipart form's text fields are not held to the limit
    /// one by one, so the pages check their pasted lists themselves.
    /// </summary>
    public static bool IsTooLarge(string? pasted, long maxBytes) => pasted is not null && System.Text.Encoding.UTF8.GetByteCount(pasted) > maxBytes;
}
