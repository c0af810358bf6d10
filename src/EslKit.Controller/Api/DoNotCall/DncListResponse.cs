namespace EslKit.Controller.Api.DoNotCall;

/// <summary>The caller's do-not-call list.</summary>
/// <param name="Numbers">E.164 digits, sorted.</param>
internal sealed record DncListResponse(IReadOnlyList<string> Numbers);
