using EslKit.Controller.Tests.Speech;
using EslKit.Controller.Tests.Support;

namespace EslKit.Controller.Tests.Voice;

/// <summary>The end-to-end voice tests: a PostgreSQL cluster of their own and the process's shared speech engines.</summary>
[CollectionDefinition(Name)]
public sealed class VoiceGroup : ICollectionFixture<PostgresCluster>, ICollectionFixture<SpeechEngines>
{
    public const string Name = "Voice";
}
