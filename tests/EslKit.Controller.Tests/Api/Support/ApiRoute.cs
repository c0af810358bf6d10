using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace EslKit.Controller.Tests.Api.Support;

/// <summary>One endpoint of the API as the app's routing knows it (so a new route is in every table-driven test).</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Pattern">The route template, e.g. <c>/api/campaigns/{campaignId:long}</c>.</param>
/// <param name="TakesBody">Whether it reads a request body.</param>
internal sealed record ApiRoute(string Method, string Pattern, bool TakesBody)
{
    /// <summary>Whether it is an admin endpoint.</summary>
    public bool IsAdmin => Pattern.StartsWith("/api/admin/", StringComparison.Ordinal);

    /// <summary>The route's parameter names.</summary>
    public IReadOnlyList<string> Parameters =>
        [.. Microsoft.AspNetCore.Routing.Patterns.RoutePatternFactory.Parse(Pattern).Parameters.Select(p => p.Name)];

    /// <summary>"METHOD pattern".</summary>
    public override string ToString() => $"{Method} {Pattern}";

    /// <summary>The path with each parameter replaced by <paramref name="values"/>[name].</summary>
    public string Path(IReadOnlyDictionary<string, string> values)
    {
        var pattern = Microsoft.AspNetCore.Routing.Patterns.RoutePatternFactory.Parse(Pattern);
        var segments = new List<string>();
        foreach (var segment in pattern.PathSegments)
        {
            var text = new System.Text.StringBuilder();
            foreach (var part in segment.Parts)
            {
                text.Append(part switch
                {
                    Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal => literal.Content,
                    Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart parameter => Uri.EscapeDataString(values[parameter.Name]),
                    Microsoft.AspNetCore.Routing.Patterns.RoutePatternSeparatorPart separator => separator.Content,
                    _ => throw new InvalidOperationException("Unknown route part."),
                });
            }

            segments.Add(text.ToString());
        }

        return "/" + string.Join("/", segments);
    }

    /// <summary>Every endpoint under /api/ of <paramref name="app"/>, one per method.</summary>
    public static IReadOnlyList<ApiRoute> All(ApiFactory app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var routes = new List<ApiRoute>();
        foreach (var endpoint in app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            string pattern = "/" + (endpoint.RoutePattern.RawText ?? "").Trim('/');
            if (!pattern.StartsWith("/api/", StringComparison.Ordinal))
            {
                continue;
            }

            bool body = endpoint.Metadata.GetMetadata<IAcceptsMetadata>() is not null;
            foreach (string method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
            {
                routes.Add(new ApiRoute(method, pattern, body));
            }
        }

        return routes;
    }
}
