namespace EslKit.Controller.Tenants;

/// <summary>
/// The keys that encrypt SIP passwords at rest (configuration section <c>Secrets</c>): <c>Keys</c> maps a key
/// id to a base64 AES-256 key (32 bytes); <c>CurrentKeyId</c> names the one new ciphertexts use. Keep old keys
/// configured until <see cref="PhoneConfigService.RotateKeysAsync"/> has re-encrypted everything.
/// </summary>
internal sealed class SecretProtectionOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Secrets";

    /// <summary>Key id → base64 of 32 random bytes. Ids: letters, digits, <c>_ . -</c>.</summary>
    public Dictionary<string, string> Keys { get; } = new(StringComparer.Ordinal);

    /// <summary>The key new ciphertexts are made with.</summary>
    public string? CurrentKeyId { get; set; }
}
