namespace Matchday.Cli.Tests;

/// <summary>
/// The plan's and the audit's table, JSON and CSV for the built-in scenario and the examples, pinned as golden files
/// (Golden/outputs/SCENARIO/). A deliberate change regenerates them with <c>MATCHDAY_UPDATE_GOLDEN=1 dotnet test</c>.
/// </summary>
[Collection("console")]
public sealed class OutputGoldenTests
{
    public static TheoryData<string, string, string> Outputs()
    {
        var data = new TheoryData<string, string, string>();
        var scenarios = new[] { "worldcup-2022" }.Concat(Directory.GetFiles(Path.Combine(RepoPaths.Root, "examples"), "*.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal)!);
        foreach (var scenario in scenarios)
            foreach (var command in new[] { "plan", "audit" })
                foreach (var format in new[] { "table", "json", "csv" })
                    data.Add(scenario!, command, format);
        return data;
    }

    [Theory]
    [MemberData(nameof(Outputs))]
    public void Output_matches_its_golden_file(string scenario, string command, string format)
    {
        var source = scenario.EndsWith(".yaml", StringComparison.Ordinal) ? Path.Combine("examples", scenario) : scenario;
        var cwd = Environment.CurrentDirectory;
        var columns = Environment.GetEnvironmentVariable("COLUMNS");
        string output;
        try
        {
            Environment.SetEnvironmentVariable("COLUMNS", "160");
            // From the repository root, so a file's name in the output is the same on every machine.
            Environment.CurrentDirectory = RepoPaths.Root;
            var (code, stdout, err) = CliRunner.Run(command, source, "--format", format);
            Assert.True(code == 0, err);
            output = stdout;
        }
        finally
        {
            Environment.CurrentDirectory = cwd;
            Environment.SetEnvironmentVariable("COLUMNS", columns);
        }
        var name = Path.GetFileNameWithoutExtension(scenario);
        var golden = Path.Combine(RepoPaths.Root, "tests", "Matchday.Cli.Tests", "Golden", "outputs", name, $"{command}.{(format == "table" ? "txt" : format)}");
        if (Environment.GetEnvironmentVariable("MATCHDAY_UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(golden)!);
            File.WriteAllText(golden, output);
            return;
        }
        Assert.True(File.Exists(golden), $"{golden} is missing: run MATCHDAY_UPDATE_GOLDEN=1 dotnet test to create it");
        var expected = File.ReadAllText(golden);
        if (expected == output) return;
        var (e, a) = (expected.Split('\n'), output.Split('\n'));
        var line = Enumerable.Range(0, Math.Max(e.Length, a.Length)).First(i => i >= e.Length || i >= a.Length || e[i] != a[i]);
        Assert.Fail($"{name}/{command} {format} differs from {golden} at line {line + 1}:\n  expected: {(line < e.Length ? e[line] : "(end)")}\n  actual:   {(line < a.Length ? a[line] : "(end)")}\n" +
            "If the change is deliberate, run MATCHDAY_UPDATE_GOLDEN=1 dotnet test and say why in the commit.");
    }
}
