using EslKit.Controller.Speech;
using EslKit.Controller.Speech.Scripted;

namespace EslKit.Controller.Tests.Speech;

/// <summary>The scripted agent: greeting, rules in order, goodbye, fallback, and the grammar it hands out.</summary>
public sealed class ScriptedAgentTests
{
    private readonly ScriptedAgentFactory _factory = new(ScriptedAgentOptions.AppointmentDesk());

    [Fact]
    public async Task It_greets_first_and_answers_by_keyword_in_rule_order()
    {
        IConversationAgent agent = _factory.CreateAgent();
        Assert.Contains("How can I help", (await agent.GreetAsync()).Text, StringComparison.Ordinal);
        Assert.Equal("Certainly. Which day would you like to come in?", (await agent.ReplyAsync("i would like to book an appointment")).Text);
        Assert.StartsWith("You are booked in", (await agent.ReplyAsync("i would like to book an appointment for next tuesday")).Text, StringComparison.Ordinal);
        Assert.StartsWith("I have cancelled", (await agent.ReplyAsync("i would like to cancel my appointment")).Text, StringComparison.Ordinal);
        Assert.False((await agent.ReplyAsync("what are your opening hours")).EndCall);
    }

    [Fact]
    public async Task Goodbye_hangs_up()
    {
        AgentReply reply = await _factory.CreateAgent().ReplyAsync("no thank you goodbye");
        Assert.True(reply.EndCall);
    }

    [Fact]
    public async Task Misunderstandings_fall_back_then_give_up()
    {
        IConversationAgent agent = _factory.CreateAgent();
        Assert.False((await agent.ReplyAsync(string.Empty)).EndCall);
        Assert.False((await agent.ReplyAsync("hello")).EndCall);
        AgentReply last = await agent.ReplyAsync("yes");
        Assert.True(last.EndCall);
        Assert.Contains("Goodbye", last.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keywords_match_whole_words_only()
    {
        IConversationAgent agent = _factory.CreateAgent();
        Assert.Equal("Sorry, I did not catch that. Could you say it again?", (await agent.ReplyAsync("rebooked")).Text);
    }

    [Fact]
    public void The_grammar_holds_every_phrase_and_no_lone_keyword()
    {
        SpeechGrammar grammar = _factory.CreateAgent().Grammar!;
        Assert.Contains("i would like to book an appointment for next tuesday", grammar.Jsgf, StringComparison.Ordinal);
        Assert.Contains("| please cancel my appointment |", grammar.Jsgf, StringComparison.Ordinal);
        Assert.DoesNotContain("| cancel |", grammar.Jsgf, StringComparison.Ordinal);
        Assert.Contains("public <utterance> = <phrase>+;", grammar.Jsgf, StringComparison.Ordinal);
        Assert.Contains("tuesday", grammar.Words);
        Assert.Same(grammar, _factory.CreateAgent().Grammar);
    }

    [Fact]
    public void Replies_split_into_sentences()
    {
        var reply = new AgentReply("You are booked in. We will send a reminder! Anything else?", false);
        Assert.Equal(["You are booked in.", "We will send a reminder!", "Anything else?"], reply.Sentences());
        Assert.Equal(["It costs 5.50 ringgit."], new AgentReply("It costs 5.50 ringgit.", false).Sentences());
    }

    [Fact]
    public void Bad_scripts_and_phrases_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new ScriptedAgentFactory(new ScriptedAgentOptions()));
        var noKeyword = new ScriptedAgentOptions();
        noKeyword.Rules.Add(new ScriptedAgentRule { Reply = "Hi." });
        Assert.Throws<ArgumentException>(() => new ScriptedAgentFactory(noKeyword));
        Assert.Throws<ArgumentException>(() => new SpeechGrammarBuilder().AddPhrase("call 911"));
        Assert.Throws<ArgumentException>(() => new SpeechGrammarBuilder().AddPhrase("?!"));
        Assert.Throws<InvalidOperationException>(() => new SpeechGrammarBuilder().Build());
        Assert.Throws<ArgumentException>(() => new SpeechGrammar("public <a> = b;"));
    }

    [Fact]
    public void Digit_strings_are_fixed_length_rules_not_loops()
    {
        SpeechGrammar grammar = new SpeechGrammarBuilder().AddPhrase("my number is").AddDigits(3).Build();
        Assert.Contains("<digits3> = <digit> <digit> <digit>;", grammar.Jsgf, StringComparison.Ordinal);
        Assert.DoesNotContain("<digit>+", grammar.Jsgf, StringComparison.Ordinal);
        Assert.DoesNotContain("<digit>*", grammar.Jsgf, StringComparison.Ordinal);
    }
}
