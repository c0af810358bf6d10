namespace EslKit.Controller;

/// <summary>A tenant, campaign or other object does not exist (or belongs to another tenant).</summary>
internal sealed class NotFoundException(string kind, long id) : Exception($"{kind} {id} does not exist.")
{
    /// <summary>What was looked for, e.g. "Tenant".</summary>
    public string Kind { get; } = kind;

    /// <summary>Its id.</summary>
    public long Id { get; } = id;
}
