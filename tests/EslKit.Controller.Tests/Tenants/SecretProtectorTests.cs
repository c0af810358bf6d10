using System.Security.Cryptography;
using System.Text;
using EslKit.Controller.Tenants;
using Microsoft.Extensions.Options;

namespace EslKit.Controller.Tests.Tenants;

public sealed class SecretProtectorTests
{
    private static readonly string KeyA = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private static readonly string KeyB = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public void A_secret_round_trips_and_its_ciphertext_does_not_contain_it()
    {
        var protector = Protector(("a", KeyA));
        const string secret = "p,a}s{s'w\"o rd=^^x";

        var (keyId, ciphertext) = protector.Protect(secret, "phone_config:1");

        Assert.Equal("a", keyId);
        Assert.Equal(12 + Encoding.UTF8.GetByteCount(secret) + 16, ciphertext.Length);
        Assert.Equal(-1, ciphertext.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)));
        Assert.Equal(secret, protector.Unprotect(keyId, ciphertext, "phone_config:1"));
    }

    [Fact]
    public void Each_encryption_uses_a_fresh_nonce()
    {
        var protector = Protector(("a", KeyA));

        var one = protector.Protect("same", "o").Ciphertext;
        var two = protector.Protect("same", "o").Ciphertext;

        Assert.NotEqual(one, two);
    }

    [Fact]
    public void A_ciphertext_moved_to_another_owner_or_altered_does_not_decrypt()
    {
        var protector = Protector(("a", KeyA));
        var (keyId, ciphertext) = protector.Protect("secret", "phone_config:1");

        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(keyId, ciphertext, "phone_config:2"));
        ciphertext[14] ^= 1;
        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(keyId, ciphertext, "phone_config:1"));
    }

    [Fact]
    public void Rotation_decrypts_with_any_configured_key_and_encrypts_with_the_current_one()
    {
        var old = Protector(("a", KeyA));
        var (oldKey, oldCiphertext) = old.Protect("secret", "o");
        var rotated = Protector(("a", KeyA), ("b", KeyB), current: "b");

        Assert.Equal("secret", rotated.Unprotect(oldKey, oldCiphertext, "o"));
        var (newKey, newCiphertext) = rotated.Protect("secret", "o");
        Assert.Equal("b", newKey);
        Assert.Equal("secret", rotated.Unprotect(newKey, newCiphertext, "o"));

        // With the old key removed, the old ciphertext names a key that is not configured — said without the secret.
        var withoutOld = Protector(("b", KeyB));
        var ex = Assert.ThrowsAny<CryptographicException>(() => withoutOld.Unprotect(oldKey, oldCiphertext, "o"));
        Assert.Contains("'a'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not base64!", "is not base64")]
    [InlineData("AAAA", "must be 32 bytes")]
    public void Bad_keys_are_refused_at_start_with_a_clear_message(string key, string expected)
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Protector(("a", key)));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_current_key_id_that_is_not_configured_is_refused()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Protector(("a", KeyA), ("b", KeyB), current: "c"));
        Assert.Contains("Secrets:CurrentKeyId", ex.Message, StringComparison.Ordinal);
    }

    private static SecretProtector Protector((string Id, string Key) first, (string Id, string Key)? second = null, string? current = null)
    {
        var options = new SecretProtectionOptions { CurrentKeyId = current };
        options.Keys[first.Id] = first.Key;
        if (second is { } s)
        {
            options.Keys[s.Id] = s.Key;
        }

        return new SecretProtector(Options.Create(options));
    }
}
