namespace EslKit.Commands;

/// <summary>A variable of a built originate, validated, with what the block choice needs to know.</summary>
internal readonly struct EslOriginateVariable
{
    public EslOriginateVariable(string name, string value, bool isSecret, EslTextTraits traits, string field)
    {
        Name = name;
        Value = value;
        IsSecret = isSecret;
        Traits = traits;
        Field = field;
    }

    public string Name { get; }

    public string Value { get; }

    public bool IsSecret { get; }

    public EslTextTraits Traits { get; }

    /// <summary>How errors name it: the variable's name, or <c>legs[i].name</c> for a leg's own.</summary>
    public string Field { get; }

    public bool HasQuote => (Traits & EslTextTraits.Quote) != 0;

    /// <summary><c>{…}</c> ends at the first unbalanced <c>}</c> and cannot carry braces (DESIGN.md §3).</summary>
    public bool FitsGlobal => (Traits & EslTextTraits.Brace) == 0;

    /// <summary><c>&lt;…&gt;</c> cannot carry <c>&lt;</c> or <c>&gt;</c>.</summary>
    public bool FitsEnterprise => (Traits & EslTextTraits.Angle) == 0;

    /// <summary><c>[…]</c> cannot carry square brackets, nor <c>|</c>, which splits the legs before <c>[…]</c> is read.</summary>
    public bool FitsLeg => (Traits & (EslTextTraits.Square | EslTextTraits.Pipe)) == 0;

    public bool Fits(EslVariableBlock block) => block switch
    {
        EslVariableBlock.Global => FitsGlobal,
        EslVariableBlock.Enterprise => FitsEnterprise,
        _ => FitsLeg,
    };

    public override string ToString() => $"{Name}=***";
}
