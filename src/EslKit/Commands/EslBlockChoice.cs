namespace EslKit.Commands;

/// <summary>
/// Chooses the block (<c>&lt;…&gt;</c>, <c>{…}</c>, <c>[…]</c>) for every originate variable so FreeSWITCH
/// reads each value back exactly (DESIGN.md §3):
/// <list type="number">
/// <item>A leg's own variables can only go in its <c>[…]</c>.</item>
/// <item>The variables for every leg go together into <c>{…}</c>; if one of them holds <c>{</c> or <c>}</c>,
/// together into <c>&lt;…&gt;</c> (what the per-call-auth fixture shows FreeSWITCH accepting).</item>
/// <item>Otherwise each goes to the first block that can carry it, in the order <c>{…}</c>,
/// <c>&lt;…&gt;</c>, then a copy in every leg's <c>[…]</c>.</item>
/// <item>Quotes: FreeSWITCH pairs up <c>'</c> across a whole block (and across every <c>[…]</c> of the dial
/// string, which it splits on <c>|</c> and <c>,</c> before reading the blocks), stripping both whatever the
/// escaping. So each block holds at most one value with a <c>'</c>, all the <c>[…]</c> together at most
/// one, and in <c>[…]</c> it must be the last variable (FreeSWITCH stops splitting that block at the quote).</item>
/// </list>
/// What cannot be placed is refused: <see cref="EslRejectionReason.NoBlockCanCarry"/> or
/// <see cref="EslRejectionReason.TooManyQuotes"/>.
/// </summary>
internal static class EslBlockChoice
{
    private static readonly EslVariableBlock[] Preference = [EslVariableBlock.Global, EslVariableBlock.Enterprise, EslVariableBlock.Leg];

    public static EslBlockPlacement Choose(IReadOnlyList<EslOriginateVariable> globals, EslOriginateVariable[][] legs)
    {
        EslOriginateVariable? legQuote = null;
        foreach (var leg in legs)
        {
            foreach (var variable in leg)
            {
                if (!variable.FitsLeg)
                {
                    throw new EslValueRejectedException(variable.Field, EslRejectionReason.NoBlockCanCarry);
                }

                if (variable.HasQuote)
                {
                    if (legQuote is not null)
                    {
                        throw new EslValueRejectedException(variable.Field, EslRejectionReason.TooManyQuotes);
                    }

                    legQuote = variable;
                }
            }
        }

        int quoted = globals.Count(v => v.HasQuote);
        if (quoted <= 1 && globals.All(v => v.FitsGlobal))
        {
            return Place(globals, legs, _ => EslVariableBlock.Global);
        }

        if (quoted <= 1 && globals.All(v => v.FitsEnterprise))
        {
            return Place(globals, legs, _ => EslVariableBlock.Enterprise);
        }

        var blocks = new EslVariableBlock[globals.Count];
        var quotedIndexes = new List<int>();
        for (int i = 0; i < globals.Count; i++)
        {
            var variable = globals[i];
            if (!variable.FitsGlobal && !variable.FitsEnterprise && !variable.FitsLeg)
            {
                throw new EslValueRejectedException(variable.Field, EslRejectionReason.NoBlockCanCarry);
            }

            if (variable.HasQuote)
            {
                quotedIndexes.Add(i);
            }
            else
            {
                blocks[i] = Preference.First(variable.Fits);
            }
        }

        // A copy in every leg's […] adds one quote per leg to the one list FreeSWITCH splits, so a quoted
        // value can go there only when there is one leg whose own variables have no quote.
        bool legSlotFree = legs.Length == 1 && legQuote is null;
        if (!AssignQuoted(globals, quotedIndexes, 0, blocks, legSlotFree))
        {
            throw new EslValueRejectedException(globals[quotedIndexes[^1]].Field, EslRejectionReason.TooManyQuotes);
        }

        return Place(globals, legs, i => blocks[i]);
    }

    // Gives each quoted variable a block of its own (at most three exist), preferring {…}, then <…>, then […].
    private static bool AssignQuoted(IReadOnlyList<EslOriginateVariable> globals, List<int> quoted, int next, EslVariableBlock[] blocks, bool legSlotFree)
    {
        if (next == quoted.Count)
        {
            return true;
        }

        int index = quoted[next];
        foreach (var block in Preference)
        {
            bool taken = false;
            for (int k = 0; k < next; k++)
            {
                taken |= blocks[quoted[k]] == block;
            }

            if (taken || !globals[index].Fits(block) || (block == EslVariableBlock.Leg && !legSlotFree))
            {
                continue;
            }

            blocks[index] = block;
            if (AssignQuoted(globals, quoted, next + 1, blocks, legSlotFree))
            {
                return true;
            }
        }

        blocks[index] = default;
        return false;
    }

    private static EslBlockPlacement Place(IReadOnlyList<EslOriginateVariable> globals, EslOriginateVariable[][] legs, Func<int, EslVariableBlock> blockOf)
    {
        var enterprise = new List<EslOriginateVariable>();
        var global = new List<EslOriginateVariable>();
        var everyLeg = new List<EslOriginateVariable>();
        for (int i = 0; i < globals.Count; i++)
        {
            (blockOf(i) switch
            {
                EslVariableBlock.Enterprise => enterprise,
                EslVariableBlock.Global => global,
                _ => everyLeg,
            }).Add(globals[i]);
        }

        var legBlocks = new EslOriginateVariable[legs.Length][];
        for (int l = 0; l < legs.Length; l++)
        {
            // The leg's own variables, then the copies; a value with a quote goes last (see above).
            var all = legs[l].Concat(everyLeg).ToList();
            legBlocks[l] = [.. all.Where(v => !v.HasQuote), .. all.Where(v => v.HasQuote)];
        }

        return new EslBlockPlacement([.. enterprise], [.. global], legBlocks);
    }
}
