using System.Globalization;
using EslKit.Diagnostics;

namespace EslKit;

/// <summary>
/// Builds an <see cref="EslOriginate"/>: variables for every leg, the legs (endpoint and the leg's own
/// variables), sequential or simultaneous, and an application or an extension. Each call checks its input
/// at once; <see cref="Build"/> checks the whole and chooses the variable blocks. Every refusal is an
/// <see cref="EslValueRejectedException"/> naming the variable, never showing its value.
/// </summary>
/// <remarks>
/// Block choice (DESIGN.md §3): a leg's own variables go in its <c>[…]</c>; the variables for every leg go
/// together into <c>{…}</c>, or together into <c>&lt;…&gt;</c> when one holds a brace; failing that, each into
/// the first of <c>{…}</c>, <c>&lt;…&gt;</c>, every leg's <c>[…]</c> that can carry it. At most one value with a
/// <c>'</c> per block, and one across all <c>[…]</c>, written last there. See docs/commands.md.
/// </remarks>
/// <example>
/// <code>
/// var originate = EslOriginate.CreateBuilder()
///     .Uuid(callId)
///     .Variable("campaign_id", "42")
///     .SipCredentials("601548732123", password)
///     .Leg(EslEndpoint.Sofia("external", "60123456789", "sip.example.com"))
///     .Leg(EslEndpoint.Sofia("external", "60123456789", "sip2.example.com"))
///     .Application(EslApplication.Socket("10.0.0.5", 8084))
///     .Build();
/// connection.Send(EslCommands.BgApi(originate, jobUuid));
/// </code>
/// </example>
public sealed class EslOriginateBuilder
{
    /// <summary>The variable sofia reads a per-call digest username from.</summary>
    public const string SipAuthUsername = "sip_auth_username";

    /// <summary>The variable sofia reads a per-call digest password from (always redacted).</summary>
    public const string SipAuthPassword = "sip_auth_password";

    /// <summary>The variable that gives a new channel its UUID; set it with <see cref="Uuid"/> or per leg with <see cref="Leg(EslEndpoint, Guid, ReadOnlySpan{EslVariable})"/>.</summary>
    public const string OriginationUuid = "origination_uuid";

    // sofia-sip packs "user:password" for digest authentication into a 256-byte buffer.
    private const int MaxSipCredentialBytes = 256;

    private readonly List<EslOriginateVariable> _variables = [];
    private readonly List<(EslEndpoint Endpoint, Guid? Uuid, EslOriginateVariable[] Variables)> _legs = [];
    private EslLegMode _mode;
    private string? _application;
    private string? _arguments;
    private string? _extension;
    private string? _dialplan;
    private string? _context;
    private Guid? _uuid;
    private EslOriginateVariable? _callerIdName;
    private string? _callerIdNumber;
    private int? _timeout;

    /// <summary>Sets a channel variable on every leg.</summary>
    /// <param name="name">ASCII letters, digits, <c>_ . -</c>.</param>
    /// <param name="value">The value FreeSWITCH must end up with.</param>
    /// <param name="secret">Mask the value in every rendering (always done for <c>sip_auth_password</c>).</param>
    public EslOriginateBuilder Variable(string name, string value, bool secret = false)
    {
        _variables.Add(Check(name, value, secret, prefix: "", position: $"variables[{_variables.Count}]"));
        return this;
    }

    /// <summary>Sets a channel variable on every leg.</summary>
    public EslOriginateBuilder Variable(EslVariable variable) => Variable(variable.Name, variable.Value, variable.IsSecret);

    /// <summary>Sets a channel variable on every leg, masked in every rendering.</summary>
    public EslOriginateBuilder SecretVariable(string name, string value) => Variable(name, value, secret: true);

    /// <summary>
    /// Per-call SIP digest credentials for every leg (<c>sip_auth_username</c>, <c>sip_auth_password</c>).
    /// Neither may contain <c>:</c>, and <c>user:password</c> must fit in 256 bytes.
    /// </summary>
    public EslOriginateBuilder SipCredentials(string username, string password) =>
        Variable(SipAuthUsername, username).Variable(SipAuthPassword, password, secret: true);

    /// <summary>Adds a leg: its endpoint and the variables for that leg only.</summary>
    public EslOriginateBuilder Leg(EslEndpoint endpoint, params ReadOnlySpan<EslVariable> variables) => AddLeg(endpoint, null, variables);

    /// <summary>
    /// Adds a leg whose channel gets <paramref name="uuid"/> (<c>origination_uuid</c> in the leg's own <c>[…]</c>),
    /// and the variables for that leg only. With several legs each needs its own UUID (FreeSWITCH refuses a second
    /// channel with the same UUID): record them (<see cref="EslOriginate.LegUuids"/>) before dialling, and the
    /// originate's <c>+OK &lt;uuid&gt;</c> names the leg that answered.
    /// </summary>
    public EslOriginateBuilder Leg(EslEndpoint endpoint, Guid uuid, params ReadOnlySpan<EslVariable> variables) => AddLeg(endpoint, uuid, variables);

    /// <summary>How the legs are tried: one after another (the default) or all at once.</summary>
    public EslOriginateBuilder Mode(EslLegMode mode)
    {
        _mode = Enum.IsDefined(mode) ? mode : throw new EslValueRejectedException("mode", EslRejectionReason.OutOfRange);
        return this;
    }

    /// <summary>
    /// Runs an application on the answered call: <c>&amp;name(arguments)</c>. The arguments are written so
    /// they arrive as one string (spaces as <c>\s</c>); they cannot contain <c>)</c>, a backslash or <c>${</c>.
    /// </summary>
    public EslOriginateBuilder Application(string name, string? arguments = null)
    {
        EslValues.Name(name, "application", EslValues.CommandNameExtra);
        if (!string.IsNullOrEmpty(arguments))
        {
            var traits = EslValues.Parsed(arguments, "arguments", EslEscape.Token);

            // originate cuts the arguments at the first ')'.
            if ((traits & EslTextTraits.CloseParenthesis) != 0)
            {
                throw new EslValueRejectedException("arguments", EslRejectionReason.UnsupportedCharacter);
            }
        }

        _application = name;
        _arguments = string.IsNullOrEmpty(arguments) ? null : arguments;
        _extension = _dialplan = _context = null;
        return this;
    }

    /// <summary>Runs an application on the answered call (see <see cref="Application(string, string?)"/>).</summary>
    public EslOriginateBuilder Application(EslApplication application) => Application(application.Name, application.Argument);

    /// <summary>Sends the answered call into the dialplan: <c>&lt;extension&gt; [dialplan] [context]</c>.</summary>
    /// <param name="extension">Letters, digits, <c>_ . + * # -</c>.</param>
    /// <param name="dialplan">E.g. <c>XML</c>; FreeSWITCH's default is XML.</param>
    /// <param name="context">E.g. <c>default</c>; FreeSWITCH's default is default.</param>
    public EslOriginateBuilder Extension(string extension, string? dialplan = null, string? context = null)
    {
        EslValues.Name(extension, "extension", EslValues.ExtensionExtra);
        EslValues.NotReserved(extension, "extension", "undef");
        if (dialplan is not null)
        {
            EslValues.Name(dialplan, "dialplan", EslValues.CommandNameExtra);
            EslValues.NotReserved(dialplan, "dialplan", "undef");
        }

        if (context is not null)
        {
            EslValues.Name(context, "context", EslValues.ProfileNameExtra);
            EslValues.NotReserved(context, "context", "undef");
        }

        _extension = extension;
        _dialplan = dialplan;
        _context = context;
        _application = _arguments = null;
        return this;
    }

    /// <summary>Seconds to wait for an answer (<c>originate_timeout</c>, 1–86400).</summary>
    public EslOriginateBuilder Timeout(int seconds)
    {
        _timeout = seconds is >= 1 and <= 86400 ? seconds : throw new EslValueRejectedException("timeout", EslRejectionReason.OutOfRange);
        return this;
    }

    /// <summary>The caller ID name shown to the called party (<c>origination_caller_id_name</c>).</summary>
    public EslOriginateBuilder CallerIdName(string name)
    {
        _callerIdName = Check("origination_caller_id_name", name, secret: false, prefix: "", position: "callerIdName");
        return this;
    }

    /// <summary>The caller ID number (<c>origination_caller_id_number</c>): an optional <c>+</c> and digits.</summary>
    public EslOriginateBuilder CallerIdNumber(string number)
    {
        EslValues.Number(number, "callerIdNumber");
        _callerIdNumber = number;
        return this;
    }

    /// <summary>
    /// The UUID the new channel gets (<c>origination_uuid</c>), so the caller knows it before the call exists.
    /// For an originate with one leg; with several, <see cref="Build"/> refuses it
    /// (<see cref="EslRejectionReason.UuidSharedByLegs"/>): give each leg its own with
    /// <see cref="Leg(EslEndpoint, Guid, ReadOnlySpan{EslVariable})"/>.
    /// </summary>
    public EslOriginateBuilder Uuid(Guid uuid)
    {
        _uuid = uuid;
        return this;
    }

    /// <summary>Checks the originate as a whole, chooses the variable blocks and returns the immutable originate.</summary>
    /// <exception cref="EslValueRejectedException">A value cannot be carried, or the originate is incomplete.</exception>
    public EslOriginate Build()
    {
        if (_legs.Count == 0)
        {
            throw new EslValueRejectedException("legs", EslRejectionReason.Empty);
        }

        if (_application is null && _extension is null)
        {
            throw new EslValueRejectedException("application", EslRejectionReason.Empty);
        }

        CheckUuids();
        var globals = new List<EslOriginateVariable>(_variables.Count + 4);
        if (_uuid is { } uuid)
        {
            globals.Add(Known(OriginationUuid, uuid.ToString("D"), "uuid"));
        }

        if (_callerIdName is { } callerIdName)
        {
            globals.Add(callerIdName);
        }

        if (_callerIdNumber is not null)
        {
            globals.Add(Known("origination_caller_id_number", _callerIdNumber, "callerIdNumber"));
        }

        if (_timeout is { } timeout)
        {
            globals.Add(Known("originate_timeout", timeout.ToString(CultureInfo.InvariantCulture), "timeout"));
        }

        globals.AddRange(_variables);
        CheckUnique(globals);
        CheckHijack(globals);
        foreach (var (_, _, legVariables) in _legs)
        {
            CheckUnique([.. globals, .. legVariables]);
        }

        CheckSipCredentials(globals);
        var placement = EslBlockChoice.Choose(globals, _legs.Select(l => l.Variables).ToArray());
        var originate = new EslOriginate(
            placement,
            _legs.Select(l => l.Endpoint).ToArray(),
            _legs.Select(l => l.Uuid ?? _uuid).ToArray(),
            _mode,
            _application,
            _arguments,
            _extension,
            _extension is null ? null : _dialplan ?? (_context is null ? null : "XML"),
            _context,
            _uuid);
        originate.CheckWholeText();
        return originate;
    }

    private EslOriginateBuilder AddLeg(EslEndpoint endpoint, Guid? uuid, ReadOnlySpan<EslVariable> variables)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        string prefix = $"legs[{_legs.Count}].";
        int first = uuid is null ? 0 : 1;
        var checkedVariables = new EslOriginateVariable[variables.Length + first];
        if (uuid is { } legUuid)
        {
            // First in the leg's block, as FreeSWITCH was seen to accept it: [origination_uuid=A,leg_timeout=3]leg1.
            checkedVariables[0] = Known(OriginationUuid, legUuid.ToString("D"), prefix + OriginationUuid);
        }

        for (int i = 0; i < variables.Length; i++)
        {
            var v = variables[i];
            checkedVariables[i + first] = Check(v.Name, v.Value, v.IsSecret, prefix, $"{prefix}variables[{i}]");
        }

        _legs.Add((endpoint, uuid, checkedVariables));
        return this;
    }

    private static EslOriginateVariable Check(string name, string value, bool secret, string prefix, string position)
    {
        // A name that is not valid may hold anything, so errors about it give its position, not the name.
        EslValues.Name(name, position, EslValues.VariableNameExtra);
        string field = prefix + name;

        // The channel UUIDs are the builder's to write (Uuid, Leg(endpoint, uuid)), so LegUuids is always the truth.
        if (name.Equals(OriginationUuid, StringComparison.OrdinalIgnoreCase))
        {
            throw new EslValueRejectedException(field, EslRejectionReason.Reserved);
        }
        var traits = EslValues.Parsed(value, field, EslEscape.Block);
        bool isUsername = name.Equals(SipAuthUsername, StringComparison.OrdinalIgnoreCase);
        bool isPassword = name.Equals(SipAuthPassword, StringComparison.OrdinalIgnoreCase);
        if ((isUsername || isPassword) && (traits & EslTextTraits.Colon) != 0)
        {
            throw new EslValueRejectedException(field, EslRejectionReason.ColonInSipCredential);
        }

        return new EslOriginateVariable(name, value, secret || EslRedaction.IsAlwaysSecret(name), traits, field);
    }

    // Variables whose values EslKit formats itself (a UUID, digits): plain, no further checks needed.
    private static EslOriginateVariable Known(string name, string value, string field) =>
        new(name, value, isSecret: false, EslText.Inspect(value), field);

    /// <summary>
    /// One UUID per channel: FreeSWITCH refuses to create a channel whose UUID another one still has, so one
    /// origination_uuid for several legs (sequential or simultaneous) dials at most the first.
    /// </summary>
    private void CheckUuids()
    {
        if (_uuid is not null && _legs.Count > 1)
        {
            throw new EslValueRejectedException("uuid", EslRejectionReason.UuidSharedByLegs);
        }

        var seen = new HashSet<Guid>();
        if (_uuid is { } global)
        {
            seen.Add(global);
        }

        for (int i = 0; i < _legs.Count; i++)
        {
            if (_legs[i].Uuid is { } legUuid)
            {
                if (_uuid is not null)
                {
                    throw new EslValueRejectedException($"legs[{i}].{OriginationUuid}", EslRejectionReason.Duplicate);
                }

                if (!seen.Add(legUuid))
                {
                    throw new EslValueRejectedException($"legs[{i}].{OriginationUuid}", EslRejectionReason.UuidSharedByLegs);
                }
            }
        }
    }

    private static void CheckUnique(IReadOnlyList<EslOriginateVariable> variables)
    {
        // FreeSWITCH keeps one value per name (names compare case-insensitively), and for a name in both
        // {…} and […] the {…} one wins on the channel: a second setting would be silently lost.
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var variable in variables)
        {
            if (!seen.Add(variable.Name))
            {
                throw new EslValueRejectedException(variable.Field, EslRejectionReason.Duplicate);
            }
        }
    }

    private void CheckHijack(List<EslOriginateVariable> globals)
    {
        var guard = default(EslHijackGuard);
        foreach (var variable in globals.Concat(_legs.SelectMany(l => l.Variables)))
        {
            guard.Add(variable.Name, variable.Field);
            guard.Add(variable.Traits, variable.Field);
        }

        for (int i = 0; i < _legs.Count; i++)
        {
            guard.Add(_legs[i].Endpoint.Text, $"legs[{i}].endpoint");
        }

        guard.Add(_application, "application");
        guard.Add(_arguments, "arguments");
        guard.Add(_extension, "extension");
        guard.Add(_dialplan, "dialplan");
        guard.Add(_context, "context");
    }

    private void CheckSipCredentials(List<EslOriginateVariable> globals)
    {
        foreach (var (_, _, legVariables) in _legs)
        {
            EslOriginateVariable? username = null;
            EslOriginateVariable? password = null;
            foreach (var variable in globals.Concat(legVariables))
            {
                if (variable.Name.Equals(SipAuthUsername, StringComparison.OrdinalIgnoreCase))
                {
                    username = variable;
                }
                else if (variable.Name.Equals(SipAuthPassword, StringComparison.OrdinalIgnoreCase))
                {
                    password = variable;
                }
            }

            if (username is null && password is null)
            {
                continue;
            }

            int bytes = System.Text.Encoding.UTF8.GetByteCount(username?.Value ?? "") + 1 + System.Text.Encoding.UTF8.GetByteCount(password?.Value ?? "");
            if (bytes > MaxSipCredentialBytes)
            {
                throw new EslValueRejectedException((password ?? username)!.Value.Field, EslRejectionReason.SipCredentialsTooLong);
            }
        }
    }
}
