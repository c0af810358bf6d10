namespace EslKit.Controller.Api.Campaigns;

/// <summary>
/// Marks an endpoint that takes an upload: its body may be up to <see cref="ApiOptions.MaxUploadBytes"/>
/// instead of <see cref="ApiOptions.MaxRequestBytes"/>.
/// </summary>
internal sealed class UploadEndpoint;
