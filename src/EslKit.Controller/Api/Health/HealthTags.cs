namespace EslKit.Controller.Api.Health;

/// <summary>
/// Health-check tags. <c>/health/ready</c> runs every check tagged <see cref="Ready"/>: the database's (here) and
/// each FreeSWITCH node's (registered by the node code with this tag). <c>/health/live</c> runs none: the process answers.
/// </summary>
internal static class HealthTags
{
    /// <summary>Checks that must pass before the instance takes traffic.</summary>
    public const string Ready = "ready";
}
