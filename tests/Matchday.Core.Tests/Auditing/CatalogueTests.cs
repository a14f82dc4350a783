using System.Collections.Immutable;
using Matchday.Core.Auditing;
using Matchday.Core.Planning;
using Matchday.Core.Scenarios;
using Matchday.Core.Scenarios.Reading;
using Matchday.Core.Units;

namespace Matchday.Core.Tests.Auditing;

/// <summary>
/// Every rule of the catalogue fires on a modified copy of a hand-written example (at more than one magnitude where its
/// thresholds have more than one severity) and stays silent on the consistent examples, where every check is made.
/// </summary>
public class CatalogueTests
{
    private static readonly Dictionary<string, string> Examples = new(StringComparer.Ordinal)
    {
        ["cricket"] = File.ReadAllText(RepoPaths.Example("cricket-final.yaml")),
        ["superbowl"] = File.ReadAllText(RepoPaths.Example("superbowl-streaming.yaml")),
    };

    private static AuditResult Audit(string yaml, string file = "t.yaml")
    {
        var r = ScenarioReader.Read(yaml, file);
        Assert.True(r.Ok, string.Join("\n", r.Errors));
        var plan = Planner.Build(r.Scenario!);
        return new AuditResult(plan.Audit, plan.AuditNotChecked);
    }

    /// <summary>An example with each <c>find =&gt; replace</c> applied (each find must be in it).</summary>
    private static string Modified(string example, params string[] edits)
    {
        var yaml = Examples[example];
        foreach (var edit in edits)
        {
            var parts = edit.Split(" => ");
            Assert.True(yaml.Contains(parts[0], StringComparison.Ordinal), $"'{parts[0]}' is not in {example}");
            yaml = yaml.Replace(parts[0], parts[1], StringComparison.Ordinal);
        }
        return yaml;
    }

    /// <summary>(rule, example, the severity it must give, edits): each a contradiction of that rule's kind.</summary>
    public static TheoryData<string, string, Severity, string[]> Firing() => new()
    {
        { "region-audience-sum", "superbowl", Severity.Error, ["viewers: 12M, => viewers: 16M,"] },
        { "region-audience-sum", "superbowl", Severity.Warning, ["viewers: 12M, => viewers: 12.5M,"] },
        { "shares-sum", "superbowl", Severity.Warning, ["bitrate: 6 Mbps,   share: 60% => bitrate: 6 Mbps,   share: 50%"] },
        { "shares-sum", "cricket", Severity.Warning, ["share: 85%, edge_servers: 2600 => share: 75%, edge_servers: 2600"] },
        { "reported-peak-viewers", "superbowl", Severity.Error, ["peak_viewers: 30M\n  average => peak_viewers: 33M\n  average"] },
        { "reported-peak-viewers", "cricket", Severity.Warning, ["peak_viewers: 60M\n  average => peak_viewers: 61M\n  average"] },
        { "edge-server-capacity", "superbowl", Severity.Warning, ["edge_servers: 1200, => edge_servers: 600,"] },
        { "dr-origins", "superbowl", Severity.Warning, ["origins: 6, standby: warm => origins: 8, standby: warm"] },
        { "autoscaling-bounds", "superbowl", Severity.Warning, ["min_replicas: 12 => min_replicas: 16"] },
        { "failover-roles", "superbowl", Severity.Warning, ["role: secondary, origins: 6 => role: primary,   origins: 6"] },
        { "region-population", "superbowl", Severity.Error, ["subscribers: 6M, => subscribers: 2M,"] },
        { "region-population", "cricket", Severity.Error, ["{ name: middle-east,    share: 7%, => { name: middle-east,    share: 7%, population: 1M,"] },
        { "cdn-committed-sum", "superbowl", Severity.Warning, ["committed: { use: 50 Tbps => committed: { use: 90 Tbps"] },
        { "codec-alternatives", "superbowl", Severity.Warning, ["  codec: h264 =>   codec: hevc"] },
        { "codec-alternatives", "cricket", Severity.Warning, ["- { codec: hevc, saving: 35% } => - { codec: hevc, saving: 35% }\n    - { codec: hevc, saving: 40% }"] },
        { "regional-capacity", "cricket", Severity.Critical, ["capacity: 104 Tbps => capacity: 10 Tbps"] },
        { "regional-capacity", "superbowl", Severity.Error, ["capacity: 120 Tbps => capacity: 20 Tbps", "capacity: 71 Tbps => capacity: 50 Tbps", "capacity: 81 Tbps => capacity: 60 Tbps"] },
        { "region-coverage", "superbowl", Severity.Warning, ["capacity: 120 Tbps => capacity: 60 Tbps"] },
        { "region-coverage", "superbowl", Severity.Error, ["capacity: 120 Tbps => capacity: 40 Tbps"] },
        { "edge-request-capacity", "superbowl", Severity.Critical, ["server_requests: 200k/s => server_requests: 10k/s"] },
        { "edge-request-capacity", "superbowl", Severity.Error, ["server_requests: 200k/s => server_requests: 14k/s"] },
        { "origin-fixed-ratio", "cricket", Severity.Critical, ["assumed_hit_ratio: 99.7% => assumed_hit_ratio: 90%"] },
        { "origin-coalesced", "superbowl", Severity.Error, ["input_streams: 4 => input_streams: 100", "capacity: 40 Gbps\n  assumed => capacity: 4 Gbps\n  assumed"] },
        { "hpa-max-below-peak", "superbowl", Severity.Error, ["input_streams: 4 => input_streams: 100", "capacity: 40 Gbps\n  assumed => capacity: 4 Gbps\n  assumed"] },
        { "auth-capacity", "cricket", Severity.Error, ["capacity: 500k/s => capacity: 5k/s"] },
        { "device-above-ladder", "superbowl", Severity.Error, ["bitrate: 6 Mbps,   share: 60% => bitrate: 16 Mbps,  share: 60%"] },
        { "top-rung-unreachable", "superbowl", Severity.Warning, ["{ name: 2160p, bitrate: 12 Mbps => { name: 2160p, bitrate: 60 Mbps"] },
        { "abr-throughput", "cricket", Severity.Warning, ["rungs: [240p, 360p] } => rungs: [240p, 360p, 1080p] }"] },
        { "lowest-rung-throughput", "superbowl", Severity.Error, ["min_throughput: 2 Mbps,  max_throughput: 8 Mbps => min_throughput: 200 kbps, max_throughput: 700 kbps"] },
        { "cdn-n-minus-one", "superbowl", Severity.Error, ["committed: { use: 42 Tbps => committed: { use: 20 Tbps"] },
        { "cdn-n-minus-one", "superbowl", Severity.Critical, ["traffic: 30% => traffic: 0%", "traffic: 20% => traffic: 0%"] },
        { "dr-standby-capacity", "superbowl", Severity.Error, ["replication_lag: 2 s } => replication_lag: 2 s, capacity: 1 Gbps }"] },
        { "dr-standby-capacity", "cricket", Severity.Error, ["origins: 4, standby: warm => origins: 0, standby: warm"] },
        { "failover-budget", "superbowl", Severity.Error, ["availability: 99.99% => availability: 99.999%"] },
        { "failover-budget", "cricket", Severity.Error, ["dns_ttl: 60 s => dns_ttl: 1 h"] },
        { "recovery-time-objective", "superbowl", Severity.Error, ["recovery_time: 2 min => recovery_time: 1 min"] },
        { "capacity-slo-bandwidth", "superbowl", Severity.Critical, ["bandwidth: 200 Tbps => bandwidth: 100 Tbps"] },
        { "capacity-slo-bandwidth", "superbowl", Severity.Warning, ["bandwidth: 200 Tbps => bandwidth: 150 Tbps"] },
        { "capacity-slo-viewers", "superbowl", Severity.Error, ["viewers: 35M => viewers: 25M"] },
        { "hit-ratio-slo", "superbowl", Severity.Warning, ["cache_hit_ratio: 99.5% => cache_hit_ratio: 99.9%"] },
        { "latency-percentiles", "superbowl", Severity.Error, ["latency_p99: 500 ms => latency_p99: 150 ms"] },
        { "latency-percentiles", "cricket", Severity.Error, ["latency_p99: 400 ms => latency_p99: 199 ms"] },
        { "playlist-refresh", "superbowl", Severity.Warning, ["playlist_refresh: 2 s => playlist_refresh: 6 s"] },
        { "glass-to-glass", "superbowl", Severity.Error, ["glass_to_glass: 20 s => glass_to_glass: 5 s"] },
        { "timeline-broadcast", "superbowl", Severity.Warning, ["match_broadcast: 6 h => match_broadcast: 4 h"] },
        { "timeline-broadcast", "cricket", Severity.Warning, ["match_broadcast: 4.5 h => match_broadcast: 4 h"] },
        { "startup-physics", "cricket", Severity.Error, ["startup_p95: 3 s => startup_p95: 900 ms"] },
        { "alert-thresholds", "superbowl", Severity.Error, ["when: cache_hit_ratio < 99.5% => when: cache_hit_ratio < 95%"] },
        { "alert-thresholds", "superbowl", Severity.Warning, ["when: cache_hit_ratio < 99.5% => when: cache_hit_ratio < 99.8%"] },
        { "alert-thresholds", "superbowl", Severity.Error, ["  - { name: OriginRegionLost => " + "  - { name: SlowSegments, when: latency_p95 > 300 ms, for: 1 min, severity: critical }\n  - { name: OriginRegionLost"] },
        { "alert-thresholds", "superbowl", Severity.Warning, ["when: regions_failed > 0,  => when: regions_failed > 1,  "] },
        // An encoder alert under the planned utilization fires all night.
        { "alert-thresholds", "superbowl", Severity.Warning, ["  - { name: OriginRegionLost => " + "  - { name: EncodersHot, when: encoding_cpu > 50%, for: 1 min, severity: warning }\n  - { name: OriginRegionLost"] },
        { "alert-thresholds", "cricket", Severity.Warning, ["faults: [] => alerts: [{ name: EdgeLatency, when: latency_p95 > 200 ms, for: 1 min, severity: critical }]\nfaults: []"] },
        { "reported-volume", "superbowl", Severity.Error, ["data_transferred: 158 PB => data_transferred: 60 PB"] },
        { "reported-volume", "superbowl", Severity.Warning, ["data_transferred: 158 PB => data_transferred: 120 PB"] },
        { "reported-volume", "superbowl", Severity.Error, ["data_transferred: 158 PB => data_transferred: 10 PB"] },
        { "reported-volume", "superbowl", Severity.Error, ["data_transferred: 158 PB => data_transferred: 2 EB"] },
        { "reported-volume", "cricket", Severity.Error, ["average_bitrate: 1.3 Mbps => average_bitrate: 1.3 Mbps\n  data_transferred: 3 PB\n  transfer_window: 1 h"] },
        { "declared-bitrate", "superbowl", Severity.Error, ["average_bitrate: 4.4 Mbps => average_bitrate: 2 Mbps"] },
        { "declared-bitrate", "cricket", Severity.Warning, ["average_bitrate: 1.3 Mbps => average_bitrate: 1.5 Mbps"] },
        { "reported-cost", "superbowl", Severity.Error, ["total_cost: $1M => total_cost: $10M"] },
        { "reported-cost", "cricket", Severity.Error, ["total_cost: $32M => total_cost: $1M"] },
        { "cost-shares", "superbowl", Severity.Warning, ["cdn: 99% => cdn: 50%", "encoding: 0.5% => encoding: 50%"] },
        { "cost-shares", "superbowl", Severity.Info, ["origins: 0.5% => marketing: 0.5%"] },
        { "encoding-instances", "superbowl", Severity.Warning, ["encoding_instances: 4 => encoding_instances: 20"] },
        { "stored-content", "superbowl", Severity.Warning, ["stored_content: 250 GB => stored_content: 25 TB"] },
        { "reported-latency", "superbowl", Severity.Warning, ["latency_p95: 180 ms => latency_p95: 300 ms"] },
        { "reported-qoe", "superbowl", Severity.Warning, ["rebuffering_ratio: 0.3% => rebuffering_ratio: 2%"] },
        { "reported-qoe", "superbowl", Severity.Error, ["availability: 99.995% => availability: 99.9%"] },
        { "reported-peak-egress", "superbowl", Severity.Error, ["peak_egress: 130 Tbps => peak_egress: 60 Tbps"] },
        { "reported-peak-egress", "superbowl", Severity.Warning, ["peak_egress: 130 Tbps => peak_egress: 90 Tbps"] },
        { "reported-peak-egress", "superbowl", Severity.Error, ["peak_egress: 130 Tbps => peak_egress: 20 Tbps"] },
        { "reported-peak-egress", "superbowl", Severity.Error, ["peak_egress: 130 Tbps => peak_egress: 500 Tbps"] },
        { "reported-join-rate", "superbowl", Severity.Error, ["peak_join_rate: 25k/s => peak_join_rate: 200k/s"] },
        { "reported-join-rate", "superbowl", Severity.Warning, ["peak_join_rate: 25k/s => peak_join_rate: 80k/s"] },
    };

    [Theory]
    [MemberData(nameof(Firing))]
    public void Each_rule_fires_on_a_modified_copy_of_a_hand_written_example(string rule, string example, Severity severity, string[] edits)
    {
        var findings = Audit(Modified(example, edits)).Findings;
        Assert.Contains(findings, f => f.Rule == rule);
        Assert.Contains(findings, f => f.Rule == rule && f.Severity == severity);
        var finding = findings.First(f => f.Rule == rule && f.Severity == severity);
        Assert.Equal(Auditor.Rules.Single(r => r.Id == rule).Group, finding.Group);
        Assert.NotEmpty(finding.Message);
        Assert.NotEmpty(finding.Figures);
    }

    public static TheoryData<string, string> RulesOnExamples()
    {
        var data = new TheoryData<string, string>();
        foreach (var r in Auditor.Rules)
            foreach (var e in Examples.Keys) data.Add(r.Id, e);
        return data;
    }

    [Theory]
    [MemberData(nameof(RulesOnExamples))]
    public void Each_rule_is_silent_on_the_consistent_examples(string rule, string example) =>
        Assert.DoesNotContain(Audit(Examples[example]).Findings, f => f.Rule == rule);

    [Fact]
    public void Every_rule_has_a_firing_case_and_is_made_on_a_consistent_example()
    {
        var firing = Firing().Select(row => (string)row[0]).ToHashSet();
        Assert.All(Auditor.Rules, r => Assert.True(firing.Contains(r.Id), $"{r.Id} has no firing case"));
        var made = Examples.Values.SelectMany(yaml => Auditor.Rules.Select(r => r.Id).Except(Audit(yaml).NotChecked.Select(u => u.Rule))).ToHashSet();
        Assert.All(Auditor.Rules, r => Assert.True(made.Contains(r.Id), $"{r.Id} is never checked on a consistent example, so its silence proves nothing"));
        Assert.Empty(Audit(Examples["superbowl"]).NotChecked);
        Assert.Equal(Auditor.Rules.Length, Auditor.Rules.Select(r => r.Id).Distinct().Count());
    }

    [Fact]
    public void The_builtin_scenario_says_which_checks_it_could_not_make()
    {
        var plan = Planner.Build(Presets.Load());
        var skipped = plan.AuditNotChecked.Select(u => u.Rule).ToList();
        foreach (var rule in new[] { "recovery-time-objective", "glass-to-glass", "cdn-n-minus-one", "region-population", "reported-qoe", "reported-peak-egress", "reported-join-rate" })
            Assert.Contains(rule, skipped);
        Assert.Contains(plan.AuditNotChecked, u => u.Rule == "glass-to-glass" && u.Needs == "slos.glass_to_glass");
        Assert.DoesNotContain("reported-volume", skipped);
    }

    /// <summary>The model's own figures, written back as the reported ones, must not fire the rules that compare them.</summary>
    [Fact]
    public void Reported_figures_equal_to_the_models_own_are_silent()
    {
        var yaml = Examples["cricket"];
        var plan = Planner.Build(ScenarioReader.Read(yaml, "t.yaml").Scenario!);
        var peak = plan.Match;
        var window = Duration.FromHours(2);
        var busiest = Matchday.Core.Auditing.Rules.ReportedRules.BusiestViewerSeconds(peak.Audience.Ramp, window)!.Value;
        var volume = peak.Delivery.AverageBitrate * Duration.FromSeconds(busiest);
        var own = yaml.Replace("  average_bitrate: 1.3 Mbps", string.Join("\n",
            "  average_bitrate: 1.3 Mbps",
            $"  data_transferred: {Math.Round(volume.Terabytes)} TB",
            "  transfer_window: 2 h",
            $"  peak_egress: {Math.Round((plan.Abr.Played * peak.Audience.Peak.Value).Gigabits)} Gbps",
            $"  peak_join_rate: {Math.Round(peak.Audience.PeakJoinRate.PerSecond)}/s",
            $"  encoding_instances: {plan.Encoding.Instances}",
            $"  stored_content: {Math.Round(plan.Storage.Tournament.Gigabytes)} GB"), StringComparison.Ordinal)
            .Replace("total_cost: $32M", $"total_cost: ${Math.Round(plan.Cost.Total.Dollars)}", StringComparison.Ordinal);
        var result = Audit(own);
        Assert.Empty(result.Findings);
        foreach (var rule in new[] { "reported-volume", "reported-peak-egress", "reported-join-rate", "encoding-instances", "stored-content", "reported-cost" })
            Assert.DoesNotContain(result.NotChecked, u => u.Rule == rule);
    }

    [Fact] // The region-sum rule compares with the stage's peak, as the plan does, whatever the reported peak says.
    public void Regions_that_sum_to_the_stages_peak_are_silent_whatever_the_reported_peak()
    {
        var findings = Audit(Modified("superbowl", "peak_viewers: 30M\n  average => peak_viewers: 31M\n  average")).Findings;
        Assert.DoesNotContain(findings, f => f.Rule == "region-audience-sum");
        Assert.Contains(findings, f => f.Rule == "reported-peak-viewers");
    }

    [Fact] // The reported-volume rule's per-viewer figure is a lower bound, and says so.
    public void The_implied_bitrate_is_called_a_lower_bound()
    {
        var f = Audit(Modified("superbowl", "data_transferred: 158 PB => data_transferred: 60 PB")).Findings.Single(x => x.Rule == "reported-volume");
        Assert.Contains("at least", f.Message);
        Assert.DoesNotContain("at most", f.Message);
        Assert.Contains("less than the model's", f.Message);
    }

    [Fact]
    public void Findings_point_at_the_fields_they_involve()
    {
        var yaml = Modified("superbowl", "edge_servers: 1200, => edge_servers: 600,");
        var f = Audit(yaml, "superbowl.yaml").Findings.Single(x => x.Rule == "edge-server-capacity");
        var line = yaml[..yaml.IndexOf("edge_servers: 600", StringComparison.Ordinal)].Count(c => c == '\n') + 1;
        var column = yaml.Split('\n')[line - 1].IndexOf("600", StringComparison.Ordinal) + 1;
        Assert.Contains(f.Figures, x => x.Source == "regions[0].edge_servers" && x.At == $"superbowl.yaml:{line}:{column}");
        var server = yaml[..yaml.IndexOf("server_capacity: 100 Gbps", StringComparison.Ordinal)].Count(c => c == '\n') + 1;
        Assert.Contains(f.Figures, x => x.Source == "delivery.server_capacity" && x.At!.StartsWith($"superbowl.yaml:{server}:", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_figure_of_every_finding_names_a_field_or_says_it_is_derived()
    {
        var all = Firing().SelectMany(row => Audit(Modified((string)row[1], (string[])row[3])).Findings).ToList();
        Assert.All(all.SelectMany(f => f.Figures), x => Assert.True(x.Source == "derived" || x.At is not null, $"{x.Name} ({x.Source}) is not located"));
    }

    [Fact]
    public void The_catalogue_is_grouped_and_documented()
    {
        Assert.All(Enum.GetValues<RuleGroup>(), g => Assert.Contains(Auditor.Rules, r => r.Group == g));
        Assert.All(Auditor.Rules, r =>
        {
            Assert.Matches("^[a-z0-9-]+$", r.Id);
            Assert.True(r.Compares.Length > 20 && r.Why.Length > 20, r.Id);
        });
        ImmutableArray<string> missing = [.. new[] { "region-coverage", "edge-request-capacity", "device-above-ladder", "top-rung-unreachable", "dr-standby-capacity", "hpa-max-below-peak", "latency-percentiles", "playlist-refresh", "failover-budget", "timeline-broadcast" }
            .Where(id => Auditor.Rules.All(r => r.Id != id))];
        Assert.Empty(missing);
    }
}
