using System.Security.Claims;
using EslKit.Controller.WebConsole.Authentication;

namespace EslKit.Controller.WebConsole.Feeds;

/// <summary>
/// How long one feed may run: until the page goes away, its session is signed out (<see cref="ConsoleSessions"/>
/// cancels it at once), or the session's cookie expires. <see cref="Token"/> is cancelled by any of them.
/// </summary>
internal sealed class FeedLifetime : IDisposable
{
    private readonly ClaimsPrincipal _user;
    private readonly ConsoleSignIn _signIn;
    private readonly CancellationTokenSource _signedOut;
    private readonly CancellationTokenSource? _expiry;
    private readonly CancellationTokenSource _any;
    private readonly IDisposable? _tracking;

    public FeedLifetime(HttpContext context, DateTimeOffset? expires, ConsoleSessions sessions, ConsoleSignIn signIn, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(sessions);
        _user = context.User;
        _signIn = signIn;
        Time = time;
        _signedOut = new CancellationTokenSource();
        if (expires is { } at)
        {
            var left = at - time.GetUtcNow();
            _expiry = new CancellationTokenSource(left > TimeSpan.Zero ? left : TimeSpan.Zero, time);
        }

        _any = _expiry is null
            ? CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _signedOut.Token)
            : CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _signedOut.Token, _expiry.Token);
        if (_user.FindFirst(ConsoleDefaults.SessionId)?.Value is { } session)
        {
            _tracking = sessions.Track(session, _signedOut);
        }
        else
        {
            _signedOut.Cancel();
        }
    }

    /// <summary>The clock the feed waits on.</summary>
    public TimeProvider Time { get; }

    /// <summary>Cancelled when the page goes away, the session is signed out or its cookie expires.</summary>
    public CancellationToken Token => _any.Token;

    /// <summary>Whether the key that opened the session still opens it (the check every page request makes).</summary>
    public Task<bool> IsStillValidAsync(CancellationToken cancellationToken) => _signIn.IsStillValidAsync(_user, cancellationToken);

    /// <summary>Why <see cref="Token"/> was cancelled: a <see cref="FeedEnd"/> reason, or null when the page went away.</summary>
    public string? WhyEnded() =>
        _signedOut.IsCancellationRequested ? FeedEnd.SignedOut
        : _expiry?.IsCancellationRequested == true ? FeedEnd.Expired
        : null;

    public void Dispose()
    {
        _tracking?.Dispose();
        _any.Dispose();
        _expiry?.Dispose();
        _signedOut.Dispose();
    }
}
