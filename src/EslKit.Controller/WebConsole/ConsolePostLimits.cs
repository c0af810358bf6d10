using EslKit.Controller.Api;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Options;

namespace EslKit.Controller.WebConsole;

/// <summary>
/// Holds every console form to the API's upload limit (<see cref="ApiOptions.MaxUploadBytes"/>): a URL-encoded field at
/// most that size, the whole body at most that plus <see cref="FormOverheadBytes"/> (a multipart form's text fields are
/// not limited one by one: the pages check their pasted lists themselves). It runs before the
/// antiforgery check, which is the first to read the form: without it an oversized post failed there with a bare 400.
/// A post over the limit is not used at all — no handler runs, nothing is written — and the page is shown as a GET
/// shows it, with the refusal in its error box (<see cref="RefusedPost"/>, 413). Showing a page needs no token.
/// </summary>
internal sealed class ConsolePostLimits(IOptions<ApiOptions> options) : IAsyncAuthorizationFilter, IOrderedFilter
{
    /// <summary>Room for the form's other fields and the multipart framing beside the largest upload.</summary>
    public const long FormOverheadBytes = 64 * 1024;

    /// <summary>Before the antiforgery filter (1000), as <c>RequestFormLimitsAttribute</c>.</summary>
    public int Order => 900;

    public async Task OnAuthorizationAsync(AuthorizationFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.HttpContext;
        var request = http.Request;
        if (!HttpMethods.IsPost(request.Method))
        {
            return;
        }

        long maxField = options.Value.MaxUploadBytes;
        long maxBody = maxField + FormOverheadBytes;
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = maxBody;
        }

        bool tooLarge = request.ContentLength > maxBody;
        if (!tooLarge && request.HasFormContentType && http.Features.Get<IFormFeature>()?.Form is null)
        {
            http.Features.Set<IFormFeature>(new FormFeature(request, new FormOptions
            {
                ValueLengthLimit = (int)Math.Min(maxField, int.MaxValue),
                MultipartBodyLengthLimit = maxBody,
            }));
            try
            {
                await request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
            }
            catch (InvalidDataException)
            {
                // A field, a file or the multipart body over its limit (FormReader's and MultipartReader's refusal).
                tooLarge = true;
            }
            catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                // The body over Kestrel's limit set above (a body without a Content-Length).
                tooLarge = true;
            }
        }

        if (tooLarge)
        {
            http.Features.Set(new RefusedPost(RefusedPost.TooLargeMessage(maxField), StatusCodes.Status413PayloadTooLarge));
            request.Method = HttpMethods.Get;
        }
    }
}
