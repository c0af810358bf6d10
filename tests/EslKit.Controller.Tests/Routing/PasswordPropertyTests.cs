using System.Buffers;
using System.Text;
using EslKit.Commands;
using EslKit.Controller.Routing;
using EslKit.Controller.Tenants;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.Options;

namespace EslKit.Controller.Tests.Routing;

/// <summary>
/// For generated passwords full of what breaks originates (every ASCII punctuation character, blanks, control
/// characters, UTF-8, brackets, <c>${</c>, <c>:</c>): the save-time check either accepts the password — and then
/// the route builds on one command line, the password is in the bytes sent (once, or once per leg) and in no
/// rendering — or refuses it with a typed error that does not contain it.
/// </summary>
public sealed class PasswordPropertyTests
{
    // Marks the password so a test can look for it without false matches in fixed texts.
    private const string Marker = "Qz";

    private static readonly Gen<string> Piece = Gen.OneOf(
        Gen.Elements("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~".Select(c => c.ToString()).ToArray()),
        Gen.Elements(" ", "\t", "\n", "\r", "\0", "${", "^^", "é", "漢", "\\s", "'q'", "x", "7", "pass", "word"));

    private static readonly Gen<string> Passwords =
        Gen.ArrayOf(Piece).Select(pieces => Marker + string.Concat(pieces.Take(12)) + Marker);

    private readonly CallRouter _router = new(Options.Create(new RoutingOptions()));

    [Fact]
    public void A_password_is_accepted_and_carried_or_refused_without_being_shown()
    {
        int accepted = 0;
        int refused = 0;
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(2000), Prop.ForAll(Passwords.ToArbitrary(), password =>
        {
            var config = new PhoneConfig("601548732123", password, "sip1.example", "sip2.example:5070");
            try
            {
                _router.Check(config);
            }
            catch (InputRejectedException ex)
            {
                refused++;
                Assert.DoesNotContain(Marker, ex.ToString(), StringComparison.Ordinal);
                Assert.Contains(ex.Field, new[] { "sipPassword", "sipUsername" });
                return;
            }

            accepted++;
            var call = _router.Route(new RouteRequest(1, AccountType.Pro, config, "60123456789", Guid.NewGuid(), 2, 1, [Guid.NewGuid(), Guid.NewGuid()]));
            var writer = new ArrayBufferWriter<byte>();
            EslCommands.BgApi(call.Originate, Guid.NewGuid()).WriteTo(writer);
            string wire = Encoding.UTF8.GetString(writer.WrittenSpan);
            // Once for all legs, or a copy in each leg's […] when only that block can carry it.
            Assert.InRange(wire.Split("sip_auth_password=").Length - 1, 1, 2);
            Assert.DoesNotContain('\n', wire.TrimEnd('\n').Split('\n')[0]);
            Assert.DoesNotContain(Marker, call.Originate.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(Marker, call.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(Marker, config.ToString(), StringComparison.Ordinal);
        }));

        // Both branches were exercised.
        Assert.True(accepted > 100, $"accepted {accepted}");
        Assert.True(refused > 100, $"refused {refused}");
    }
}
