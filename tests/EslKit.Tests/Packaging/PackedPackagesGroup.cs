namespace EslKit.Tests.Packaging;

/// <summary>The packaging and doc-snippet tests share one pack and one consumer build, and run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class PackedPackagesGroup : ICollectionFixture<ConsumerWorkspace>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Packed packages";
}
