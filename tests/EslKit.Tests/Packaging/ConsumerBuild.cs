namespace EslKit.Tests.Packaging;

/// <summary>The one build of everything that consumes the packed packages: the samples and the doc snippets.</summary>
/// <param name="ExitCode">dotnet build's exit code.</param>
/// <param name="Output">Everything it printed.</param>
/// <param name="Errors">Its errors, at the markdown lines for doc snippets.</param>
/// <param name="Documents">The documents whose blocks were built (README.md, docs/**/*.md, and the deliberately broken one).</param>
/// <param name="SampleDirectory">The copy of the FirstHour sample that was built.</param>
internal sealed record ConsumerBuild(int ExitCode, string Output, IReadOnlyList<BuildDiagnostic> Errors, IReadOnlyList<DocumentSnippets> Documents, string SampleDirectory);
