namespace EslKit.Fuzz;

/// <summary>A finding: the parser disagreed with the reference, with itself, or threw something it must not.</summary>
internal sealed class FuzzFailure : Exception
{
    public FuzzFailure(string kind, string detail)
        : base($"{kind}: {detail}")
    {
        Kind = kind;
    }

    public FuzzFailure(string kind, string detail, Exception inner)
        : base($"{kind}: {detail}", inner)
    {
        Kind = kind;
    }

    public FuzzFailure()
        : this("failure", "unspecified")
    {
    }

    public FuzzFailure(string message)
        : this("failure", message)
    {
    }

    public FuzzFailure(string message, Exception inner)
        : this("failure", message, inner)
    {
    }

    /// <summary>The class of finding (minimising keeps an input only while it fails the same way).</summary>
    public string Kind { get; }
}
