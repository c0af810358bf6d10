namespace EslKit.Commands;

/// <summary>The variable block of an originate that carries a variable.</summary>
public enum EslVariableBlock
{
    /// <summary><c>&lt;…&gt;</c>, parsed first; outside enterprise originates it sets the same variables as <c>{…}</c>.</summary>
    Enterprise = 1,

    /// <summary><c>{…}</c>: variables of every leg.</summary>
    Global,

    /// <summary><c>[…]</c> right before one leg's endpoint: that leg only.</summary>
    Leg,
}
