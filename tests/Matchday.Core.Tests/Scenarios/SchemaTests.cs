using System.Text.Json;
using Matchday.Core.Scenarios;
using Matchday.Core.Scenarios.Reading;
using NJsonSchema;
using YamlDotNet.Serialization;

namespace Matchday.Core.Tests.Scenarios;

/// <summary>The JSON Schema shipped for editors accepts what the reader accepts, and rejects what it rejects.</summary>
public class SchemaTests
{
    private static readonly JsonSchema Schema = JsonSchema.FromJsonAsync(ScenarioReader.JsonSchema()).GetAwaiter().GetResult();

    /// <summary>The YAML as an editor's YAML language server sees it: JSON of strings, lists and mappings.</summary>
    private static string AsJson(string yaml)
    {
        var data = new DeserializerBuilder().Build().Deserialize<object>(yaml);
        return JsonSerializer.Serialize(data);
    }

    [Fact]
    public void The_builtin_scenario_is_valid_against_the_schema() =>
        Assert.Empty(Schema.Validate(AsJson(Presets.Text(Presets.Default)!)));

    [Fact]
    public void The_hand_written_example_with_price_tiers_is_valid_against_the_schema() =>
        Assert.Empty(Schema.Validate(AsJson(File.ReadAllText(RepoPaths.Example("cricket-final.yaml")))));

    [Fact]
    public void The_second_hand_written_example_is_valid_against_the_schema() =>
        Assert.Empty(Schema.Validate(AsJson(File.ReadAllText(RepoPaths.Example("superbowl-streaming.yaml")))));

    [Theory]
    [InlineData("  segment_duration: 6 s", "  segment_duratoin: 6 s")]
    [InlineData("server_capacity: 40 Gbps", "server_capacity: 40")]
    [InlineData("bitrate: 1.2 Mbps,  share: 35%", "bitrate: 1.2 Mbps,  share: 0.35")]
    public void What_the_reader_rejects_the_schema_rejects(string find, string replace)
    {
        var yaml = Presets.Text(Presets.Default)!.Replace(find, replace, StringComparison.Ordinal);
        Assert.False(ScenarioReader.Read(yaml, "x.yaml").Ok);
        Assert.NotEmpty(Schema.Validate(AsJson(yaml)));
    }
}
