using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EslKit.Controller.WebConsole;

/// <summary>
/// Two rules for the console's posts. A POST that names no handler of the page (none, or an unknown <c>?handler=</c>)
/// is 404: Razor Pages would otherwise render the page without loading its model. A post refused by
/// <see cref="ConsolePostLimits"/> (now a GET) shows the page with the refusal and its status.
/// </summary>
internal sealed class ConsolePostHandlers : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        if (http.Features.Get<RefusedPost>() is { } refused)
        {
            var executed = await next().ConfigureAwait(false);
            if (executed.Result is null or PageResult)
            {
                (context.HandlerInstance as IShowsRefusedPost)?.ShowRefusal(refused.Message);
                http.Response.StatusCode = refused.StatusCode;
            }

            return;
        }

        if (context.HandlerMethod is null && !HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method))
        {
            context.Result = new NotFoundResult();
            return;
        }

        await next().ConfigureAwait(false);
    }
}
