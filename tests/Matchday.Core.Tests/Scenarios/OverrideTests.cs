using Matchday.Core.Scenarios;
using Matchday.Core.Scenarios.Reading;

namespace Matchday.Core.Tests.Scenarios;

/// <summary>--set and --vary: overrides put in the YAML before it is read, so they are validated as the file is.</summary>
public class OverrideTests
{
    private static readonly string Seed = Presets.Text(Presets.Default)!;

    private static ReadResult Read(params string[] overrides) =>
        ScenarioReader.Read(Seed, "preset:worldcup-2022", [.. overrides.Select(o => Override.Parse(o).Value!)]);

    [Fact]
    public void A_list_item_is_addressed_by_name_or_index_and_the_top_section_may_be_left_out()
    {
        var r = Read("tournament.stages.final.peak_viewers=2B", "regions[1].viewers=600M", "ladder.codec=hevc", "stages.semi.peak_viewers=1.3B");
        Assert.True(r.Ok, string.Join("\n", r.Errors));
        Assert.Equal(2e9, r.Scenario!.FindStage("final")!.PeakViewers.Value);
        Assert.Equal(1.3e9, r.Scenario.FindStage("semi")!.PeakViewers.Value);
        Assert.Equal(600e6, r.Scenario.Regions[1].Viewers!.Value.Value);
        Assert.Equal(Codec.Hevc, r.Scenario.Ladder.Codec);
    }

    [Fact]
    public void A_field_an_override_wrote_is_located_at_the_override_not_at_a_line_of_the_file()
    {
        var r = Read("ladder.codec=hevc", "encoding.codecs=[{codec: av1, saving: 50%}]");
        Assert.True(r.Ok, string.Join("\n", r.Errors));
        Assert.Equal("--set ladder.codec=hevc", r.Scenario!.Source.Locate("ladder.codec"));
        // Below a field an override wrote whole, every field is the override's.
        Assert.Equal("--set encoding.codecs=[{codec: av1, saving: 50%}]", r.Scenario.Source.Locate("encoding.codecs[0].saving"));
        // The rest is where the file wrote it.
        Assert.Matches(@"^preset:worldcup-2022:\d+:\d+$", r.Scenario.Source.Locate("ladder.rungs[0].bitrate"));
        // An audit finding's figures say so too.
        var audit = Core.Planning.Planner.Build(Read("ladder.codec=hevc").Scenario!).Audit;
        var finding = Assert.Single(audit, f => f.Rule == "codec-alternatives");
        Assert.Contains(finding.Figures, x => x.At == "--set ladder.codec=hevc");
    }

    [Fact]
    public void A_codec_is_one_of_the_closed_set_in_the_ladder_and_in_the_alternatives()
    {
        // Before, any text was a codec: the plan took "vp9" (or a typo) and only the encoder artifacts refused it.
        var bad = Read("ladder.codec=vp9");
        Assert.False(bad.Ok);
        var e = Assert.Single(bad.Errors);
        Assert.Equal("ladder.codec", e.Field);
        Assert.Equal("--set ladder.codec=vp9", e.File);
        Assert.Contains("h264, hevc, av1", e.Message, StringComparison.Ordinal);
        var alternative = Read("encoding.codecs=[{codec: h265, saving: 35%}]");
        Assert.False(alternative.Ok);
        Assert.Contains(alternative.Errors, x => x.Field == "encoding.codecs[0].codec" && x.Message.Contains("h264, hevc, av1", StringComparison.Ordinal));
        var good = Read("encoding.codecs=[{codec: av1, saving: 50%}]");
        Assert.True(good.Ok, string.Join("\n", good.Errors));
        Assert.Equal(Codec.Av1, Assert.Single(good.Scenario!.Encoding.Codecs).Codec);
    }

    [Fact]
    public void A_field_the_file_leaves_out_is_added_and_read()
    {
        // The good network class has no max in the seed's excellent class; set one on it.
        var r = Read("audience.networks.excellent.max_throughput=100 Mbps");
        Assert.True(r.Ok, string.Join("\n", r.Errors));
        Assert.Equal(100e6, r.Scenario!.Audience.Networks[0].MaxThroughput!.Value.BitsPerSecond);
    }

    [Fact] // Regression: a quoted value kept its quotes, and '"1.5B"' was "expected a count", as no file would say.
    public void A_quoted_value_reads_as_the_same_value_quoted_in_the_file()
    {
        var r = Read("stages.final.peak_viewers=\"1.5B\"", "delivery.segment_duration='4 s'");
        Assert.True(r.Ok, string.Join("\n", r.Errors));
        Assert.Equal(1.5e9, r.Scenario!.FindStage("final")!.PeakViewers.Value);
        Assert.Equal(4, r.Scenario.Delivery.SegmentDuration.Seconds);
        var e = Assert.Single(Read("delivery.segment_duration=\"4 s").Errors);
        Assert.Contains("malformed YAML value", e.Message, StringComparison.Ordinal);
    }

    [Fact] // Regression: a clash an override made was reported at the file's line with no word of the override.
    public void A_check_across_fields_that_an_override_broke_says_which_override()
    {
        var e = Assert.Single(Read("regions[0].code=eu").Errors);
        Assert.Equal("regions", e.Field);
        Assert.Equal("region code 'eu' is used by north-america and europe (with --set regions[0].code=eu)", e.Message);
        // Overrides elsewhere are not named.
        var other = Assert.Single(Read("regions[0].code=eu", "delivery.headroom_buffer=30%").Errors);
        Assert.DoesNotContain("headroom", other.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_flow_list_replaces_a_list()
    {
        var r = Read("tournament.timeline.penalties.stages=[final, semi]");
        Assert.True(r.Ok, string.Join("\n", r.Errors));
        Assert.Equal(["final", "semi"], r.Scenario!.Tournament.Timeline.Single(p => p.Name == "penalties").Stages.ToArray());
    }

    [Theory]
    [InlineData("tournament.stages.final.peak_viewers=-3", "tournament.stages[5].peak_viewers", "must be a positive count")]
    [InlineData("delivery.server_capacity=40", "delivery.server_capacity", "has no unit")]
    [InlineData("tournament.stages.finale.peak_viewers=2B", "tournament.stages", "did you mean 'final'?")]
    [InlineData("ladr.codec=hevc", "ladr", "did you mean 'ladder'?")]
    [InlineData("delivery.server_capacty=40 Gbps", "delivery.server_capacty", "did you mean 'server_capacity'?")]
    [InlineData("regions[9].viewers=1M", "regions", "index 9 is beyond them")]
    [InlineData("faults[0]=cdn-outage provider=akamai at=1m", "faults", "'faults' is an empty list; index 0 names no item")]
    [InlineData("ladder.codec.name=x", "ladder.codec", "is a single value")]
    public void A_bad_override_is_an_error_that_names_the_override(string text, string field, string message)
    {
        var r = Read(text);
        Assert.False(r.Ok);
        var e = Assert.Single(r.Errors);
        Assert.Equal("--set " + text, e.File);
        Assert.Equal(field, e.Field);
        Assert.Contains(message, e.Message);
        Assert.StartsWith($"--set {text} {field}: ", e.ToString());
    }

    [Theory]
    [InlineData("no-equals")]
    [InlineData("=2B")]
    [InlineData("a..b=1")]
    [InlineData("regions[0=1")]
    public void A_malformed_override_is_refused(string text) => Assert.False(Override.Parse(text).Ok);

    [Fact]
    public void Errors_elsewhere_in_the_file_keep_their_place()
    {
        var broken = Seed.Replace("server_capacity: 40 Gbps", "server_capacity: 40", StringComparison.Ordinal);
        var r = ScenarioReader.Read(broken, "my.yaml", [Override.Parse("ladder.codec=hevc").Value!]);
        var e = Assert.Single(r.Errors);
        Assert.Equal("my.yaml", e.File);
        Assert.True(e.Line > 0);
    }

    [Fact]
    public void A_range_takes_even_steps_with_both_ends_exact_in_the_written_unit()
    {
        var v = Variation.Parse("stages.final.peak_viewers=1.2B..2.4B:7");
        Assert.True(v.Ok, v.Error);
        // (2.4 - 1.2) / 6 = 0.2 per step
        Assert.Equal(["1.2B", "1.4B", "1.6B", "1.8B", "2B", "2.2B", "2.4B"], v.Value.Values.ToArray());
        Assert.Equal(["30 s", "45 s", "60 s"], Variation.Parse("failover.dns_ttl=30 s..60 s:3").Value.Values.ToArray());
        Assert.Equal(["$0.05/GB", "$0.1/GB"], Variation.Parse("prices.cdn=$0.05/GB..$0.1/GB:2").Value.Values.ToArray());
        Assert.Equal(Variation.DefaultSteps, Variation.Parse("delivery.headroom_buffer=10%..30%").Value.Values.Length);
        Assert.Equal(["h264", "hevc", "av1"], Variation.Parse("ladder.codec=h264,hevc,av1").Value.Values.ToArray());
    }

    [Theory]
    [InlineData("stages.final.peak_viewers=1.2B..2.4B:1", "at least 2 steps")]
    [InlineData("stages.final.peak_viewers=1.2B..2.4B:x", "not a whole number")]
    [InlineData("stages.final.peak_viewers=1.2B..2400M", "different units")]
    [InlineData("stages.final.peak_viewers=2B..2B", "nothing to sweep")]
    [InlineData("stages.final.peak_viewers=lots..more", "not a number")]
    [InlineData("stages.final.peak_viewers=1B..2B:5000", "at most")]
    [InlineData("stages.final.peak_viewers=", "no values")]
    [InlineData("stages.final.peak_viewers=1B,,2B", "empty value")]
    // Regression: an unclosed quote or bracket in a list, located.
    [InlineData("a=\"1,500,2", "quote at character 1 is not closed")]
    [InlineData("a=[720p,1080p", "'[' at character 1 is not closed")]
    [InlineData("a=x],y", "']' at character 2 closes nothing")]
    public void A_variation_that_makes_no_sense_is_refused_with_why(string text, string why)
    {
        var v = Variation.Parse(text);
        Assert.False(v.Ok);
        Assert.Contains(why, v.Error);
    }

    [Fact] // Regression: every comma split a value, so "1,500" or a flow list could not be swept.
    public void A_value_holding_a_comma_is_quoted_or_a_flow_list_and_kept_whole()
    {
        Assert.Equal(["\"1,500\"", "'2,000'", "3000"], Variation.Parse("a=\"1,500\", '2,000' ,3000").Value.Values.ToArray());
        Assert.Equal(["[720p, 1080p]", "[1080p]"], Variation.Parse("ladder.rungs=[720p, 1080p],[1080p]").Value.Values.ToArray());
        Assert.Equal(["{a: 1, b: 2}", "x"], Variation.Parse("m={a: 1, b: 2},x").Value.Values.ToArray());
        // An apostrophe inside a plain word is not a quote; ".." inside a quoted value is not a range.
        Assert.Equal(["o'clock", "b"], Variation.Parse("a=o'clock,b").Value.Values.ToArray());
        Assert.Equal(["\"1..2\""], Variation.Parse("a=\"1..2\"").Value.Values.ToArray());
    }

    [Fact]
    public void Several_variations_make_a_grid_the_first_slowest()
    {
        var grid = Variation.Grid([Variation.Parse("a=1,2").Value, Variation.Parse("b=x,y,z").Value]);
        Assert.Equal(6, grid.Length);
        Assert.Equal("a=1 b=x", string.Join(' ', grid[0]));
        Assert.Equal("a=1 b=y", string.Join(' ', grid[1]));
        Assert.Equal("a=2 b=z", string.Join(' ', grid[5]));
    }
}
