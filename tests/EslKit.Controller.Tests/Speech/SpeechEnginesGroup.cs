namespace EslKit.Controller.Tests.Speech;

/// <summary>The tests that use the shared <see cref="SpeechEngines"/>.</summary>
[CollectionDefinition(Name)]
public sealed class SpeechEnginesGroup : ICollectionFixture<SpeechEngines>
{
    public const string Name = "Speech engines";
}
