namespace EslKit.Controller.Calls;

/// <summary>Which call-log rows a search keeps by how the attempt went.</summary>
internal enum CallOutcomeFilter
{
    /// <summary>The callee answered (answered_at is set).</summary>
    Answered,

    /// <summary>The attempt ended without an answer (busy, no answer, rejected …).</summary>
    Unanswered,

    /// <summary>The attempt has not ended yet.</summary>
    InProgress,
}
