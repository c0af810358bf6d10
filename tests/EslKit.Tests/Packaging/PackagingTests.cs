using System.Diagnostics;
using System.IO.Compression;
using System.Xml.Linq;
using EslKit.Shared;

namespace EslKit.Tests.Packaging;

/// <summary>
/// EslKit, EslKit.Hosting and EslKit.Testing pack as NuGet packages, and a consumer that knows only those
/// packages (from a local folder feed) builds and runs: a host with AddEslClient talking to the emulator.
/// </summary>
public sealed class PackagingTests : IDisposable
{
    private static readonly string[] Packages = ["EslKit", "EslKit.Hosting", "EslKit.Testing"];
    private readonly string _work = Directory.CreateTempSubdirectory("eslkit-pack-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task A_consumer_builds_and_runs_against_the_packed_packages()
    {
        string repository = RepositoryPaths.Root();
        string feed = Directory.CreateDirectory(Path.Combine(_work, "feed")).FullName;
        string version = $"0.1.0-pack.{DateTime.UtcNow:yyyyMMddHHmmssfff}"; // new each run: no stale package cache
        foreach (string package in Packages)
        {
            await RunAsync(repository, "dotnet", "pack", $"src/{package}/{package}.csproj", "-c", "Release", "--no-build", "-o", feed, $"-p:Version={version}");
        }

        foreach (string package in Packages)
        {
            using var nupkg = ZipFile.OpenRead(Path.Combine(feed, $"{package}.{version}.nupkg"));
            var nuspec = XDocument.Load(nupkg.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
            var metadata = nuspec.Root!.Elements().Single(e => e.Name.LocalName == "metadata");
            Assert.False(string.IsNullOrWhiteSpace(metadata.Elements().Single(e => e.Name.LocalName == "description").Value));
            Assert.Equal("MIT", metadata.Elements().Single(e => e.Name.LocalName == "license").Value);
            Assert.Equal("README.md", metadata.Elements().Single(e => e.Name.LocalName == "readme").Value);
            Assert.Contains(nupkg.Entries, e => e.FullName == "README.md");
            Assert.Contains(nupkg.Entries, e => e.FullName == $"lib/net10.0/{package}.dll");
            Assert.Contains(nupkg.Entries, e => e.FullName == $"lib/net10.0/{package}.xml");
        }

        string consumer = Directory.CreateDirectory(Path.Combine(_work, "consumer")).FullName;
        await File.WriteAllTextAsync(Path.Combine(consumer, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """);
        await File.WriteAllTextAsync(Path.Combine(consumer, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="EslKit.Hosting" Version="{version}" />
                <PackageReference Include="EslKit.Testing" Version="{version}" />
                <PackageReference Include="Microsoft.Extensions.Hosting" Version="10.0.14" />
              </ItemGroup>
            </Project>
            """);
        await File.WriteAllTextAsync(Path.Combine(consumer, "Program.cs"), """
            using EslKit;
            using EslKit.Testing;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;

            await using var fs = await EslSwitchEmulator.StartAsync();
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            builder.Services.AddEslClient(o => { o.Port = fs.Port; o.Password = fs.Password; o.HeartbeatTimeout = null; });
            using var host = builder.Build();
            await host.StartAsync();
            var client = host.Services.GetRequiredService<EslClient>();
            while (client.State != EslConnectionState.Connected) { await Task.Delay(20); }
            var reply = await client.ApiAsync("echo", "from-the-packages");
            Console.WriteLine(reply.Body);
            await host.StopAsync();
            """);

        string output = await RunAsync(consumer, "dotnet", "run", "-c", "Release");

        Assert.Contains("from-the-packages", output, StringComparison.Ordinal);
    }

    private static async Task<string> RunAsync(string directory, string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The consumer stands alone: nothing from this repository's build may leak into it.
        start.Environment.Remove("MSBuildExtensionsPath");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        string output = await stdout + await stderr;
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', arguments)} exited {process.ExitCode}:\n{output}");
        return output;
    }
}
