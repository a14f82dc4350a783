using System.Security.Cryptography;
using System.Text;

namespace Matchday.Cli.Tests;

/// <summary>
/// Five nights of the built-in final pinned byte for byte: summary.json and timeline.csv in full, series.csv and
/// cells.csv by SHA-256 (they are megabytes) with series.csv also kept minute by minute so a change shows as a readable
/// diff. A deliberate change regenerates them with <c>MATCHDAY_UPDATE_GOLDEN=1 dotnet test</c>, and the commit that
/// makes it says why the figures moved.
/// </summary>
[Collection("console")]
public sealed class GoldenNightTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("matchday-golden-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string, string[]> Nights => new()
    {
        { "calm", [] },
        { "akamai-eu-outage", ["--fault", "cdn-outage provider=akamai region=eu at=67m for=10m"] },
        { "fastly-eu-fail-open-no-runbook", ["--fault", "cache-fail-open provider=fastly region=eu at=60m for=15m", "--no-runbook"] },
        { "encoder-failure", ["--fault", "encoder-failure at=100m for=30s"] },
        { "scenario-capacity", ["--capacity", "scenario"] },
    };

    private static string GoldenDir(string night) => Path.Combine(RepoPaths.Root, "tests", "Matchday.Cli.Tests", "Golden", "nights", night);

    private static bool Updating => Environment.GetEnvironmentVariable("MATCHDAY_UPDATE_GOLDEN") == "1";

    [Theory]
    [MemberData(nameof(Nights))]
    public void Night_is_byte_identical_to_its_golden_files(string night, string[] options)
    {
        var outDir = Path.Combine(_dir, night);
        var (code, _, err) = CliRunner.Run(["simulate", .. options, "--out-dir", outDir, "--no-fail"]);
        Assert.True(code == 0, err);

        var actual = new Dictionary<string, string>
        {
            ["summary.json"] = File.ReadAllText(Path.Combine(outDir, "summary.json")),
            ["timeline.csv"] = File.ReadAllText(Path.Combine(outDir, "timeline.csv")),
            ["series.minutes.csv"] = EveryMinute(File.ReadAllText(Path.Combine(outDir, "series.csv"))),
            ["sha256.txt"] = $"series.csv {Sha256(Path.Combine(outDir, "series.csv"))}\ncells.csv {Sha256(Path.Combine(outDir, "cells.csv"))}\n",
        };

        var golden = GoldenDir(night);
        if (Updating)
        {
            Directory.CreateDirectory(golden);
            foreach (var (name, text) in actual) File.WriteAllText(Path.Combine(golden, name), text);
            return;
        }
        foreach (var (name, text) in actual)
        {
            var path = Path.Combine(golden, name);
            Assert.True(File.Exists(path), $"{path} is missing: run MATCHDAY_UPDATE_GOLDEN=1 dotnet test to create it");
            var expected = File.ReadAllText(path);
            if (expected != text) Assert.Fail($"{night}/{name} differs from its golden file: {FirstDifference(expected, text)}. If the change is deliberate, run MATCHDAY_UPDATE_GOLDEN=1 dotnet test and explain it in the commit.");
        }
    }

    /// <summary>The header and the rows of whole minutes (t = 60 s, 120 s, ...).</summary>
    private static string EveryMinute(string csv)
    {
        var lines = csv.Split('\n');
        var sb = new StringBuilder(lines[0]).Append('\n');
        for (var i = 60; i < lines.Length; i += 60)
        {
            if (lines[i].Length > 0) sb.Append(lines[i]).Append('\n');
        }
        return sb.ToString();
    }

    private static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    private static string FirstDifference(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        for (var i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            var x = i < e.Length ? e[i] : "(end of file)";
            var y = i < a.Length ? a[i] : "(end of file)";
            if (x != y) return $"line {i + 1}: expected\n  {x}\nbut got\n  {y}";
        }
        return "line endings differ";
    }
}
