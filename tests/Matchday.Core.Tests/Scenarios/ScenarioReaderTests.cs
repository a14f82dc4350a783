using Matchday.Core.Scenarios;
using Matchday.Core.Scenarios.Reading;

namespace Matchday.Core.Tests.Scenarios;

public class ScenarioReaderTests
{
    private static readonly string Seed = Presets.Text(Presets.Default)!;

    private static IReadOnlyList<ScenarioError> Errors(string yaml)
    {
        var result = ScenarioReader.Read(yaml, "test.yaml");
        Assert.False(result.Ok);
        Assert.Null(result.Scenario);
        return result.Errors;
    }

    private static Scenario Read(string yaml)
    {
        var result = ScenarioReader.Read(yaml, "test.yaml");
        Assert.True(result.Ok, string.Join("\n", result.Errors));
        return result.Scenario!;
    }

    /// <summary>The seed with one line replaced (the first line containing <paramref name="find"/>).</summary>
    private static string SeedWith(string find, string replace)
    {
        Assert.Contains(find, Seed);
        var i = Seed.IndexOf(find, StringComparison.Ordinal);
        return Seed[..i] + replace + Seed[(i + find.Length)..];
    }

    private static int LineOf(string yaml, string text) =>
        yaml[..yaml.IndexOf(text, StringComparison.Ordinal)].Count(c => c == '\n') + 1;

    [Fact]
    public void The_builtin_scenario_holds_every_seed_figure()
    {
        var s = Presets.Load();
        Assert.Equal("worldcup-2022", s.Name);
        Assert.Equal(64, s.Tournament.TotalMatches);
        Assert.Equal(1.68e9, s.FindStage("final")!.PeakViewers.Value);
        Assert.Equal(7, s.Ladder.Rungs.Length);
        Assert.Equal(5, s.Regions.Length);
        Assert.Equal(847e15, s.Reported.DataTransferred!.Value.Bytes);
        Assert.Equal(0.973, s.Reported.CacheHitRatio!.Value.Value, 12);
        Assert.Equal(12.8e6, s.Reported.TotalCost!.Value.Dollars);
        Assert.Equal(2500e9, s.Slos.CapacityBandwidth.BitsPerSecond);
        Assert.Equal(200, s.Autoscaling.MaxReplicas);
        Assert.Equal(60, s.Autoscaling.ScaleUp!.Stabilization.Seconds);
    }

    [Fact]
    public void The_hand_written_example_reads()
    {
        var result = ScenarioReader.Read(File.ReadAllText(RepoPaths.Example("cricket-final.yaml")), "cricket-final.yaml");
        Assert.True(result.Ok, string.Join("\n", result.Errors));
        Assert.Equal(2, result.Scenario!.Delivery.Cdns.Length);
        Assert.Equal(2, result.Scenario.Delivery.Cdns[0].Pricing!.Tiers.Length);
        Assert.NotNull(result.Scenario.Delivery.Cdns[1].Pricing!.Percentile95);
    }

    [Fact]
    public void Malformed_yaml_is_located()
    {
        var e = Assert.Single(Errors("name: x\ntournament: [unclosed\n  audience: 3\n"));
        Assert.Equal("(syntax)", e.Field);
        Assert.True(e.Line >= 2);
        Assert.Contains("malformed YAML", e.Message);
    }

    [Fact]
    public void Unknown_fields_are_errors_with_a_suggestion()
    {
        var yaml = SeedWith("  segment_duration: 6 s", "  segment_duratoin: 6 s");
        var errors = Errors(yaml);
        var e = errors.Single(x => x.Field == "delivery.segment_duratoin");
        Assert.Contains("did you mean 'segment_duration'", e.Message);
        Assert.Equal(LineOf(yaml, "segment_duratoin"), e.Line);
        Assert.Equal(3, e.Column);
        // ... and the real field is reported missing.
        Assert.Contains(errors, x => x.Field == "delivery.segment_duration" && x.Message.StartsWith("missing", StringComparison.Ordinal));
    }

    [Fact]
    public void A_bitrate_without_a_unit_is_located()
    {
        var yaml = SeedWith("server_capacity: 40 Gbps", "server_capacity: 40");
        var e = Assert.Single(Errors(yaml));
        Assert.Equal("delivery.server_capacity", e.Field);
        Assert.Equal(LineOf(yaml, "server_capacity: 40"), e.Line);
        Assert.Equal(20, e.Column);
        Assert.Contains("has no unit", e.Message);
        Assert.StartsWith($"test.yaml:{e.Line}:20 delivery.server_capacity:", e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Megabytes_are_not_a_bitrate()
    {
        var e = Assert.Single(Errors(SeedWith("bitrate: 2.4 Mbps,  share: 45%", "bitrate: 2.4 MB,  share: 45%")));
        Assert.Equal("audience.devices[1].bitrate", e.Field);
        Assert.Contains("bytes, not bits per second", e.Message);
    }

    [Fact]
    public void Negative_and_zero_counts_are_rejected()
    {
        var errors = Errors(SeedWith("matches: 48, peak_viewers: 180M", "matches: -3, peak_viewers: 0"));
        Assert.Contains(errors, e => e.Field == "tournament.stages[0].matches" && e.Message.Contains("positive count", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Field == "tournament.stages[0].peak_viewers" && e.Message.Contains("positive count", StringComparison.Ordinal));
    }

    [Fact]
    public void Shares_must_be_percentages()
    {
        var e = Assert.Single(Errors(SeedWith("bitrate: 1.2 Mbps,  share: 35%", "bitrate: 1.2 Mbps,  share: 0.35")));
        Assert.Equal("audience.devices[0].share", e.Field);
        Assert.Contains("has no '%'", e.Message);
        var over = Assert.Single(Errors(SeedWith("bitrate: 1.2 Mbps,  share: 35%", "bitrate: 1.2 Mbps,  share: 135%")));
        Assert.Contains("between 0% and 100%", over.Message);
    }

    [Theory] // Regression: 1.68 (a slip for 1.68B) was read as 1.68 viewers and the final planned for them.
    [InlineData("peak_viewers: 1.68", "'1.68' is not a whole number: a count is whole (for millions or billions write 1.68M or 1.68B)")]
    [InlineData("peak_viewers: \"0.5\"", "'0.5' is not a whole number")]
    public void A_count_without_a_suffix_is_whole(string bad, string message)
    {
        var e = Assert.Single(Errors(SeedWith("peak_viewers: 1.68B", bad)));
        Assert.Equal("tournament.stages[5].peak_viewers", e.Field);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        // Whole counts read, in every notation; with a suffix a fraction is fine.
        foreach (var ok in new[] { "1680000000", "\"1,680,000,000\"", "1.68B", "1680.5M", "1.68e9", "2.0" })
            Assert.True(ScenarioReader.Read(SeedWith("peak_viewers: 1.68B", "peak_viewers: " + ok), "test.yaml").Ok, ok);
        // The schema says so too: a YAML number is an integer, a string is whole or has a suffix.
        var schema = System.Text.Json.Nodes.JsonNode.Parse(ScenarioReader.JsonSchema())!;
        var viewers = schema["properties"]!["reported"]!["properties"]!["peak_viewers"]!;
        Assert.Equal("integer", viewers["type"]![1]!.GetValue<string>());
        Assert.DoesNotMatch(viewers["pattern"]!.GetValue<string>(), "1.68");
        Assert.Matches(viewers["pattern"]!.GetValue<string>(), "1.68B");
        Assert.Matches(viewers["pattern"]!.GetValue<string>(), "1,680,000,000");
    }

    [Theory]
    [InlineData("peak_viewers: NaN")]
    [InlineData("peak_viewers: .inf")]
    [InlineData("peak_viewers: 1e300")]
    [InlineData("peak_viewers: 99B")]
    public void Nan_infinite_and_huge_values_are_rejected(string bad)
    {
        var e = Assert.Single(Errors(SeedWith("peak_viewers: 1.68B", bad)));
        Assert.Equal("tournament.stages[5].peak_viewers", e.Field);
    }

    [Fact]
    public void A_device_profile_may_name_its_player_from_a_closed_set()
    {
        var yaml = SeedWith("bitrate: 1.2 Mbps,  share: 35%", "bitrate: 1.2 Mbps,  share: 35%, player: exoplayer");
        var result = ScenarioReader.Read(yaml, "test.yaml");
        Assert.True(result.Ok);
        Assert.Equal(PlayerKind.ExoPlayer, result.Scenario!.Audience.Devices[0].Player);
        Assert.Null(result.Scenario.Audience.Devices[1].Player);
        var e = Assert.Single(Errors(SeedWith("bitrate: 1.2 Mbps,  share: 35%", "bitrate: 1.2 Mbps,  share: 35%, player: vlc")));
        Assert.Equal("audience.devices[0].player", e.Field);
        Assert.Contains("expected one of exoplayer, hls.js, shaka, dash.js, dash.js-ll, avplayer", e.Message, StringComparison.Ordinal);
        Assert.Equal(LineOf(Seed, "name: mobile"), e.Line);
    }

    [Fact] // Regression: `player: HLS.JS` and `codec: HEVC` were refused with the list alone (the command line's --abr takes any case).
    public void A_word_of_a_closed_set_in_the_wrong_case_is_refused_with_the_word_meant()
    {
        var player = Assert.Single(Errors(SeedWith("bitrate: 1.2 Mbps,  share: 35%", "bitrate: 1.2 Mbps,  share: 35%, player: HLS.JS")));
        Assert.Equal("audience.devices[0].player", player.Field);
        Assert.EndsWith("expected one of exoplayer, hls.js, shaka, dash.js, dash.js-ll, avplayer (did you mean 'hls.js'?)", player.Message, StringComparison.Ordinal);
        var codec = Assert.Single(Errors(SeedWith("codec: h264", "codec: HEVC")));
        Assert.EndsWith("expected one of h264, hevc, av1 (did you mean 'hevc'?)", codec.Message, StringComparison.Ordinal);
        // Nothing close: the list alone.
        Assert.EndsWith("expected one of h264, hevc, av1", Assert.Single(Errors(SeedWith("codec: h264", "codec: mpeg2-transport"))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_that_fault_specs_overrides_and_diffs_look_up_are_unique()
    {
        // Regressions: each was accepted, and --set or diff reached only one of the two.
        var device = Assert.Single(Errors(SeedWith("{ name: mobile,", "{ name: mobile, bitrate: 1 Mbps, share: 0% }\n    - { name: mobile,")));
        Assert.Contains("device profile 'mobile' is listed 2 times", device.Message, StringComparison.Ordinal);
        var network = Assert.Single(Errors(SeedWith("{ name: poor,", "{ name: Excellent,")));
        Assert.Contains("network class 'excellent' is listed 2 times", network.Message, StringComparison.Ordinal);
        // Regression: two origin regions of one name were accepted, and the night failed over from us-east to us-east.
        var origin = Errors(SeedWith("{ name: eu-west,      role: secondary", "{ name: US-East,      role: secondary"));
        Assert.Contains(origin, e => e.Field == "failover.regions" && e.Message.Contains("origin region 'us-east' is listed 2 times", StringComparison.Ordinal));
        var code = Assert.Single(Errors(SeedWith("code: eu,", "code: NA,")));
        Assert.Contains("region code 'na' is used by north-america and europe", code.Message, StringComparison.Ordinal);
        // Regression: a region whose code is another region's name was accepted; 'region=europe' then meant either.
        var named = Assert.Single(Errors(SeedWith("code: na,", "code: Europe,")));
        Assert.Equal("regions", named.Field);
        Assert.Contains("north-america: code 'Europe' is the name of another region (europe)", named.Message, StringComparison.Ordinal);
        // Regression: one CDN committing capacity in a region by its name and by its code was accepted and one was dropped.
        var twice = Assert.Single(Errors(SeedWith("pops: 300, shields: 20,", "pops: 300, shields: 20, committed: { europe: 400 Gbps, EU: 300 Gbps },")));
        Assert.Contains("cdns[0] (cloudflare) commits capacity in 'EU' (300 Gbps) and 'europe' (400 Gbps), the same region (europe); give it once", twice.Message, StringComparison.Ordinal);
        var rung = Assert.Single(Errors(SeedWith("rungs: [720p, 1080p]", "rungs: [720p, 720P]")));
        Assert.Equal("audience.networks[1].rungs[1]", rung.Field);
        Assert.Contains("'720P' is listed twice", rung.Message, StringComparison.Ordinal);
    }

    [Fact] // Regression: two rungs named 2160p were accepted, and the "time share per rung" table listed 2160p twice.
    public void Rung_names_are_unique_ignoring_case()
    {
        var yaml = SeedWith("{ name: 1440p,", "{ name: 2160P,").Replace("rungs: [1080p, 1440p, 2160p]", "rungs: [1080p, 2160p]", StringComparison.Ordinal);
        var e = Assert.Single(Errors(yaml));
        Assert.Equal("ladder.rungs", e.Field);
        Assert.Equal("rung '2160P' is listed 2 times", e.Message);
        Assert.Equal(LineOf(Seed, "{ name: 240p,"), e.Line); // the list's first item
        Assert.Equal("test.yaml", e.File);
        // Distinct names, even ones alike, still read.
        Assert.Equal(7, Read(SeedWith("{ name: 1440p,", "{ name: 1440p-hfr,").Replace("1440p, 2160p]", "1440p-hfr, 2160p]", StringComparison.Ordinal)).Ladder.Rungs.Length);
    }

    [Theory] // Regression: every share at 0% passed validation; simulate --players then crashed or ran on no network at all.
    [InlineData("audience.devices", "every device profile's share is 0%: at least one must be above 0", "{ name: mobile,")]
    [InlineData("audience.networks", "every network class's share is 0%: at least one must be above 0", "{ name: excellent,")]
    public void Shares_all_at_zero_are_an_error_at_the_list(string field, string message, string firstItem)
    {
        var kind = field == "audience.devices" ? "bitrate: " : "min_throughput: ";
        var zeroed = string.Join('\n', Seed.Split('\n').Select(line => line.Contains(kind, StringComparison.Ordinal) && line.Contains("share: ", StringComparison.Ordinal)
            ? System.Text.RegularExpressions.Regex.Replace(line, @"share: [0-9.]+%", "share: 0%") : line));
        var e = Assert.Single(Errors(zeroed));
        Assert.Equal(field, e.Field);
        Assert.Equal(message, e.Message);
        Assert.Equal(LineOf(Seed, firstItem), e.Line);
        Assert.Equal(5, e.Column);
    }

    [Fact]
    public void Some_shares_at_zero_are_fine_and_a_bad_share_is_reported_once()
    {
        // One profile left above 0% is a valid mix (the plan scales it to 100%).
        var some = SeedWith("share: 35%", "share: 0%").Replace("share: 45% }", "share: 0% }", StringComparison.Ordinal).Replace("share: 15% }", "share: 0% }", StringComparison.Ordinal);
        Assert.Equal(3, Read(some).Audience.Devices.Count(d => d.Share.Value == 0));
        // A share that cannot be read is its own error, not also "every share is 0%".
        var bad = some.Replace("share: 5% }", "share: lots }", StringComparison.Ordinal);
        var e = Assert.Single(Errors(bad));
        Assert.Equal("audience.devices[3].share", e.Field);
    }

    [Fact]
    public void A_phase_name_repeats_only_for_stages_that_do_not_share_it()
    {
        const string First = "- { phase: first-half,  kind: play,  length: 45 min, from: 80%,  to: 95% }";
        var clash = Assert.Single(Errors(SeedWith(First, First + "\n    " + First)));
        Assert.Contains("phase 'first-half' is listed more than once for group, round16, quarter, semi, third-place, final", clash.Message, StringComparison.Ordinal);
        // One for the final, one for the rest: each stage still has one phase of that name.
        var split = SeedWith(First, First.Replace(" }", ", stages: [final] }", StringComparison.Ordinal) + "\n    "
            + First.Replace(" }", ", stages: [group, round16, quarter, semi, third-place] }", StringComparison.Ordinal));
        Assert.Equal(2, Read(split).Tournament.Timeline.Count(p => p.Name == "first-half"));
    }

    [Fact]
    public void An_empty_list_is_an_error_not_every_item()
    {
        // Regression: a phase's "stages: []" read as every stage, and a class's "rungs: []" passed though required.
        const string First = "- { phase: first-half,  kind: play,  length: 45 min, from: 80%,  to: 95% }";
        var stages = Assert.Single(Errors(SeedWith(First, First.Replace(" }", ", stages: [] }", StringComparison.Ordinal))));
        Assert.Equal("tournament.timeline[1].stages", stages.Field);
        Assert.Contains("an empty list: give at least one name, e.g. [final], or leave 'stages' out", stages.Message, StringComparison.Ordinal);
        var rungs = Assert.Single(Errors(SeedWith("rungs: [720p, 1080p]", "rungs: []")));
        Assert.Equal("audience.networks[1].rungs", rungs.Field);
    }

    [Fact]
    public void A_tab_in_the_indentation_is_located_where_it_is()
    {
        var yaml = SeedWith("  segment_duration: 6 s", "\tsegment_duration: 6 s");
        var e = Assert.Single(Errors(yaml));
        Assert.Equal((LineOf(yaml, "\tsegment_duration"), 1), (e.Line, e.Column));
        Assert.Contains("tab", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_live_window_holds_at_least_three_segments()
    {
        const string Refresh = "playlist_refresh: 6 s";
        Assert.Null(Read(Seed).Delivery.LiveWindow);
        Assert.Equal(120, Read(SeedWith(Refresh, Refresh + "\n  live_window: 2 min")).Delivery.LiveWindow!.Value.Seconds, 9);
        Assert.Equal(18, Read(SeedWith(Refresh, Refresh + "\n  live_window: 18 s")).Delivery.LiveWindow!.Value.Seconds, 9);
        // RFC 8216 section 6.2.2: never shorter than three target durations (3 x 6 s).
        var yaml = SeedWith(Refresh, Refresh + "\n  live_window: 12 s");
        var e = Assert.Single(Errors(yaml));
        Assert.Equal("delivery.live_window", e.Field);
        Assert.Contains("at least three segments (18 s)", e.Message, StringComparison.Ordinal);
        Assert.Contains("RFC 8216", e.Message, StringComparison.Ordinal);
        Assert.Equal(LineOf(yaml, "live_window"), e.Line);
        Assert.Equal("delivery.live_window", Assert.Single(Errors(SeedWith(Refresh, Refresh + "\n  live_window: 40 Gbps"))).Field);
    }

    [Fact]
    public void Live_players_cannot_join_further_behind_the_edge_than_the_window_lists()
    {
        // 30 s lists five 6 s segments: a player may keep five behind the edge, not six.
        const string Refresh = "playlist_refresh: 6 s";
        var windowed = SeedWith(Refresh, Refresh + "\n  live_window: 30 s");
        Assert.Equal(5, Read(windowed + "\nviewers:\n  live_buffer_segments: 5\n").Viewers.LiveBufferSegments);
        var e = Assert.Single(Errors(windowed + "\nviewers:\n  live_buffer_segments: 6\n"));
        Assert.Equal("viewers", e.Field);
        Assert.Contains("6 segments of 6 s (36 s) are more than delivery.live_window (30 s)", e.Message, StringComparison.Ordinal);
        // Without a window (the whole event listed) any count the field takes is fine.
        Assert.Equal(20, Read(Seed + "\nviewers:\n  live_buffer_segments: 20\n").Viewers.LiveBufferSegments);
    }

    [Fact]
    public void A_network_class_may_give_its_throughput_variability()
    {
        var poor = Read(SeedWith("rungs: [240p, 360p] }", "rungs: [240p, 360p], variability: 0.67, correlation_time: 56 s }")).Audience.Networks.Single(n => n.Name == "poor");
        Assert.Equal(0.67, poor.Variability);
        Assert.Equal(56, poor.CorrelationTime!.Value.Seconds);
        var seed = Read(Seed).Audience.Networks[0];
        Assert.Null(seed.Variability);
        Assert.Null(seed.CorrelationTime);

        var negative = Assert.Single(Errors(SeedWith("rungs: [240p, 360p] }", "rungs: [240p, 360p], variability: -0.1 }")));
        Assert.Equal("audience.networks[3].variability", negative.Field);
        Assert.Equal(LineOf(Seed, "name: poor"), negative.Line);
        Assert.Equal("audience.networks[3].variability", Assert.Single(Errors(SeedWith("rungs: [240p, 360p] }", "rungs: [240p, 360p], variability: 50% }"))).Field);
        Assert.Equal("audience.networks[3].correlation_time", Assert.Single(Errors(SeedWith("rungs: [240p, 360p] }", "rungs: [240p, 360p], correlation_time: 0 s }"))).Field);
        Assert.Equal("audience.networks[3].correlation_time", Assert.Single(Errors(SeedWith("rungs: [240p, 360p] }", "rungs: [240p, 360p], correlation_time: 56 }"))).Field);
    }

    [Fact]
    public void Every_error_is_reported_at_once()
    {
        var yaml = SeedWith("server_capacity: 40 Gbps", "server_capacity: 40");
        yaml = yaml.Replace("dns_ttl: 30 s", "dns_ttl: thirty", StringComparison.Ordinal).Replace("input_streams: 50", "input_streams: 0", StringComparison.Ordinal);
        var errors = Errors(yaml);
        Assert.Equal(3, errors.Count);
        Assert.Equal(["delivery.server_capacity", "encoding.input_streams", "failover.dns_ttl"], errors.Select(e => e.Field).Order());
    }

    [Fact]
    public void Rungs_named_by_network_classes_must_exist()
    {
        var e = Assert.Single(Errors(SeedWith("rungs: [240p, 360p] }", "rungs: [144p, 360p] }")));
        Assert.Contains("144p", e.Message);
        Assert.Contains("not in the ladder", e.Message);
    }

    [Fact]
    public void Empty_ladder_and_missing_sections_are_errors()
    {
        Assert.Contains(Errors("name: x\n"), e => e.Field == "tournament" && e.Message == "missing section");
        var noRungs = SeedWith("  rungs:\n    - { name: 240p,", "  rungs: []\n  old:\n    - { name: 240p,");
        Assert.Contains(Errors(noRungs), e => e.Field == "ladder.rungs" && e.Message.Contains("at least 1", StringComparison.Ordinal));
    }

    [Fact]
    public void Non_mapping_documents_are_errors()
    {
        Assert.Single(Errors(""));
        Assert.Single(Errors("- a\n- b\n"));
    }

    [Fact]
    public void Duplicate_keys_are_syntax_errors()
    {
        var e = Assert.Single(Errors(SeedWith("name: worldcup-2022", "name: worldcup-2022\nname: again")));
        Assert.Equal("(syntax)", e.Field);
    }

    [Fact]
    public void Schema_describes_every_section_with_units()
    {
        var schema = System.Text.Json.Nodes.JsonNode.Parse(ScenarioReader.JsonSchema())!;
        var props = schema["properties"]!.AsObject();
        foreach (var section in new[] { "tournament", "audience", "regions", "ladder", "delivery", "origins", "encoding", "services", "storage", "prices", "slos", "failover", "autoscaling", "reported" })
            Assert.True(props.ContainsKey(section), section);
        var serverCapacity = props["delivery"]!["properties"]!["server_capacity"]!;
        Assert.Equal("string", serverCapacity["type"]!.GetValue<string>());
        Assert.Matches(serverCapacity["pattern"]!.GetValue<string>(), "40 Gbps");
        Assert.DoesNotMatch(serverCapacity["pattern"]!.GetValue<string>(), "40");
        Assert.False(props["delivery"]!["additionalProperties"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("when: latency_p95 > 500 ms", "when: latency_p99 > 500 ms", 11, "unknown metric 'latency_p99'")]
    [InlineData("when: latency_p95 > 500 ms", "when: latency_p95 > 500", 25, "latency_p95 takes a duration threshold")]
    [InlineData("when: latency_p95 > 500 ms", "when: latency_p95 is high", 23, "'is': expected a comparison")]
    [InlineData("actions: [scale-origins 75, activate-secondary-cdn]", "actions: [scale-origins, activate-secondary-cdn]", 15, "scale-origins takes scale-origins REPLICAS [ORIGIN-REGION]")]
    [InlineData("actions: [scale-origins 75, activate-secondary-cdn]", "actions: [scale-origins 75, reboot-internet]", 33, "unknown action 'reboot-internet'")]
    [InlineData("actions: [set-hpa-max encoding-hpa 150, cap-quality 720p, activate-all-cdns]", "actions: [set-hpa-max encoding-hpa 150, cap-quality 4k, activate-all-cdns]", 57, "unknown rung '4k'")]
    [InlineData("actions: [fail-over us-east eu-west, scale-origins 40 eu-west, promote-replica eu-west]", "actions: [fail-over us-east eu-wets, scale-origins 40 eu-west, promote-replica eu-west]", 33, "(did you mean 'eu-west'?)")]
    [InlineData("actions: [set-hpa-max encoding-hpa 150, cap-quality 720p, activate-all-cdns]", "actions: [set-hpa-max encoder-hpa 150, cap-quality 720p, activate-all-cdns]", 27, "unknown autoscaler 'encoder-hpa'")]
    public void Runbook_rules_are_checked_against_the_scenario_where_they_are_written(string find, string replace, int column, string message)
    {
        var e = Assert.Single(Errors(SeedWith(find, replace)));
        Assert.StartsWith("runbook[", e.Field, StringComparison.Ordinal);
        Assert.Equal(column, e.Column);
        Assert.Contains(message, e.Message);
    }

    [Theory]
    [InlineData("faults: []", "faults: [\"cdn-outage provider=akamia region=eu at=67m\"]", 31, "unknown CDN 'akamia'")]
    [InlineData("faults: []", "faults: [\"cdn-outage provider=akamai region=eu at=4h\"]", 51, "not before the end of the longest match (3 h)")]
    [InlineData("faults: []", "faults:\n  - cdn-outage provider=akamai regoin=eu at=67m", 32, "unknown key 'regoin'")]
    public void Faults_are_checked_against_the_scenario_where_they_are_written(string find, string replace, int column, string message)
    {
        var e = Assert.Single(Errors(SeedWith(find, replace)));
        Assert.StartsWith("faults[0]", e.Field, StringComparison.Ordinal);
        Assert.Equal(column, e.Column);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Durations_read_the_same_in_the_file_as_in_specs()
    {
        var s = Read(SeedWith("match_broadcast: 2.5 h", "match_broadcast: 150m"));
        Assert.Equal(150 * 60, s.Tournament.MatchBroadcast.Seconds);
        s = Read(SeedWith("match_broadcast: 2.5 h", "match_broadcast: 2h30m"));
        Assert.Equal(150 * 60, s.Tournament.MatchBroadcast.Seconds);
    }

    [Fact]
    public void The_builtin_runbook_has_the_seeds_rules()
    {
        var rules = Presets.Load().Runbook;
        Assert.Equal(["high-latency", "viewer-dropout", "region-failure"], rules.Select(r => r.Name));
        Assert.Equal(0.5, rules[0].Condition.Threshold, 12);
        Assert.Equal(1000, rules[1].Condition.Threshold, 12);
        Assert.Equal("cap-quality 720p", rules[1].Actions[1].ToSpec());
        Assert.Equal(new FailOverRegion("us-east", "eu-west"), rules[2].Actions[0]);
    }

    [Fact]
    public void Phases_say_what_they_are_or_are_inferred_from_their_name()
    {
        var kinds = Presets.Load().Tournament.Timeline.Select(p => p.Kind);
        Assert.Equal([PhaseKind.Pre, PhaseKind.Play, PhaseKind.Break, PhaseKind.Play, PhaseKind.Play, PhaseKind.Play], kinds);
        var inferred = Read(SeedWith("phase: half-time,   kind: break,", "phase: half-time,"));
        Assert.Equal(PhaseKind.Break, inferred.Tournament.Timeline[2].Kind);
        Assert.Contains("expected one of pre, play, break, post", Assert.Single(Errors(SeedWith("kind: break,", "kind: pause,"))).Message);
    }
}
