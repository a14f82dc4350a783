using Matchday.Core.Auditing;
using Matchday.Core.Planning;
using Matchday.Core.Scenarios;
using Matchday.Core.Scenarios.Reading;

namespace Matchday.Core.Tests.Auditing;

public class AuditorTests
{
    private static readonly string Cricket = File.ReadAllText(RepoPaths.Example("cricket-final.yaml"));

    private static System.Collections.Immutable.ImmutableArray<Finding> Audit(string yaml)
    {
        var r = ScenarioReader.Read(yaml, "t.yaml");
        Assert.True(r.Ok, string.Join("\n", r.Errors));
        return Planner.Build(r.Scenario!).Audit;
    }

    private static string CricketWith(string find, string replace)
    {
        Assert.Contains(find, Cricket);
        return Cricket.Replace(find, replace, StringComparison.Ordinal);
    }

    [Fact]
    public void Seed_findings_include_the_known_contradictions()
    {
        var findings = Planner.Build(Presets.Load()).Audit;
        var regions = findings.Single(f => f.Rule == "region-audience-sum");
        Assert.Contains("1.93B against a peak of 1.68B", regions.Message);
        var volume = findings.Single(f => f.Rule == "reported-volume");
        // 847e15 x 8 / (5400 s x 1.68e9) = 746.9 kbps
        Assert.Contains("747 kbps", volume.Message);
        Assert.Contains("2.40 Mbps", volume.Message);
        Assert.Contains("2.82 Mbps", volume.Message);
        var slo = findings.Single(f => f.Rule == "capacity-slo-bandwidth");
        Assert.Equal(Severity.Critical, slo.Severity);
        Assert.Contains("2.50 Tbps", slo.Message);
        Assert.Contains("4.74 Pbps", slo.Message);
        Assert.Contains("3 orders of magnitude", slo.Message);
        var regional = findings.Single(f => f.Rule == "regional-capacity");
        // 650 + 920 + 1100 + 290 + 195 = 3,155 Gbps
        Assert.Contains("3.15 Tbps", regional.Message);
        Assert.Contains(findings, f => f.Rule == "reported-cost");
        Assert.Contains(findings, f => f.Rule == "encoding-instances");
        Assert.Contains(findings, f => f.Rule == "stored-content");
        Assert.Contains(findings, f => f.Rule == "origin-fixed-ratio");
        Assert.True(findings.Select(f => (int)f.Severity).SequenceEqual(findings.Select(f => (int)f.Severity).OrderDescending()));
    }

    [Fact]
    public void A_consistent_scenario_has_a_clean_audit() => Assert.Empty(Audit(Cricket));

    [Fact]
    public void Regional_audiences_that_overshoot_the_peak_are_found_in_any_scenario()
    {
        var yaml = Cricket.Replace("{ name: india,          share: 85%", "{ name: india,          viewers: 61.2M", StringComparison.Ordinal)
            .Replace("share: 7%,", "viewers: 5.04M,", StringComparison.Ordinal).Replace("share: 4%,  edge_servers: 120,  capacity: 4.8 Tbps }\n  - { name: north-america,  share: 4%,", "viewers: 2.88M,  edge_servers: 120,  capacity: 4.8 Tbps }\n  - { name: north-america,  viewers: 2.88M,", StringComparison.Ordinal);
        var f = Audit(yaml).Single(x => x.Rule == "region-audience-sum");
        // 61.2 + 5.04 + 2.88 + 2.88 = 72M against the final's 60M: 20% over; the plan scales india to 61.2M x 60M / 72M = 51M.
        Assert.Contains("72.0M against a peak of 60.0M (20% over)", f.Message);
        Assert.Contains("india: 61.2M x 60.0M / 72.0M = 51.0M", f.Message);
        Assert.Equal(Severity.Error, f.Severity);
    }

    [Fact]
    public void Volume_that_implies_a_tiny_bitrate_is_found()
    {
        // 60M viewers x 1.34 Mbps x 1 h = 36.2 PB; claiming 3 PB implies 111 kbps.
        var f = Audit(CricketWith("  average_bitrate: 1.3 Mbps", "  average_bitrate: 1.3 Mbps\n  data_transferred: 3 PB\n  transfer_window: 1 h")).Single(x => x.Rule == "reported-volume");
        Assert.Contains("111 kbps", f.Message);
    }

    [Fact]
    public void Undersized_capacity_and_slo_are_found()
    {
        var findings = Audit(CricketWith("bandwidth: 100 Tbps", "bandwidth: 50 Tbps").Replace("capacity: 104 Tbps", "capacity: 10 Tbps", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Rule == "capacity-slo-bandwidth" && f.Severity == Severity.Critical);
        Assert.Contains(findings, f => f.Rule == "regional-capacity");
        Assert.Contains(findings, f => f.Rule == "edge-server-capacity" && f.Message.Contains("india", StringComparison.Ordinal));
    }

    [Fact]
    public void Shares_that_do_not_sum_are_warned_about()
    {
        var f = Audit(CricketWith("share: 80% }", "share: 70% }")).Single(x => x.Rule == "shares-sum");
        Assert.Contains("90%", f.Message);
        Assert.Equal(Severity.Warning, f.Severity);
    }

    [Fact]
    public void Fixed_hit_ratio_that_overwhelms_origins_is_critical()
    {
        var f = Audit(CricketWith("assumed_hit_ratio: 99.7%", "assumed_hit_ratio: 90%")).Single(x => x.Rule == "origin-fixed-ratio");
        Assert.Equal(Severity.Critical, f.Severity);
    }

    [Fact]
    public void Auth_join_storm_and_cost_mismatch_are_found()
    {
        var findings = Audit(CricketWith("capacity: 500k/s", "capacity: 5k/s").Replace("total_cost: $32M", "total_cost: $1M", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Rule == "auth-capacity");
        Assert.Contains(findings, f => f.Rule == "reported-cost");
    }

    [Fact]
    public void Rungs_beyond_a_class_throughput_are_found()
    {
        var f = Audit(CricketWith("rungs: [240p, 360p] }", "rungs: [240p, 360p, 1080p] }")).Single(x => x.Rule == "abr-throughput");
        Assert.Contains("1080p", f.Message);
    }

    [Fact]
    public void A_startup_objective_physics_forbids_is_found()
    {
        // 3g (25%) at sqrt(0.5 x 3) = 1.22 Mbps: the first 4 s segment at 300 kbps is 1.2 Mb, 0.98 s: fine at 3 s,
        // but with a 900 ms objective 25% of viewers miss it (4g at 6 Mbps takes 0.2 s).
        var f = Audit(CricketWith("startup_p95: 3 s", "startup_p95: 900 ms")).Single(x => x.Rule == "startup-physics");
        Assert.Contains("3g (25%)", f.Message);
        Assert.Contains("25% of viewers", f.Message);
    }
}
