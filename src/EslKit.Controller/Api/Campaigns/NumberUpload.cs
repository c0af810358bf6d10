using System.Buffers;
using System.Text;
using System.Text.Json;
using EslKit.Controller.Api.Problems;
using EslKit.Controller.Campaigns;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Net.Http.Headers;

namespace EslKit.Controller.Api.Campaigns;

/// <summary>
/// Reads a number upload: <c>text/csv</c> (a CSV file, read with Sep) or <c>application/json</c>
/// (<see cref="NumberListRequest"/>), at most <see cref="ApiOptions.MaxUploadBytes"/> bytes — checked against
/// Content-Length before reading and counted while reading (chunked bodies). Every failure is a problem result;
/// nothing has been written when one is returned.
/// </summary>
internal static class NumberUpload
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The uploaded lines, or the problem that refuses the upload.</summary>
    public static async Task<(IReadOnlyList<NumberLine>? Lines, IResult? Problem)> ReadAsync(HttpRequest request, long maxBytes, JsonOptions json, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(json);
        bool isJson = request.HasJsonContentType();
        bool isCsv = !isJson && MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            && (type.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase)
                || type.MediaType.Equals("application/csv", StringComparison.OrdinalIgnoreCase)
                || type.MediaType.Equals("text/plain", StringComparison.OrdinalIgnoreCase));
        if (!isJson && !isCsv)
        {
            return (null, ApiProblems.Problem(StatusCodes.Status415UnsupportedMediaType, ProblemTypes.MalformedBody, "Unsupported media type", "Upload numbers as text/csv or as application/json ({\"numbers\": [...]})."));
        }

        if (request.ContentLength > maxBytes)
        {
            return (null, TooLarge(maxBytes));
        }

        var limit = request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (limit is { IsReadOnly: false })
        {
            limit.MaxRequestBodySize = maxBytes;
        }

        byte[]? body = await ReadBodyAsync(request.Body, maxBytes, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return (null, TooLarge(maxBytes));
        }

        if (isJson)
        {
            NumberListRequest? list;
            try
            {
                list = JsonSerializer.Deserialize<NumberListRequest>(body, json.SerializerOptions);
            }
            catch (JsonException)
            {
                return (null, Malformed("The body is not valid JSON of the form {\"numbers\": [\"+60123456789\", …]}."));
            }

            return list?.Numbers is { } numbers
                ? ([.. NumberListReader.FromList(numbers)], null)
                : (null, ApiProblems.From(new InputRejectedException("numbers", InputError.Required)));
        }

        string text;
        try
        {
            var span = body.AsSpan();
            text = StrictUtf8.GetString(span.StartsWith(Encoding.UTF8.Preamble) ? span[Encoding.UTF8.Preamble.Length..] : span);
        }
        catch (DecoderFallbackException)
        {
            return (null, Malformed("The CSV file is not UTF-8 text."));
        }

        return (NumberListReader.FromCsv(text), null);
    }

    // The body, or null when it is longer than maxBytes (Kestrel's own limit, set above, ends the read the same way).
    private static async Task<byte[]?> ReadBodyAsync(Stream body, long maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        byte[] chunk = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            int read;
            while ((read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return buffer.ToArray();
    }

    private static ProblemHttpResult TooLarge(long maxBytes) =>
        ApiProblems.Problem(StatusCodes.Status413PayloadTooLarge, ProblemTypes.TooLarge, "Upload too large", $"An upload may be at most {maxBytes} bytes (Api:MaxUploadBytes); split the list.");

    private static ProblemHttpResult Malformed(string detail) =>
        ApiProblems.Problem(StatusCodes.Status400BadRequest, ProblemTypes.MalformedBody, "Malformed body", detail);
}
