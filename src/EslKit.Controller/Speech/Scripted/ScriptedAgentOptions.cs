namespace EslKit.Controller.Speech.Scripted;

/// <summary>
/// A scripted agent's script (configuration section <c>Speech:ScriptedAgent</c>): a greeting, keyword rules tried
/// in order, a fallback, and the phrases the recogniser listens for.
/// </summary>
public sealed class ScriptedAgentOptions
{
    /// <summary>Spoken as soon as the call is answered.</summary>
    public string Greeting { get; set; } = "Hello, this is the automated assistant. How can I help you?";

    /// <summary>Keyword rules, tried in order; the first whose keyword the caller said answers.</summary>
    public IList<ScriptedAgentRule> Rules { get; } = [];

    /// <summary>Spoken when no rule matches (or nothing was understood).</summary>
    public string Fallback { get; set; } = "Sorry, I did not catch that. Could you say it again?";

    /// <summary>After this many fallbacks in a row the agent says <see cref="GiveUp"/> and hangs up (default 3).</summary>
    public int MaxFallbacks { get; set; } = 3;

    /// <summary>Spoken before hanging up after too many fallbacks.</summary>
    public string GiveUp { get; set; } = "I am sorry, I cannot help with that. Goodbye.";

    /// <summary>More phrases callers may say that no rule needs (yes, no, hello…): they only widen the grammar.</summary>
    public IList<string> ExtraPhrases { get; } = [];

    /// <summary>Lengths of digit strings callers may say (a phone number, a booking code), as fixed-length grammar rules.</summary>
    public IList<int> DigitLengths { get; } = [];

    /// <summary>
    /// A ready-made script for an appointment line (book, change, cancel, opening hours, prices, a person, goodbye):
    /// the demo's and the tests' script, and an example of the configuration.
    /// </summary>
    public static ScriptedAgentOptions AppointmentDesk()
    {
        var options = new ScriptedAgentOptions
        {
            Greeting = "Hello, this is the clinic's automated assistant. How can I help you today?",
        };
        options.Rules.Add(Rule(
            "Goodbye, and thank you for calling.",
            endCall: true,
            keywords: ["goodbye", "bye", "that is all", "no thank you"],
            phrases: ["that is all thank you", "no thank you", "goodbye"]));
        options.Rules.Add(Rule(
            "I have cancelled your appointment. Is there anything else?",
            keywords: ["cancel"],
            phrases: ["i would like to cancel my appointment", "please cancel my appointment"]));
        options.Rules.Add(Rule(
            "Of course. Which day would suit you better?",
            keywords: ["change", "move", "reschedule"],
            phrases: ["i would like to change my appointment", "can i move my appointment"]));
        options.Rules.Add(Rule(
            "You are booked in. We will send you a reminder the day before. Is there anything else?",
            keywords: ["monday", "tuesday", "wednesday", "thursday", "friday", "tomorrow"],
            phrases: ["next monday in the morning", "friday afternoon would be great", "is wednesday at ten possible", "tomorrow please"]));
        options.Rules.Add(Rule(
            "Certainly. Which day would you like to come in?",
            keywords: ["book", "appointment"],
            phrases: ["i would like to book an appointment", "i would like to book an appointment for next tuesday"]));
        options.Rules.Add(Rule(
            "We are open from nine in the morning to five in the afternoon, Monday to Friday.",
            keywords: ["opening", "hours", "open"],
            phrases: ["what are your opening hours", "when are you open"]));
        options.Rules.Add(Rule(
            "A check up costs fifty ringgit.",
            keywords: ["cost", "price", "how much"],
            phrases: ["how much does a check up cost", "what is the price"]));
        options.Rules.Add(Rule(
            "Please hold, I will pass you to a colleague.",
            keywords: ["someone", "person", "human"],
            phrases: ["can i speak to someone please", "i want to talk to a person"]));
        options.Rules.Add(Rule(
            "I will note that down and someone will call you back.",
            keywords: ["bill", "call me back"],
            phrases: ["i am calling about my bill", "can you call me back tomorrow"]));
        foreach (string phrase in new[] { "yes please", "yes", "no", "hello who is this", "hello", "thank you" })
        {
            options.ExtraPhrases.Add(phrase);
        }

        return options;
    }

    private static ScriptedAgentRule Rule(string reply, string[] keywords, string[] phrases, bool endCall = false)
    {
        var rule = new ScriptedAgentRule { Reply = reply, EndCall = endCall };
        foreach (string keyword in keywords)
        {
            rule.Keywords.Add(keyword);
        }

        foreach (string phrase in phrases)
        {
            rule.Phrases.Add(phrase);
        }

        return rule;
    }
}
