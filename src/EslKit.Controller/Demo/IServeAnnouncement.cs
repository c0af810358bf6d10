namespace EslKit.Controller.Demo;

/// <summary>
/// What <c>./run.sh --serve</c> prints once the demo has run and the controller keeps serving. The HTTP API
/// (issue 10) registers one (<c>services.AddSingleton&lt;IServeAnnouncement, …&gt;()</c>) that prints its URL and
/// the demo's admin key; every registered announcement is called in registration order.
/// </summary>
internal interface IServeAnnouncement
{
    /// <summary>Writes the announcement.</summary>
    /// <param name="run">What the demo created (tenants, campaigns), or null when it did not run (FreeSWITCH configured).</param>
    /// <param name="output">Where to write (the console).</param>
    /// <param name="cancellationToken">Cancelled when the controller stops.</param>
    Task AnnounceAsync(DemoRun? run, TextWriter output, CancellationToken cancellationToken);
}
