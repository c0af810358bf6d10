namespace EslKit.Controller.Api.Problems;

/// <summary>
/// Gives the problems ASP.NET Core raises itself under <c>/api</c> (a body that is not JSON or has a wrong type, a
/// query value that does not parse, a body over Kestrel's limit, an unsupported content type) the API's problem type
/// and a detail that says what to fix — without echoing any of the request.
/// </summary>
internal static class FrameworkProblems
{
    /// <summary>The <see cref="ProblemDetailsOptions.CustomizeProblemDetails"/> hook.</summary>
    public static void Describe(ProblemDetailsContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var problem = context.ProblemDetails;
        if (!context.HttpContext.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
            || problem.Type?.StartsWith("urn:eslkit:", StringComparison.Ordinal) == true)
        {
            return;
        }

        (problem.Type, problem.Detail) = problem.Status switch
        {
            StatusCodes.Status400BadRequest => (ProblemTypes.MalformedBody, problem.Detail ?? "The request could not be read: the body is not valid JSON for this endpoint, a value has the wrong type, or a required body or query value is missing."),
            StatusCodes.Status413PayloadTooLarge => (ProblemTypes.TooLarge, problem.Detail ?? "The request body is larger than allowed."),
            StatusCodes.Status415UnsupportedMediaType => (ProblemTypes.MalformedBody, problem.Detail ?? "Send the body as application/json."),
            StatusCodes.Status404NotFound => (ProblemTypes.NotFound, problem.Detail ?? "No such endpoint or object."),
            _ => (problem.Type, problem.Detail),
        };
    }
}
