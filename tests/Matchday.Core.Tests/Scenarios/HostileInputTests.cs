using Encoding = System.Text.Encoding;
using Matchday.Core.Scenarios;
using Matchday.Core.Scenarios.Reading;

namespace Matchday.Core.Tests.Scenarios;

/// <summary>Input that must not hurt: each is one located error, found before any YAML node is built, never an exception.</summary>
public class HostileInputTests
{
    private static readonly string Seed = Presets.Text(Presets.Default)!;

    private static ScenarioError Single(ReadResult result)
    {
        Assert.False(result.Ok);
        return Assert.Single(result.Errors);
    }

    private static ScenarioError Error(string yaml) => Single(ScenarioReader.Read(yaml, "t.yaml"));

    [Theory] // Regression: 20-30k levels of nesting overflowed the stack inside YamlDotNet (exit 134).
    [InlineData(30_000)]
    [InlineData(20_000)]
    [InlineData(17)]
    public void Deep_nesting_stops_at_the_limit_without_recursing(int depth)
    {
        foreach (var yaml in new[]
        {
            "name: " + new string('[', depth) + new string(']', depth) + "\n",
            "name: " + new string('{', depth) + new string('}', depth) + "\n",
            string.Concat(Enumerable.Repeat("- ", depth)) + "x\n",
        })
        {
            var e = Error(yaml);
            Assert.Contains($"nested more than {InputGuard.MaxDepth} levels deep", e.Message);
            Assert.Equal(1, e.Line);
        }
    }

    [Fact]
    public void Nesting_as_deep_as_the_format_needs_is_fine()
    {
        var yaml = "name: " + new string('[', InputGuard.MaxDepth - 1) + new string(']', InputGuard.MaxDepth - 1) + "\n";
        Assert.DoesNotContain("nested", string.Join("\n", ScenarioReader.Read(yaml, "t.yaml").Errors.Select(e => e.Message)));
    }

    [Fact] // Regression: a second YAML document was silently ignored.
    public void A_second_document_is_an_error_at_its_start()
    {
        var e = Error(Seed + "---\nname: other\n");
        Assert.Equal("(document)", e.Field);
        Assert.Equal(Seed.Count(c => c == '\n') + 1, e.Line);
        Assert.Contains("a second YAML document", e.Message);
        Assert.True(ScenarioReader.Read("---\n" + Seed, "t.yaml").Ok);
        Assert.True(ScenarioReader.Read("---\n" + Seed + "...\n", "t.yaml").Ok);
    }

    [Theory] // Regression: custom tags were accepted.
    [InlineData("name: !custom worldcup-2022", "!custom")]
    [InlineData("name: !<tag:example.com,2024:x> worldcup-2022", "tag:example.com,2024:x")]
    [InlineData("name: !!python/object:os.system worldcup-2022", "tag:yaml.org,2002:python/object:os.system")]
    public void Custom_tags_are_refused(string line, string tag)
    {
        var e = Error(Seed.Replace("name: worldcup-2022", line, StringComparison.Ordinal));
        Assert.Contains($"tag '{tag}' is not allowed", e.Message);
        Assert.Equal((Seed[..Seed.IndexOf("name: worldcup-2022", StringComparison.Ordinal)].Count(c => c == '\n') + 1, 7), (e.Line, e.Column));
    }

    [Fact]
    public void Core_schema_tags_change_nothing()
    {
        var r = ScenarioReader.Read(Seed.Replace("name: worldcup-2022", "name: !!str worldcup-2022", StringComparison.Ordinal), "t.yaml");
        Assert.True(r.Ok, string.Join("\n", r.Errors));
    }

    [Fact]
    public void Aliases_and_anchors_are_limited_and_must_refer_back()
    {
        var aliases = "name: &n x\nlist:\n" + string.Concat(Enumerable.Repeat("  - *n\n", InputGuard.MaxAliases + 1));
        Assert.Contains($"more than {InputGuard.MaxAliases} aliases", Error(aliases).Message);
        var anchors = "list:\n" + string.Concat(Enumerable.Range(0, InputGuard.MaxAliases + 1).Select(i => $"  - &a{i} x\n"));
        Assert.Contains($"more than {InputGuard.MaxAliases} anchors", Error(anchors).Message);
        var dangling = Error("name: x\nother: *nowhere\n");
        Assert.Equal((2, 8), (dangling.Line, dangling.Column));
        Assert.Contains("refers to no anchor", dangling.Message);
    }

    [Fact] // Regression: NUL bytes were accepted.
    public void Nul_bytes_and_control_characters_are_located()
    {
        var raw = Error("name: x\ndescription: a\0b\n");
        Assert.Equal((2, 15, "(encoding)"), (raw.Line, raw.Column, raw.Field));
        Assert.Contains("NUL", raw.Message);
        var escaped = Error("name: \"a\\0b\"\n");
        Assert.Equal((1, 7), (escaped.Line, escaped.Column));
        Assert.Contains("NUL", escaped.Message);
        Assert.Contains("U+0007", Error("name: x\u0007\n").Message);
        Assert.Contains("U+001B", Error("name: \"\\e\"\n").Message);
    }

    [Fact] // Regression: invalid UTF-8 was accepted (read as U+FFFD).
    public void Invalid_utf8_is_located_at_its_byte()
    {
        var bytes = Encoding.UTF8.GetBytes("name: x\ndescription: caf").Concat(new byte[] { 0xE9, 0x21 }).Concat("\n"u8.ToArray()).ToArray();
        var e = Single(ScenarioReader.Read(bytes, "t.yaml"));
        Assert.Equal((2, 17, "(encoding)"), (e.Line, e.Column, e.Field));
        Assert.Contains("0xE9", e.Message);
        Assert.Contains("not UTF-8", Single(ScenarioReader.Read(new byte[] { 0xC0, 0xAF }, "t.yaml")).Message);
        Assert.Contains("not UTF-8", Single(ScenarioReader.Read([.. "name: "u8, 0xED, 0xA0, 0x80], "t.yaml")).Message);
    }

    [Fact]
    public void Utf8_with_a_byte_order_mark_reads_and_utf16_is_named()
    {
        var seed = Encoding.UTF8.GetBytes(Seed);
        Assert.True(ScenarioReader.Read([0xEF, 0xBB, 0xBF, .. seed], "t.yaml").Ok);
        Assert.Contains("UTF-16", Single(ScenarioReader.Read(Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(Seed)).ToArray(), "t.yaml")).Message);
        Assert.True(ScenarioReader.Read(Encoding.UTF8.GetBytes(Seed.Replace("T20", "T20 — café", StringComparison.Ordinal)), "t.yaml").Ok);
    }

    [Theory]
    [InlineData("pricing: { per_gb: }", "is empty: expected a price per GB")]
    [InlineData("pricing: { per_gb: [] }", "is empty: expected a price per GB")]
    [InlineData("pricing: { commit_period: 30 d }", "pricing needs 'per_gb' or 'p95'")]
    public void Cdn_pricing_without_a_price_says_whether_per_gb_is_missing_or_empty(string pricing, string message)
    {
        var yaml = Seed.Replace("pops: 90,  shields: 10 }", $"pops: 90,  shields: 10, {pricing} }}", StringComparison.Ordinal);
        Assert.NotEqual(Seed, yaml);
        var e = Error(yaml);
        Assert.Equal("delivery.cdns[2].pricing.per_gb", e.Field);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Utf32_is_named_as_utf32_in_either_byte_order()
    {
        // UTF-32 LE's mark (FF FE 00 00) begins with UTF-16 LE's (FF FE): it must not be reported as UTF-16.
        foreach (var encoding in new[] { new System.Text.UTF32Encoding(bigEndian: false, byteOrderMark: true), new System.Text.UTF32Encoding(bigEndian: true, byteOrderMark: true) })
        {
            var error = Single(ScenarioReader.Read(encoding.GetPreamble().Concat(encoding.GetBytes(Seed)).ToArray(), "t.yaml"));
            Assert.Contains("UTF-32", error.Message);
            Assert.Equal((1, 1), (error.Line, error.Column));
        }
    }

    [Fact]
    public void A_file_over_the_size_limit_is_refused_before_decoding()
    {
        var big = new byte[InputGuard.MaxFileBytes + 1];
        Array.Fill(big, (byte)' ');
        var e = Single(ScenarioReader.Read(big, "t.yaml"));
        Assert.Equal("(file)", e.Field);
        Assert.Contains("1 MiB", e.Message);
        Assert.Contains("1 MiB", Error(new string(' ', InputGuard.MaxFileBytes + 1)).Message);
    }

    [Fact]
    public void Very_long_values_are_refused()
    {
        var e = Error("name: " + new string('x', InputGuard.MaxScalarLength + 1) + "\n");
        Assert.Equal((1, 7), (e.Line, e.Column));
        Assert.Contains("characters", e.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\n")]
    [InlineData("# only a comment\n")]
    [InlineData("- a list\n")]
    [InlineData("just a scalar")]
    [InlineData("name: [unclosed\n")]
    [InlineData("name: 'unclosed\n")]
    [InlineData("name: x\nname: y\n")]
    [InlineData("? [a, b]\n: c\n")]
    [InlineData("\t\tname: x\n")]
    [InlineData("name: x\n  bad indent: y\n")]
    [InlineData("%YAML 1.1\n%TAG ! tag:example.com,2024:\n---\nname: !x y\n")]
    [InlineData("name: *\n")]
    [InlineData("&a [*a]\n")]
    public void Malformed_yaml_is_a_located_error(string yaml)
    {
        var result = ScenarioReader.Read(yaml, "t.yaml");
        Assert.False(result.Ok);
        Assert.All(result.Errors, e => Assert.True(e.Line >= 1 && e.Column >= 1, e.ToString()));
    }
}
