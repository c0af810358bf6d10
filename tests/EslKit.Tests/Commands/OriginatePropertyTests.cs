using EslKit.Commands;
using FsCheck;
using FsCheck.Fluent;

namespace EslKit.Tests.Commands;

/// <summary>
/// Properties of the originate builder against the reference model of FreeSWITCH's parsing: whatever the
/// builder accepts, FreeSWITCH ends up with exactly those variables (no more) on exactly those legs, with
/// exactly that application and arguments; whatever it refuses, it refuses with a typed error that does not
/// depend on the value; and it refuses exactly what DESIGN.md §3 says cannot be carried.
/// </summary>
public sealed class OriginatePropertyTests
{
    private static readonly EslEndpoint[] Endpoints =
    [
        EslEndpoint.Gateway("trunk", "60123456789"),
        EslEndpoint.Sofia("external", "+60123456789", "127.0.0.1:5090"),
        EslEndpoint.Sofia("carrier", "1", "sip.example.com"),
        EslEndpoint.Loopback("9999", "default"),
        EslEndpoint.User("1000", "example.com"),
    ];

    // Mostly distinct names; a few collide (also by case) so that duplicates are refused now and then.
    private static readonly string[] Names =
    [
        .. Enumerable.Range(0, 80).Select(i => $"v{i}"),
        "x.y", "Campaign-Id", "sip_auth_username", "sip_auth_password", "undef", "V1", "origination_uuid", "Origination_UUID",
    ];

    [Fact]
    public void A_value_for_every_leg_is_carried_exactly_or_refused_exactly_as_DESIGN_says()
    {
        var tally = new Tally();
        Holds(HostileText.Value, value =>
        {
            bool carriable = HostileText.CarriableInSomeBlock(value)
                && (HostileText.FitsGlobalBlock(value) || HostileText.FitsEnterpriseBlock(value) || HostileText.FitsLegBlock(value))
                && !HostileText.Hijacks(value);
            var originate = TryBuild(
                () => EslOriginate.CreateBuilder().Variable("x", value).Variable("y", "plain").Leg(Endpoints[1]).Application("park").Build(),
                out var refusal);
            tally.Count(originate is not null);

            Assert.Equal(carriable, originate is not null);
            if (originate is null)
            {
                AssertSafeRefusal(refusal!, "x");
                return;
            }

            AssertParsesBack(originate, new Expected(
                Globals: [new("x", value), new("y", "plain")],
                Legs: [new(Endpoints[1], [])],
                Mode: EslLegMode.Sequential,
                Application: "park",
                Arguments: null));
        });

        tally.AssertBothExercised();
    }

    [Fact]
    public void A_value_for_one_leg_is_carried_exactly_in_that_leg_or_refused_exactly_as_DESIGN_says()
    {
        var tally = new Tally();
        Holds(Gen.Zip(HostileText.Value, Gen.Elements(EslLegMode.Sequential, EslLegMode.Simultaneous)), input =>
        {
            var (value, mode) = input;
            bool carriable = HostileText.CarriableInSomeBlock(value) && HostileText.FitsLegBlock(value) && !HostileText.Hijacks(value);
            var originate = TryBuild(
                () => EslOriginate.CreateBuilder()
                    .Variable("g", "1")
                    .Leg(Endpoints[0], new EslVariable("first", "one"))
                    .Leg(Endpoints[2], new EslVariable("x", value))
                    .Mode(mode)
                    .Application("park")
                    .Build(),
                out var refusal);
            tally.Count(originate is not null);

            Assert.Equal(carriable, originate is not null);
            if (originate is null)
            {
                AssertSafeRefusal(refusal!, "legs[1].x");
                return;
            }

            AssertParsesBack(originate, new Expected(
                Globals: [new("g", "1")],
                Legs: [new(Endpoints[0], [new("first", "one")]), new(Endpoints[2], [new("x", value)])],
                Mode: mode,
                Application: "park",
                Arguments: null));
        });

        tally.AssertBothExercised();
    }

    [Fact]
    public void Application_arguments_arrive_as_one_exact_argument_or_are_refused()
    {
        var tally = new Tally();
        Holds(HostileText.Value, value =>
        {
            bool carriable = value.Length == 0 || (!HostileText.UnescapeBreaks(value) && !value.Contains(')', StringComparison.Ordinal) && !HostileText.Hijacks(value));
            var originate = TryBuild(() => EslOriginate.CreateBuilder().Leg(Endpoints[0]).Application("playback", value).Build(), out var refusal);
            tally.Count(originate is not null);

            Assert.Equal(carriable, originate is not null);
            if (originate is null)
            {
                AssertSafeRefusal(refusal!, "arguments");
                return;
            }

            AssertParsesBack(originate, new Expected([], [new(Endpoints[0], [])], EslLegMode.Sequential, "playback", value.Length == 0 ? null : value));
        });

        tally.AssertBothExercised();
    }

    [Fact]
    public void The_socket_application_survives_originates_argument_split()
    {
        var hosts = Gen.OneOf(
            Gen.ArrayOf(Gen.Choose(0, 255), 4).Select(o => string.Join('.', o)),
            Gen.ArrayOf(Gen.Elements("ctl", "a-1", "x9", "local"), 3).Select(l => string.Join('.', l)));
        var sockets = from host in hosts
                      from port in Gen.Choose(1, 65535)
                      from async in Gen.Elements(true, false)
                      from full in Gen.Elements(true, false)
                      select (host, port, async, full);
        Holds(sockets, socket =>
        {
            var application = EslApplication.Socket(socket.host, socket.port, socket.async, socket.full);
            var originate = EslOriginate.CreateBuilder().Leg(Endpoints[1]).Application(application).Build();
            var parsed = ParseBack(originate);

            Assert.Equal(2, parsed.ArgumentCount);
            Assert.Equal("socket", parsed.Application);
            string[] words = [$"{socket.host}:{socket.port}", .. socket.async ? ["async"] : Array.Empty<string>(), .. socket.full ? ["full"] : Array.Empty<string>()];
            Assert.Equal(words, FreeSwitchModel.Separate(parsed.ApplicationArguments!, ' ', 80));

            // The same application through sendmsg: a header value, taken literally.
            var packet = Assert.Single(FreeSwitchModel.ReadPackets(Wire.Bytes(EslCommands.SendMsgExecute(null, application))));
            Assert.Equal(string.Join(' ', words), packet.Header("execute-app-arg"));
        });
    }

    [Fact]
    public void Any_originate_the_builder_accepts_is_read_back_exactly_and_nothing_can_be_added()
    {
        var tally = new Tally();
        Holds(Specs, spec =>
        {
            var originate = TryBuild(() => Build(spec), out var refusal);
            tally.Count(originate is not null);
            if (originate is null)
            {
                AssertSafeRefusal(refusal!, expectedField: null);
                Assert.DoesNotContain("SECRET", refusal!.ToString(), StringComparison.Ordinal);
                if (spec.Uuid is not null && spec.Legs.Length > 1 && TryBuild(() => Build(spec with { Uuid = null, Legs = [.. spec.Legs.Select(l => l with { Uuid = null })] }), out _) is not null)
                {
                    // Nothing else is wrong with it: the shared UUID is what is refused, and why.
                    Assert.Equal(("uuid", EslRejectionReason.UuidSharedByLegs), (refusal.Field, refusal.Reason));
                }

                return;
            }

            // One UUID per channel: a shared one, a per-leg one that repeats, or one set as a raw variable never builds.
            Assert.False(spec.Uuid is not null && spec.Legs.Length > 1);
            Assert.Equal(spec.Legs.Count(l => l.Uuid is not null), spec.Legs.Where(l => l.Uuid is not null).Select(l => l.Uuid).Distinct().Count());
            Assert.DoesNotContain(spec.Globals.Concat(spec.Legs.SelectMany(l => l.Variables)), v => v.Name.Equals("origination_uuid", StringComparison.OrdinalIgnoreCase));
            Assert.Equal(spec.Legs.Select(l => l.Uuid ?? spec.Uuid).ToArray(), originate.LegUuids);
            AssertChannelUuids(originate);

            var globals = new List<KeyValuePair<string, string>>();
            if (spec.Uuid is { } uuid)
            {
                globals.Add(new("origination_uuid", uuid.ToString("D")));
            }

            if (spec.CallerIdName is not null)
            {
                globals.Add(new("origination_caller_id_name", spec.CallerIdName));
            }

            if (spec.Timeout is { } timeout)
            {
                globals.Add(new("originate_timeout", timeout.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }

            globals.AddRange(spec.Globals.Select(v => new KeyValuePair<string, string>(v.Name, v.Value)));
            AssertParsesBack(originate, new Expected(
                globals,
                spec.Legs.Select(l => new ExpectedLeg(l.Endpoint, (l.Uuid is { } legUuid ? [new KeyValuePair<string, string>("origination_uuid", legUuid.ToString("D"))] : Array.Empty<KeyValuePair<string, string>>()).Concat(l.Variables.Select(v => new KeyValuePair<string, string>(v.Name, v.Value))).ToList())).ToList(),
                spec.Mode,
                spec.Application,
                spec.Application is null ? null : spec.Arguments is { Length: > 0 } ? spec.Arguments : null));

            foreach (string rendering in new[] { originate.ToString(), EslCommands.BgApi(originate, Guid.Empty).ToString() })
            {
                Assert.DoesNotContain("SECRET", rendering, StringComparison.Ordinal);
            }
        }, tests: 4000);

        tally.AssertBothExercised();
    }

    [Fact]
    public void Quotes_and_brackets_are_spread_across_blocks_without_two_values_merging()
    {
        // Every value has at most one quote (more is refused per value) and some brackets, so the block
        // choice has to keep quoted values apart and each bracket in a block that can hold it.
        var piece = Gen.Elements("a", "b c", ",", "=", "{", "}", "<", ">", "[", "]", "|", "x,y");
        var value = from text in Gen.ArrayOf(piece, 3).Select(string.Concat)
                    from quote in Gen.Elements(true, false)
                    select (quote ? "it'" : "it") + text + "z";
        var variables = from count in Gen.Choose(0, 4)
                        from values in Gen.ArrayOf(value, count)
                        select values.Select((v, i) => new VariableSpec($"g{i}", v, false)).ToArray();
        var legs = from count in Gen.Choose(1, 2)
                   from perLeg in Gen.ArrayOf(Gen.Choose(0, 2).SelectMany(n => Gen.ArrayOf(value, n)), count)
                   select perLeg.Select((vs, l) => new LegSpec(Endpoints[l], vs.Select((v, i) => new VariableSpec($"l{l}_{i}", v, false)).ToArray())).ToArray();
        var specs = from globals in variables
                    from legList in legs
                    from mode in Gen.Elements(EslLegMode.Sequential, EslLegMode.Simultaneous)
                    select new OriginateSpec(globals, legList, mode, "park", null, null, null, null);
        var tally = new Tally();
        Holds(specs, spec =>
        {
            var originate = TryBuild(() => Build(spec), out var refusal);
            tally.Count(originate is not null);
            if (originate is null)
            {
                AssertSafeRefusal(refusal!, expectedField: null);
                Assert.True(refusal!.Reason is EslRejectionReason.TooManyQuotes or EslRejectionReason.NoBlockCanCarry, refusal.Reason.ToString());
                return;
            }

            AssertParsesBack(originate, new Expected(
                spec.Globals.Select(v => new KeyValuePair<string, string>(v.Name, v.Value)).ToList(),
                spec.Legs.Select(l => new ExpectedLeg(l.Endpoint, l.Variables.Select(v => new KeyValuePair<string, string>(v.Name, v.Value)).ToList())).ToList(),
                spec.Mode,
                "park",
                null));
        }, tests: 3000);
        tally.AssertBothExercised();
    }

    private static Gen<VariableSpec> Variables { get; } =
        from name in Gen.Elements(Names)
        from value in HostileText.Mixed
        from secret in Gen.Elements(false, false, true)
        select new VariableSpec(name, secret ? "SECRET" + value : value, secret);

    // A few UUIDs, so that legs sometimes share one (refused) and mostly do not.
    private static readonly Guid[] LegUuidPool = [.. Enumerable.Range(10, 30).Select(i => Guid.Parse($"00000000-0000-4000-8000-0000000000{i}"))];

    private static Gen<LegSpec> Legs { get; } =
        from endpoint in Gen.Elements(Endpoints)
        from count in Gen.Choose(0, 3)
        from variables in Gen.ArrayOf(Variables, count)
        from uuid in Gen.Frequency((2, Gen.Constant<Guid?>(null)), (3, Gen.Elements(LegUuidPool).Select(g => (Guid?)g)))
        select new LegSpec(endpoint, variables, uuid);

    private static Gen<OriginateSpec> Specs { get; } =
        from globalCount in Gen.Choose(0, 5)
        from globals in Gen.ArrayOf(Variables, globalCount)
        from legCount in Gen.Choose(1, 3)
        from legs in Gen.ArrayOf(Legs, legCount)
        from mode in Gen.Elements(EslLegMode.Sequential, EslLegMode.Simultaneous)
        from application in Gen.Elements<string?>("park", "socket", "playback", null)
        from arguments in Gen.Frequency((1, Gen.Constant<string?>(null)), (2, HostileText.Mixed.Select(s => (string?)s)))
        from uuid in Gen.Frequency((legs.Length == 1 ? 3 : 6, Gen.Constant<Guid?>(null)), (3, Gen.Constant<Guid?>(Guid.Parse("0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9"))))
        from callerIdName in Gen.Frequency((2, Gen.Constant<string?>(null)), (1, HostileText.Mixed.Select(s => (string?)s)))
        from timeout in Gen.Elements<int?>(null, 30)
        select new OriginateSpec(globals, legs, mode, application, arguments, uuid, callerIdName, timeout);

    private static EslOriginate Build(OriginateSpec spec)
    {
        var builder = EslOriginate.CreateBuilder();
        if (spec.Uuid is { } uuid)
        {
            builder.Uuid(uuid);
        }

        if (spec.CallerIdName is not null)
        {
            builder.CallerIdName(spec.CallerIdName);
        }

        if (spec.Timeout is { } timeout)
        {
            builder.Timeout(timeout);
        }

        foreach (var variable in spec.Globals)
        {
            builder.Variable(variable.Name, variable.Value, variable.Secret);
        }

        foreach (var leg in spec.Legs)
        {
            var legVariables = leg.Variables.Select(v => new EslVariable(v.Name, v.Value, v.Secret)).ToArray();
            if (leg.Uuid is { } legUuid)
            {
                builder.Leg(leg.Endpoint, legUuid, legVariables);
            }
            else
            {
                builder.Leg(leg.Endpoint, legVariables);
            }
        }

        builder.Mode(spec.Mode);
        if (spec.Application is null)
        {
            builder.Extension("1000", "XML", "default");
        }
        else
        {
            builder.Application(spec.Application, spec.Arguments);
        }

        return builder.Build();
    }

    /// <summary>Writes the originate as bgapi, reads it back with the model, and checks every slot and that nothing else is there.</summary>
    internal static void AssertParsesBack(EslOriginate originate, Expected expected)
    {
        var parsed = ParseBack(originate);
        if (expected.Application is null)
        {
            Assert.Equal(4, parsed.ArgumentCount);
            Assert.Equal(("1000", "XML", "default"), (parsed.Extension, parsed.Dialplan, parsed.Context));
            Assert.Null(parsed.Application);
        }
        else
        {
            Assert.Equal(2, parsed.ArgumentCount);
            Assert.Equal(expected.Application, parsed.Application);
            Assert.Equal(expected.Arguments, parsed.ApplicationArguments);
        }

        var dial = parsed.Dial!;
        Assert.False(dial.IsEnterprise);

        // A value may contain "origination_nested_vars=true", which switches FreeSWITCH's ${ check off for
        // the whole originate; ChannelVariables applies that check, and no accepted value contains ${.
        var legs = dial.Legs.ToList();
        Assert.Equal(expected.Legs.Count, legs.Count);
        Assert.Equal(expected.Mode == EslLegMode.Sequential ? legs.Count : 1, dial.Groups.Count);
        for (int i = 0; i < legs.Count; i++)
        {
            Assert.Equal(expected.Legs[i].Endpoint.ToString(), legs[i].Endpoint);
            var want = expected.Globals.Concat(expected.Legs[i].Variables).OrderBy(v => v.Key, StringComparer.Ordinal).ToList();
            var got = FreeSwitchModel.ChannelVariables(dial, legs[i]).OrderBy(v => v.Key, StringComparer.Ordinal).ToList();
            Assert.Equal(want, got);

            // Exactly its slot: each variable is where the builder says it put it, and nowhere else.
            foreach (var (name, _) in want)
            {
                int places = Count(dial.Enterprise, name) + Count(dial.Global, name) + Count(legs[i].Variables, name);
                Assert.Equal(1, places);
                var block = Count(dial.Enterprise, name) == 1 ? EslVariableBlock.Enterprise : Count(dial.Global, name) == 1 ? EslVariableBlock.Global : EslVariableBlock.Leg;
                Assert.Equal(originate.GetBlock(name, i), block);
            }
        }

        static int Count(IEnumerable<KeyValuePair<string, string>> variables, string name) => variables.Count(v => v.Key == name);
    }

    /// <summary>What FreeSWITCH does with the legs' UUIDs (the model): each leg's channel asks for the one LegUuids names, and no two legs ask for the same.</summary>
    internal static void AssertChannelUuids(EslOriginate originate)
    {
        var dial = ParseBack(originate).Dial!;
        var requested = FreeSwitchModel.RequestedUuids(dial);
        Assert.Equal(originate.LegUuids.Select(u => u?.ToString("D")).ToArray(), requested.ToArray());
        Assert.Null(FreeSwitchModel.FirstDuplicateUuidLeg(dial));
    }

    internal static FreeSwitchModel.Originate ParseBack(EslOriginate originate)
    {
        var job = Guid.NewGuid();
        var packet = Assert.Single(FreeSwitchModel.ReadPackets(Wire.Bytes(EslCommands.BgApi(originate, job))));
        Assert.False(FreeSwitchModel.IsHijacked(packet));
        Assert.Equal([new("Job-UUID", job.ToString("D"))], packet.Headers);
        Assert.Null(packet.Body);
        var (command, argument) = FreeSwitchModel.ApiCall(packet.CommandLine);
        Assert.Equal("originate", command);
        Assert.Equal(Wire.Argument(originate), argument);
        var parsed = FreeSwitchModel.ParseOriginate(argument!);
        Assert.Null(parsed.Usage);
        return parsed;
    }

    /// <summary>A refusal is typed, names a field that holds no value, and its message does not depend on the value.</summary>
    internal static void AssertSafeRefusal(EslValueRejectedException refusal, string? expectedField)
    {
        if (expectedField is not null)
        {
            Assert.Equal(expectedField, refusal.Field);
        }

        Assert.Matches("^[A-Za-z0-9_.\\[\\]-]+$", refusal.Field);
        Assert.True(Enum.IsDefined(refusal.Reason));
        Assert.Equal(new EslValueRejectedException(refusal.Field, refusal.Reason).Message, refusal.Message);
    }

    internal static T? TryBuild<T>(Func<T> build, out EslValueRejectedException? refusal)
        where T : class
    {
        try
        {
            refusal = null;
            return build();
        }
        catch (EslValueRejectedException ex)
        {
            refusal = ex;
            return null;
        }
    }

    /// <summary>
    /// Checks the property on <paramref name="tests"/> generated cases (times ESLKIT_PROPERTY_SCALE when set,
    /// for longer hunts than a normal test run).
    /// </summary>
    internal static void Holds<T>(Gen<T> generator, Action<T> property, int tests = 2000)
    {
        int scale = int.TryParse(Environment.GetEnvironmentVariable("ESLKIT_PROPERTY_SCALE"), out int s) && s > 0 ? s : 1;
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(tests * scale), Prop.ForAll(generator.ToArbitrary(), property));
    }

    /// <summary>Counts how often a property took each branch, so a test can show both were exercised.</summary>
    internal sealed class Tally
    {
        public int Accepted { get; private set; }

        public int Refused { get; private set; }

        public void Count(bool accepted)
        {
            if (accepted)
            {
                Accepted++;
            }
            else
            {
                Refused++;
            }
        }

        /// <summary>Each branch ran in at least <paramref name="share"/> of the cases.</summary>
        public void AssertBothExercised(double share = 0.1)
        {
            int total = Accepted + Refused;
            Assert.True(Accepted >= total * share, $"only {Accepted} of {total} cases were accepted");
            Assert.True(Refused >= total * share, $"only {Refused} of {total} cases were refused");
        }
    }

    internal sealed record ExpectedLeg(EslEndpoint Endpoint, IReadOnlyList<KeyValuePair<string, string>> Variables);

    internal sealed record Expected(
        IReadOnlyList<KeyValuePair<string, string>> Globals,
        IReadOnlyList<ExpectedLeg> Legs,
        EslLegMode Mode,
        string? Application,
        string? Arguments);

    private sealed record VariableSpec(string Name, string Value, bool Secret);

    private sealed record LegSpec(EslEndpoint Endpoint, VariableSpec[] Variables, Guid? Uuid = null);

    private sealed record OriginateSpec(
        VariableSpec[] Globals,
        LegSpec[] Legs,
        EslLegMode Mode,
        string? Application,
        string? Arguments,
        Guid? Uuid,
        string? CallerIdName,
        int? Timeout);
}
