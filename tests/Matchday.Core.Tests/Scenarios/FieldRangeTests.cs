using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Matchday.Core.Scenarios;
using Matchday.Core.Scenarios.Reading;
using NJsonSchema;
using YamlDotNet.RepresentationModel;

namespace Matchday.Core.Tests.Scenarios;

/// <summary>
/// Every numeric field has a documented range the reader enforces and the schema carries, and every field's example (in
/// the docs and the schema) is of its own kind and within its range: each is written into the built-in scenario, alone,
/// and read back without an error at that field.
/// </summary>
public partial class FieldRangeTests
{
    private static readonly JsonObject Schema = JsonNode.Parse(ScenarioReader.JsonSchema())!.AsObject();
    private static readonly string Seed = Presets.Text(Presets.Default)!;

    /// <summary>A scalar field of the format: its path (<c>delivery.cdns[].traffic</c>), its schema, and whether it is a list of scalars or a map.</summary>
    public sealed record Field(string Path, JsonObject Schema, string Shape)
    {
        public override string ToString() => Path;
    }

    private static IEnumerable<Field> Fields(JsonObject node, string path)
    {
        if (node["properties"] is not JsonObject props) yield break;
        foreach (var (key, value) in props)
        {
            if (value is not JsonObject v) continue;
            var p = path.Length == 0 ? key : path + "." + key;
            var type = v["type"] is JsonValue t ? t.GetValue<string>() : null;
            if (type == "object" && v["properties"] is not null)
            {
                foreach (var f in Fields(v, p)) yield return f;
            }
            else if (type == "array" && v["items"] is JsonObject items && items["properties"] is not null)
            {
                foreach (var f in Fields(items, p + "[]")) yield return f;
            }
            else if (v["oneOf"] is JsonArray alternatives)
            {
                yield return new Field(p, alternatives[0]!.AsObject(), "scalar");
                foreach (var f in Fields(alternatives[1]!["items"]!.AsObject(), p + "[]")) yield return f;
            }
            else if (type == "array" && v["items"] is JsonObject scalarItems)
            {
                yield return new Field(p, scalarItems, "list");
            }
            else if (type == "object" && v["additionalProperties"] is JsonObject entries)
            {
                yield return new Field(p, entries, "map");
            }
            else if (v["enum"] is null)
            {
                yield return new Field(p, v, "scalar");
            }
        }
    }

    public static TheoryData<Field> All() => [.. Fields(Schema, "")];

    public static TheoryData<Field> Ranged() => [.. Fields(Schema, "").Where(f => f.Schema["x-range"] is not null)];

    private static readonly string[] CrossField = ["give either 'viewers' or 'share'", "must be above min_throughput"];

    private static readonly string[] Quantities = ["bitrate", "data size", "duration", "count", "percentage", "rate", "money", "price per data", "price per hour", "storage price", "committed-rate price", "number", "date"];

    [Fact]
    public void Every_numeric_field_has_a_documented_range()
    {
        var fields = Fields(Schema, "").ToList();
        Assert.True(fields.Count > 130, $"{fields.Count} fields");
        var numeric = fields.Where(f => Quantities.Contains(f.Schema["title"]?.GetValue<string>())).ToList();
        Assert.NotEmpty(numeric);
        Assert.All(numeric, f => Assert.True(f.Schema["x-range"] is not null, $"{f.Path} has no range"));
    }

    [Theory]
    [MemberData(nameof(All))]
    public async Task Each_fields_example_reads_as_that_field(Field field)
    {
        if (field.Schema["examples"] is not JsonArray { Count: > 0 } examples) return;
        var example = examples[0]!.GetValue<string>();
        var yaml = With(field, example);
        var concrete = field.Path.Replace("[]", "[0]", StringComparison.Ordinal);
        // Errors at the field itself; a field's relation to others the seed holds is not the example's ("give either 'viewers' or 'share'").
        var errors = ScenarioReader.Read(yaml, "t.yaml").Errors
            .Where(e => e.Field == concrete || e.Field.StartsWith(concrete + "[", StringComparison.Ordinal) || e.Field.StartsWith(concrete + ".", StringComparison.Ordinal))
            .Where(e => !CrossField.Any(c => e.Message.Contains(c, StringComparison.Ordinal))).ToList();
        Assert.True(errors.Count == 0, $"{field.Path} = {example}: {string.Join("; ", errors)}");
        // ... and the schema accepts it.
        var schema = await JsonSchema.FromJsonAsync(field.Schema.ToJsonString());
        Assert.Empty(schema.Validate(System.Text.Json.JsonSerializer.Serialize(example)));
    }

    [Theory]
    [MemberData(nameof(Ranged))]
    public void A_value_beyond_the_range_is_refused_at_its_field(Field field)
    {
        var max = field.Schema["x-maximum"]!.GetValue<string>();
        if (field.Schema["title"]!.GetValue<string>() == "date") return;
        var beyond = LeadingNumber().Replace(max, m => (double.Parse(m.Value.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture) * 10).ToString(System.Globalization.CultureInfo.InvariantCulture), 1);
        var concrete = field.Path.Replace("[]", "[0]", StringComparison.Ordinal);
        var errors = ScenarioReader.Read(With(field, beyond), "t.yaml").Errors;
        Assert.Contains(errors, e => (e.Field == concrete || e.Field.StartsWith(concrete, StringComparison.Ordinal)) && e.Message.Contains("must", StringComparison.Ordinal) || e.Message.Contains("more than", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Ranged))]
    public async Task A_negative_value_where_none_is_allowed_is_refused_by_the_reader_and_the_schema(Field field)
    {
        var min = field.Schema["x-minimum"]!.GetValue<string>();
        if (field.Schema["title"]!.GetValue<string>() == "date" || field.Schema["examples"] is not JsonArray { Count: > 0 } examples) return;
        var example = examples[0]!.GetValue<string>();
        var negative = LeadingNumber().Replace(example, m => "-" + m.Value, 1);
        Assert.False(min.StartsWith('-') || min.StartsWith("$-", StringComparison.Ordinal), min);
        var concrete = field.Path.Replace("[]", "[0]", StringComparison.Ordinal);
        Assert.Contains(ScenarioReader.Read(With(field, negative), "t.yaml").Errors, e => e.Field.StartsWith(concrete, StringComparison.Ordinal));
        var schema = await JsonSchema.FromJsonAsync(field.Schema.ToJsonString());
        Assert.NotEmpty(schema.Validate(System.Text.Json.JsonSerializer.Serialize(negative)));
    }

    [Theory] // Regression: a negative CDN price was read as no price at all, and CDN delivery became free.
    [InlineData("cdn: $0.085/GB", "cdn: $-0.085/GB", "prices.cdn")]
    [InlineData("gpu_instance: $1.35/h", "gpu_instance: $-1.35/h", "prices.gpu_instance")]
    [InlineData("storage: $0.023/GB-month", "storage: $-0.023/GB-month", "prices.storage")]
    [InlineData("metric_series_month: $0.003", "metric_series_month: $-0.003", "prices.metric_series_month")]
    [InlineData("origin_transfer: $0.09/GB", "origin_transfer: -$0.09/GB", "prices.origin_transfer")]
    public void Negative_prices_are_refused(string find, string replace, string field)
    {
        var e = Assert.Single(ScenarioReader.Read(Seed.Replace(find, replace, StringComparison.Ordinal), "t.yaml").Errors);
        Assert.Equal(field, e.Field);
    }

    [Theory]
    [InlineData("length: 30 min, from: 10%", "length: 1000000000 min, from: 10%", "tournament.timeline[0].length")]
    [InlineData("length: 29 d", "length: 1e9 d", "tournament.length")]
    [InlineData("cpu_instance: $0.096/h", "cpu_instance: $1e300/h", "prices.cpu_instance")]
    [InlineData("  peak_viewers: 1.68B", "  peak_viewers: 9.2e18", "reported.peak_viewers")]
    [InlineData("  - { name: cloudflare, tier: primary,   traffic: 42.5%", "  - { name: cloudflare, tier: primary,   traffic: 1.2e29%", "delivery.cdns[0].traffic")]
    [InlineData("count: 50 ", "count: 9223372036854775807 ", "origins.count")]
    public void Figures_no_event_has_are_refused(string find, string replace, string field)
    {
        Assert.Contains(find, Seed);
        Assert.Contains(ScenarioReader.Read(Seed.Replace(find, replace, StringComparison.Ordinal), "t.yaml").Errors, e => e.Field == field);
    }

    [Fact]
    public void A_timeline_longer_than_a_day_and_too_many_regions_are_refused()
    {
        var day = Seed.Replace("length: 30 min, from: 10%", "length: 23 h, from: 10%", StringComparison.Ordinal);
        Assert.Contains(ScenarioReader.Read(day, "t.yaml").Errors, e => e.Field == "tournament.timeline" && e.Message.Contains("a match day is at most 24 h", StringComparison.Ordinal));
        var regions = string.Concat(Enumerable.Range(0, 30).Select(i => $"  - {{ name: r{i}, viewers: 1M, edge_servers: 1, capacity: 40 Gbps }}\n"));
        var many = Seed.Replace("regions:                          # \"CDN Distribution and Failover Strategy\"\n", "regions:\n" + regions, StringComparison.Ordinal);
        Assert.Contains(ScenarioReader.Read(many, "t.yaml").Errors, e => e.Field == "regions" && e.Message.Contains("edges", StringComparison.Ordinal));
        var huge = "regions:\n" + string.Concat(Enumerable.Range(0, 60).Select(i => $"  - {{ name: r{i}, viewers: 1M, edge_servers: 1, capacity: 40 Gbps }}\n"));
        Assert.Contains(ScenarioReader.Read(huge, "t.yaml").Errors, e => e.Field == "regions" && e.Message.Contains("at most 50", StringComparison.Ordinal));
    }

    [Fact]
    public void Durations_are_bounded_by_the_tournament()
    {
        Assert.Contains(ScenarioReader.Read(Seed.Replace("length: 29 d", "length: 2 h", StringComparison.Ordinal), "t.yaml").Errors, e => e.Field == "tournament.match_broadcast" && e.Message.Contains("longer than the tournament", StringComparison.Ordinal));
        Assert.Contains(ScenarioReader.Read(Seed.Replace("transfer_window: 90 min", "transfer_window: 60 d", StringComparison.Ordinal), "t.yaml").Errors, e => e.Field == "reported" && e.Message.Contains("longer than the tournament", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"[0-9][0-9,]*(\.[0-9]+)?")]
    private static partial Regex LeadingNumber();

    /// <summary>The built-in scenario with <paramref name="value"/> written at the field (in the first item of each list it crosses).</summary>
    private static string With(Field field, string value)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(Seed));
        var map = (YamlMappingNode)stream.Documents[0].RootNode;
        var segments = field.Path.Split('.');
        foreach (var segment in segments[..^1])
        {
            var list = segment.EndsWith("[]", StringComparison.Ordinal);
            var key = new YamlScalarNode(list ? segment[..^2] : segment);
            if (list)
            {
                if (!map.Children.TryGetValue(key, out var node) || node is not YamlSequenceNode { Children.Count: > 0 } seq || seq.Children[0] is not YamlMappingNode)
                    map.Children[key] = seq = new YamlSequenceNode(new YamlMappingNode());
                map = (YamlMappingNode)seq.Children[0];
            }
            else
            {
                if (!map.Children.TryGetValue(key, out var node) || node is not YamlMappingNode child) map.Children[key] = child = new YamlMappingNode();
                map = child;
            }
        }
        var last = new YamlScalarNode(segments[^1]);
        map.Children[last] = field.Shape switch
        {
            "list" => new YamlSequenceNode(new YamlScalarNode(value)),
            "map" => new YamlMappingNode(new YamlScalarNode(field.Path.EndsWith("committed", StringComparison.Ordinal) ? "europe" : "cdn"), new YamlScalarNode(value)),
            _ => new YamlScalarNode(value),
        };
        var writer = new StringWriter();
        stream.Save(writer, assignAnchors: false);
        return writer.ToString();
    }
}
