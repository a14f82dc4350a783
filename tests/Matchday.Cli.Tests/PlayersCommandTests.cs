using System.Text.Json;

namespace Matchday.Cli.Tests;

[Collection("console")]
public sealed class PlayersCommandTests
{
    private static string Trace(string set, string file) => Path.Combine(RepoPaths.Root, "samples", "traces", set, file);

    [Fact]
    public void Single_session_prints_its_metrics()
    {
        var (code, output, _) = CliRunner.Run("players", "--trace", Trace("fcc-sd", "trace0000.json"), "--mode", "reference", "--abr", "bola", "--watch", "5 min");
        Assert.Equal(0, code);
        Assert.Contains("completed", output, StringComparison.Ordinal);
        Assert.Contains("rebuffer ratio (Sabre: stall / session time)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Population_json_has_overall_and_per_class_distributions()
    {
        var (code, output, err) = CliRunner.Run("players", "--viewers", "300", "--watch", "2 min", "--format", "json", "--seed", "3");
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.Equal(300, root.GetProperty("viewers").GetInt32());
        Assert.Equal(300, root.GetProperty("overall").GetProperty("viewers").GetInt32());
        Assert.Equal(4, root.GetProperty("cohorts").GetArrayLength()); // worldcup-2022: excellent, good, fair, poor
        Assert.True(root.GetProperty("overall").GetProperty("startup_time").GetProperty("p95").GetDouble() > 0);
    }

    [Fact]
    public void Csv_is_one_line_per_viewer_and_the_same_for_the_same_seed()
    {
        string[] args = ["players", "--traces", Path.Combine(RepoPaths.Root, "samples", "traces"), "--viewers", "40", "--watch", "1 min", "--format", "csv"];
        var (code, first, _) = CliRunner.Run(args);
        var (_, second, _) = CliRunner.Run([.. args, "--threads", "1"]);
        Assert.Equal(0, code);
        Assert.Equal(41, first.TrimEnd('\n').Split('\n').Length);
        Assert.Equal(first, second);
    }

    [Theory]
    [InlineData("--trace", "/no/such/trace.json", "trace file not found")]
    [InlineData("--abr", "mpc", "unknown ABR 'mpc'")]
    [InlineData("--watch", "forever", "--watch forever")]
    public void Bad_input_exits_2_with_a_message(string option, string value, string message)
    {
        var (code, _, err) = CliRunner.Run("players", option, value, "--viewers", "10");
        Assert.Equal(2, code);
        Assert.Contains(message, err, StringComparison.Ordinal);
    }

    [Fact]
    public void Devices_cap_what_the_population_pulls()
    {
        static double Pulled(string json)
        {
            using var doc = System.Text.Json.JsonDocument.Parse(json);
            return doc.RootElement.GetProperty("overall").GetProperty("average_pulled_bitrate").GetDouble();
        }
        var (code, capped, error) = CliRunner.Run("players", "--viewers", "2000", "--watch", "10 min", "--format", "json");
        Assert.True(code == 0, error);
        var (code2, free, error2) = CliRunner.Run("players", "--viewers", "2000", "--watch", "10 min", "--format", "json", "--no-device-cap");
        Assert.True(code2 == 0, error2);
        // The built-in mix caps 95% of viewers at 4.8 Mbps or less; without it the fast networks take 8-12 Mbps.
        Assert.True(Pulled(capped) < 0.6 * Pulled(free), $"{Pulled(capped)} vs {Pulled(free)}");
    }
}
