namespace EslKit.Controller.Api;

/// <summary>Present (as a service) when the admin key was generated for the embedded-defaults setup: where it is kept.</summary>
/// <param name="Path">The key file, e.g. <c>.data/admin.key</c>.</param>
internal sealed record GeneratedAdminKey(string Path);
