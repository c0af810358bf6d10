using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace EslKit.Controller.Api.Problems;

/// <summary>
/// Problem results for the services' typed errors: an <see cref="InputRejectedException"/> becomes a problem that
/// names the field and the reason (its message never holds the value), a <see cref="NotFoundException"/> a 404.
/// </summary>
internal static class ApiProblems
{
    /// <summary>The problem for refused input: 400 for a bad value, 422 not allowed, 409 wrong state or taken name, 413 too large.</summary>
    public static IResult From(InputRejectedException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var extensions = new Dictionary<string, object?>
        {
            ["field"] = exception.Field,
            ["error"] = exception.Error.ToString(),
        };
        return exception.Error switch
        {
            InputError.NotAllowed => Problem(StatusCodes.Status422UnprocessableEntity, ProblemTypes.NotAllowed, "Not allowed for this account", exception.Message, extensions),
            InputError.InvalidState or InputError.Duplicate => Problem(StatusCodes.Status409Conflict, ProblemTypes.Conflict, "Conflict", exception.Message, extensions),
            InputError.TooLarge => Problem(StatusCodes.Status413PayloadTooLarge, ProblemTypes.TooLarge, "Too large", exception.Message, extensions),
            _ => TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { [exception.Field] = [exception.Message] },
                detail: exception.Message,
                title: "Invalid input",
                type: ProblemTypes.InvalidInput,
                extensions: extensions),
        };
    }

    /// <summary>404 for an object the caller cannot see (missing, or another tenant's: the same answer).</summary>
    public static ProblemHttpResult NotFound(NotFoundException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return Problem(StatusCodes.Status404NotFound, ProblemTypes.NotFound, "Not found", exception.Message);
    }

    /// <summary>404 for <paramref name="kind"/> <paramref name="id"/>.</summary>
    public static ProblemHttpResult NotFound(string kind, object id) =>
        Problem(StatusCodes.Status404NotFound, ProblemTypes.NotFound, "Not found", $"{kind} {id} does not exist.");

    /// <summary>A problem with the API's type and title.</summary>
    public static ProblemHttpResult Problem(int status, string type, string title, string? detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(new ProblemDetails { Status = status, Type = type, Title = title, Detail = detail, Extensions = extensions ?? new Dictionary<string, object?>() });
}
