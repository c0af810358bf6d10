using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace EslKit.Controller.Tenants;

/// <summary>
/// AES-256-GCM for secrets at rest. A ciphertext is <c>nonce (12) || ciphertext || tag (16)</c>, stored with the
/// id of its key; the associated data binds it to its owner (e.g. <c>phone_config:42</c>), so a ciphertext
/// copied to another row does not decrypt. Decrypts with any configured key, encrypts with the current one.
/// </summary>
internal sealed class SecretProtector
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly Dictionary<string, byte[]> _keys;

    /// <summary>Reads and checks the configured keys.</summary>
    /// <exception cref="InvalidOperationException">No key, a key that is not 32 bytes of base64, or a current key id that is not configured.</exception>
    public SecretProtector(IOptions<SecretProtectionOptions> options)
    {
        var o = options.Value;
        _keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (id, base64) in o.Keys)
        {
            if (string.IsNullOrEmpty(id) || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-') || id.Length > 64)
            {
                throw new InvalidOperationException("Secrets:Keys: a key id must be 1-64 ASCII letters, digits, '_', '.' or '-'.");
            }

            byte[] key;
            try
            {
                key = Convert.FromBase64String(base64 ?? "");
            }
            catch (FormatException)
            {
                throw new InvalidOperationException($"Secrets:Keys:{id} is not base64 (expected 32 random bytes, e.g. `openssl rand -base64 32`).");
            }

            _keys[id] = key.Length == 32
                ? key
                : throw new InvalidOperationException($"Secrets:Keys:{id} must be 32 bytes (AES-256); it has {key.Length}.");
        }

        CurrentKeyId = o.CurrentKeyId is { Length: > 0 } current
            ? (_keys.ContainsKey(current) ? current : throw new InvalidOperationException($"Secrets:CurrentKeyId names '{current}', which is not under Secrets:Keys."))
            : _keys.Count == 1 ? _keys.Keys.First() : throw new InvalidOperationException("Secrets:CurrentKeyId must name one of Secrets:Keys (configure at least one key).");
    }

    /// <summary>The id of the key new ciphertexts are made with.</summary>
    public string CurrentKeyId { get; }

    /// <summary>Encrypts <paramref name="plaintext"/> for <paramref name="owner"/> with the current key.</summary>
    public (string KeyId, byte[] Ciphertext) Protect(string plaintext, string owner)
    {
        byte[] key = _keys[CurrentKeyId];
        byte[] data = Encoding.UTF8.GetBytes(plaintext);
        byte[] result = new byte[NonceSize + data.Length + TagSize];
        var nonce = result.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, data, result.AsSpan(NonceSize, data.Length), result.AsSpan(NonceSize + data.Length), Encoding.UTF8.GetBytes(owner));
        CryptographicOperations.ZeroMemory(data);
        return (CurrentKeyId, result);
    }

    /// <summary>Decrypts a ciphertext made by <see cref="Protect"/> for <paramref name="owner"/> with the key <paramref name="keyId"/>.</summary>
    /// <exception cref="CryptographicException">Unknown key id, or the ciphertext was altered or belongs to another owner.</exception>
    public string Unprotect(string keyId, byte[] ciphertext, string owner)
    {
        ArgumentNullException.ThrowIfNull(ciphertext);
        if (!_keys.TryGetValue(keyId, out byte[]? key))
        {
            throw new CryptographicException($"The secret was encrypted with key '{keyId}', which is not configured under Secrets:Keys.");
        }

        if (ciphertext.Length < NonceSize + TagSize)
        {
            throw new CryptographicException("The stored secret is truncated.");
        }

        int length = ciphertext.Length - NonceSize - TagSize;
        byte[] plain = new byte[length];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(ciphertext.AsSpan(0, NonceSize), ciphertext.AsSpan(NonceSize, length), ciphertext.AsSpan(NonceSize + length), plain, Encoding.UTF8.GetBytes(owner));
        string text = Encoding.UTF8.GetString(plain);
        CryptographicOperations.ZeroMemory(plain);
        return text;
    }
}
