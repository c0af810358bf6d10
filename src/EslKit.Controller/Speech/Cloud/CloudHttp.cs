using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace EslKit.Controller.Speech.Cloud;

/// <summary>Turns HTTP outcomes into <see cref="SpeechProviderException"/>s, the same way for every service.</summary>
internal static class CloudHttp
{
    private const int MaxErrorBodyBytes = 8 * 1024;

    /// <summary>The failure an unsuccessful response stands for (reads a bounded part of its body for the service's error code).</summary>
    public static async Task<SpeechProviderException> FailureAsync(string provider, string service, HttpResponseMessage response, TimeProvider time, CancellationToken cancellationToken)
    {
        int status = (int)response.StatusCode;
        string? code = await ReadServiceCodeAsync(response, cancellationToken).ConfigureAwait(false);
        TimeSpan? retryAfter = RetryAfter(response, time);
        (SpeechProviderFailure failure, string what) = status switch
        {
            401 or 403 => (SpeechProviderFailure.Unauthorized, "refused the credentials"),
            402 => (SpeechProviderFailure.Unauthorized, "refused the account (payment required)"),
            429 => (SpeechProviderFailure.RateLimited, retryAfter is { } wait ? $"is rate limiting (retry after {wait.TotalSeconds:0.#} s)" : "is rate limiting"),
            408 or >= 500 => (SpeechProviderFailure.Unavailable, "is unavailable"),
            _ => (SpeechProviderFailure.Rejected, "refused the request"),
        };
        string suffix = code is null ? string.Empty : $", code {code}";
        return new SpeechProviderException(provider, failure, $"{service} {what} (HTTP {status}{suffix}).", status, retryAfter)
        {
            ServiceCode = code,
        };
    }

    /// <summary>
    /// The failure an exception from sending or reading stands for; null when it is the caller's own cancellation
    /// (a barge-in), which is not a failure and is rethrown as is.
    /// </summary>
    public static SpeechProviderException? FromException(string provider, string service, Exception exception, CancellationToken callerToken, bool idleExpired = false)
    {
        if (exception is SpeechProviderException)
        {
            return null;
        }

        if (callerToken.IsCancellationRequested && exception is OperationCanceledException)
        {
            return null;
        }

        return exception switch
        {
            TimeoutRejectedException => new(provider, SpeechProviderFailure.Timeout, $"{service} did not answer in time.", innerException: exception),
            OperationCanceledException when idleExpired => new(provider, SpeechProviderFailure.Timeout, $"{service} stopped sending (stalled stream).", innerException: exception),
            OperationCanceledException => new(provider, SpeechProviderFailure.Timeout, $"{service} did not answer in time.", innerException: exception),
            BrokenCircuitException => new(provider, SpeechProviderFailure.Unavailable, $"{service} is failing; requests are paused.", innerException: exception),
            HttpRequestException http => new(provider, SpeechProviderFailure.Unavailable, $"{service} could not be reached or dropped the connection ({http.HttpRequestError}).", innerException: exception),
            IOException => new(provider, SpeechProviderFailure.Unavailable, $"{service} dropped the connection.", innerException: exception),
            JsonException => new(provider, SpeechProviderFailure.BadResponse, $"{service} sent JSON that does not follow its format.", innerException: exception),
            _ => null,
        };
    }

    /// <summary>The wait a 429 or 503 asks for: <c>Retry-After</c> as seconds or as a date.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider time)
    {
        RetryConditionHeaderValue? header = response.Headers.RetryAfter;
        if (header?.Delta is TimeSpan delta)
        {
            return delta;
        }

        if (header?.Date is DateTimeOffset date)
        {
            TimeSpan wait = date - time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    /// <summary>True for statuses worth another attempt: 408, 429, and the server errors that mean "try again".</summary>
    public static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests or HttpStatusCode.InternalServerError
            or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    /// <summary>
    /// The service's machine-readable error code from a JSON error body (<c>error.code</c>, <c>error.type</c>,
    /// <c>detail.status</c>, <c>error</c> as a string) — only a short token, never a free-text message, which could
    /// echo the request's text.
    /// </summary>
    private static async Task<string?> ReadServiceCodeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.OrdinalIgnoreCase) != true)
        {
            return null;
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            Stream body = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            byte[] buffer = new byte[MaxErrorBodyBytes];
            int length = 0;
            int read;
            while (length < buffer.Length && (read = await body.ReadAsync(buffer.AsMemory(length), timeout.Token).ConfigureAwait(false)) > 0)
            {
                length += read;
            }

            using JsonDocument document = JsonDocument.Parse(buffer.AsMemory(0, length));
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            return Token(Property(root, "error", "code")) ?? Token(Property(root, "error", "type")) ?? Token(Property(root, "detail", "status"))
                ?? Token(Property(root, "error", null)) ?? Token(Property(root, "code", null));
        }
        catch (Exception ex) when (ex is JsonException or IOException or HttpRequestException or OperationCanceledException)
        {
            return null;
        }
    }

    private static JsonElement? Property(JsonElement root, string name, string? inner)
    {
        if (!root.TryGetProperty(name, out JsonElement value))
        {
            return null;
        }

        if (inner is null)
        {
            return value;
        }

        return value.ValueKind == JsonValueKind.Object && value.TryGetProperty(inner, out JsonElement nested) ? nested : null;
    }

    private static string? Token(JsonElement? element)
    {
        string? text = element switch
        {
            { ValueKind: JsonValueKind.String } e => e.GetString(),
            { ValueKind: JsonValueKind.Number } e => e.GetRawText(),
            _ => null,
        };
        return text is { Length: > 0 and <= 64 } && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.') ? text : null;
    }
}
