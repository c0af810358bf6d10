namespace EslKit.Controller.Api.DoNotCall;

/// <summary>What adding to the do-not-call list did.</summary>
/// <param name="Added">Numbers that were not on the list before (their waiting campaign items are now skipped as dnc).</param>
internal sealed record DncAddResponse(int Added);
