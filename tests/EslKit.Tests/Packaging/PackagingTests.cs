using System.IO.Compression;
using System.Xml.Linq;

namespace EslKit.Tests.Packaging;

/// <summary>
/// EslKit, EslKit.Hosting, EslKit.Testing and EslKit.AudioStream pack as NuGet packages, and the FirstHour sample — a consumer
/// that knows only those packages, from a local folder feed — builds and does the whole first-hour scenario.
/// </summary>
[Collection(PackedPackagesGroup.Name)]
public sealed class PackagingTests(ConsumerWorkspace workspace)
{
    [Fact]
    public void Each_package_has_its_description_license_readme_assembly_and_xml_docs()
    {
        foreach (string package in ConsumerWorkspace.Packages)
        {
            using var nupkg = ZipFile.OpenRead(Path.Combine(workspace.Feed, $"{package}.{workspace.Version}.nupkg"));
            var nuspec = XDocument.Load(nupkg.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
            var metadata = nuspec.Root!.Elements().Single(e => e.Name.LocalName == "metadata");
            Assert.False(string.IsNullOrWhiteSpace(metadata.Elements().Single(e => e.Name.LocalName == "description").Value));
            Assert.Equal("MIT", metadata.Elements().Single(e => e.Name.LocalName == "license").Value);
            Assert.Equal("README.md", metadata.Elements().Single(e => e.Name.LocalName == "readme").Value);
            Assert.Contains(nupkg.Entries, e => e.FullName == "README.md");
            Assert.Contains(nupkg.Entries, e => e.FullName == $"lib/net10.0/{package}.dll");
            Assert.Contains(nupkg.Entries, e => e.FullName == $"lib/net10.0/{package}.xml");
        }
    }

    [Fact]
    public async Task The_first_hour_sample_builds_from_the_packages_and_runs_the_whole_scenario()
    {
        var build = await workspace.BuildAsync();
        // The sample's errors, and those that are no document's (a package not found …); the docs have their own test.
        var errors = build.Errors
            .Where(e => e.File is null || !(e.File.EndsWith(".md", StringComparison.Ordinal) || e.File.StartsWith(Path.Combine(workspace.Root, "snippets"), StringComparison.Ordinal)))
            .Select(e => e.Describe(workspace.Root)).ToList();
        Assert.True(errors.Count == 0, $"The sample (or the build) failed:\n{string.Join('\n', errors)}\n{build.Output}");
        string program = await File.ReadAllTextAsync(Path.Combine(workspace.Repository, "samples", "FirstHour", "Program.cs"));
        Assert.True(program.Split('\n').Length < 100, "The sample is to show the first hour in well under 100 lines.");

        // Run from elsewhere, as `dotnet run --project samples/FirstHour` does: it must find its appsettings.json.
        string output = await DotnetCli.RunCheckedAsync(workspace.Root, TimeSpan.FromMinutes(3), "dotnet",
            Path.Combine(build.SampleDirectory, "bin", "Release", "net10.0", "FirstHour.dll"));
        Assert.DoesNotContain("Application started", output, StringComparison.Ordinal); // appsettings.json: warnings only

        string[] lines = output.ReplaceLineEndings("\n").Split('\n');
        string Line(string prefix) => lines.FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal))
            ?? throw new Xunit.Sdk.XunitException($"No line starting '{prefix}' in:\n{output}");

        Assert.StartsWith("status: UP 0 years", Line("status: "), StringComparison.Ordinal);
        string sending = Line("sending: originate ");
        Assert.Contains("sip_auth_password=***", sending, StringComparison.Ordinal);
        Assert.Contains(@"&socket(127.0.0.1:", sending, StringComparison.Ordinal);
        Assert.DoesNotContain("s{s'w", output, StringComparison.Ordinal); // the hostile password, never printed
        string callId = Line("originate: +OK ")["originate: +OK ".Length..].Trim();
        Assert.True(Guid.TryParse(callId, out _), output);
        Assert.Contains($"[origination_uuid={callId}]", sending, StringComparison.Ordinal);
        Assert.Equal($"handler: call {callId} to 60123456789, campaign c-42", Line("handler: call "));
        Assert.Equal("handler: answered, greeting=played", Line("handler: answered"));
        Assert.StartsWith($"audio stream: uuid_audio_stream {callId} start ws://127.0.0.1:8090/stream mono 16k {{\"callId\":\"{callId}\"}}", Line("audio stream: "), StringComparison.Ordinal);
        Assert.Equal("handler: audio stream +OK Success", Line("handler: audio stream"));
        Assert.Equal($"event: CHANNEL_HANGUP_COMPLETE {callId} NORMAL_CLEARING", Line("event: CHANNEL_HANGUP_COMPLETE"));
        Assert.StartsWith("handler: hangup NORMAL_CLEARING, billsec ", Line("handler: hangup"), StringComparison.Ordinal);
    }
}
