var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
await app.RunAsync();

/// <summary>The controller's entry point (public for WebApplicationFactory in the tests).</summary>
public partial class Program;
