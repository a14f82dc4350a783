using Matchday.Core.Artifacts;
using Matchday.Core.Planning;
using Matchday.Core.Scenarios;
using Matchday.Core.Scenarios.Reading;

namespace Matchday.Core.Tests.Artifacts;

/// <summary>The rules, the objectives as SLIs and the origin HPA sizing, on the built-in scenario and the examples.</summary>
public class RulesTests
{
    private static Scenario Example(string name) => ScenarioReader.Read(File.ReadAllText(RepoPaths.Example(name)), name).Scenario!;

    [Fact]
    public void The_documents_latency_alert_reads_the_histograms_bucket_rates_at_the_objectives_threshold()
    {
        var rules = AlertingRules.For(Presets.Load());
        var latency = rules.Alerts.Single(a => a.Name == "HighViewerLatency");
        // The scenario writes 200 ms; the objective is 150 ms: the rule uses 0.15 s, over the p95 of the bucket rates.
        Assert.Equal("streaming:latency_seconds:p95_rate5m > 0.15", latency.Expr);
        var p95 = rules.Records.Single(r => r.Record == "streaming:latency_seconds:p95_rate5m");
        Assert.Equal("histogram_quantile(0.95, sum by (le) (rate(streaming_latency_seconds_bucket[5m])))", p95.Expr);
        Assert.Equal(60, latency.For.Seconds);
        Assert.Contains("200 ms", latency.Annotations["description"], StringComparison.Ordinal);
        // The hit-ratio alert takes the 97% objective, not the written 90%.
        Assert.Equal("streaming:cdn_cache_hit:ratio_rate5m < 0.97", rules.Alerts.Single(a => a.Name == "CDNCacheHitRateDropped").Expr);
        // No objective covers viewer dropout: its own 1000/s stays, over the seed's 5-minute rate.
        Assert.Equal("streaming:viewer_disconnects:rate5m > 1000", rules.Alerts.Single(a => a.Name == "ViewerDropout").Expr);
        Assert.Equal("sum(rate(streaming_viewer_disconnects_total[5m]))", rules.Records.Single(r => r.Record == "streaming:viewer_disconnects:rate5m").Expr);
    }

    [Fact]
    public void The_availability_page_is_the_workbooks_fast_burn()
    {
        var rules = AlertingRules.For(Presets.Load());
        var page = rules.Alerts.Where(a => a.Name == "AvailabilityBudgetBurn").ToList();
        Assert.Equal(4, page.Count);
        // 14.4 x (1 - 99.95%) = 0.0072, over 1 h and 5 min.
        Assert.Equal("slo:sli_error:ratio_rate1h{slo=\"availability\"} > 0.0072 and slo:sli_error:ratio_rate5m{slo=\"availability\"} > 0.0072", page[0].Expr);
        Assert.Equal("critical", page[0].Labels["severity"]);
        // 1 x 0.0005 over 3 d and 6 h: a ticket.
        Assert.Equal("slo:sli_error:ratio_rate3d{slo=\"availability\"} > 0.0005 and slo:sli_error:ratio_rate6h{slo=\"availability\"} > 0.0005", page[3].Expr);
        Assert.Equal("warning", page[3].Labels["severity"]);
        var ratio = rules.Records.Single(r => r.Record == "slo:sli_error:ratio_rate1h" && r.Level!.Id == "availability");
        // Over every viewer still trying to watch: those who left for good make no requests.
        Assert.Equal("1 - sum(rate(streaming_viewer_seconds_total{state=\"playing\"}[1h])) / sum(rate(streaming_viewer_seconds_total{state!=\"left\"}[1h]))", ratio.Expr);
    }

    [Fact]
    public void Percentile_objectives_are_ratios_of_requests_within_their_bound()
    {
        var levels = ServiceLevels.Of(Presets.Load());
        Assert.Equal(["availability", "latency-p95", "latency-p99", "startup-p95", "rebuffering"], levels.Select(l => l.Id));
        var p99 = levels.Single(l => l.Id == "latency-p99");
        // p99 <= 300 ms exactly when at least 99% of requests are within 300 ms: target 99%, budget 1%.
        Assert.Equal(0.99, p99.Target);
        Assert.Equal(0.01, p99.Budget, 12);
        Assert.Equal("sum(rate(streaming_latency_seconds_bucket{le=\"0.3\"}[5m]))", p99.Good(Core.Units.Duration.FromMinutes(5)));
        var startup = levels.Single(l => l.Id == "startup-p95");
        // Those who gave up before their first frame count against it, as the simulator's startup p95 counts them.
        Assert.Contains("streaming_startup_abandonments_total", startup.Total(Core.Units.Duration.FromMinutes(5)), StringComparison.Ordinal);
        // Rebuffering at most 2% is 98% of watching time playing.
        Assert.Equal(0.98, levels.Single(l => l.Id == "rebuffering").Target, 12);
    }

    [Fact]
    public void Every_latency_threshold_the_scenario_writes_is_a_bucket_bound()
    {
        var s = Presets.Load();
        var bounds = MetricsContract.LatencyBounds(s, 2);
        foreach (var t in new[] { 0.15, 0.3, 0.2, 0.5, 2 }) Assert.Contains(t, bounds);
        Assert.Equal(bounds.Order(), bounds);
        Assert.Contains(2.0, MetricsContract.StartupBounds(s));
    }

    [Fact]
    public void Each_rules_set_has_unique_recording_series_and_alerts_on_every_example()
    {
        foreach (var s in new[] { Presets.Load(), Example("cricket-final.yaml"), Example("superbowl-streaming.yaml") })
        {
            var rules = AlertingRules.For(s);
            Assert.Equal(rules.Records.Count(), rules.Records.Select(r => r.Selector).Distinct().Count());
            // Every alert compares recorded series only.
            var recorded = rules.Records.Select(r => r.Selector).ToHashSet();
            Assert.All(rules.Alerts, a => Assert.All(a.When, c => Assert.Contains(c.Signal.Selector, recorded)));
            Assert.Equal(ServiceLevels.Of(s).Length * 4, rules.Alerts.Count(a => a.Origin == AlertOrigin.BurnRate));
            Assert.Equal(s.Runbook.Length, rules.Alerts.Count(a => a.Origin == AlertOrigin.Runbook));
        }
    }

    [Fact]
    public void The_origin_hpa_is_sized_from_the_plan()
    {
        var s = Presets.Load();
        var scaling = OriginScaling.For(s, Planner.Build(s));
        // Baseline: 83 shields x 29.6 Mbps x 50 feeds = 122.84 Gbps / 40 Gbps = 3.071 servers (requests: 9,683/s / 20k/s = 0.48).
        Assert.Equal(3.071, scaling.Baseline, 3);
        // min = ceil(3.071 / 70%) = ceil(4.387) = 5.
        Assert.Equal(5, scaling.MinReplicas);
        // Peak: 4.74 Pbps x 2.7% = 127.9 Tbps / 40 Gbps = 3,197.9 servers; max = ceil(3,197.9 / 70% x 1.25) = 5,711.
        Assert.Equal(3197.9, scaling.Peak, 1);
        Assert.Equal(5711, scaling.MaxReplicas);
        // The PDB keeps ceil(3.071) = 4 pods.
        Assert.Equal(4, scaling.MinAvailable);
    }

    [Fact]
    public void Rung_names_give_their_resolution_and_a_name_that_does_not_is_an_error()
    {
        var (renditions, errors) = EncoderLadder.Renditions(Presets.Load());
        Assert.Empty(errors);
        Assert.Equal(["426x240", "640x360", "854x480", "1280x720", "1920x1080", "2560x1440", "3840x2160"], renditions.Select(r => $"{r.Width}x{r.Height}"));
        var odd = Presets.Load() with { Ladder = Presets.Load().Ladder with { Rungs = [new Rung("low", Core.Units.Bitrate.FromMegabits(1), 1)] } };
        var (_, bad) = EncoderLadder.Renditions(odd);
        Assert.Contains(bad, e => e.Field == "ladder.rungs[0].name" && e.Message.Contains("720p", StringComparison.Ordinal));
    }

    [Fact]
    public void The_ffmpeg_command_encodes_every_rung_at_its_bitrate_with_segment_aligned_keyframes()
    {
        var s = Presets.Load();
        var (renditions, _) = EncoderLadder.Renditions(s);
        var args = EncoderLadder.FfmpegArguments(s, renditions, ["-i", "in"], "out");
        string After(string flag) => args[args.IndexOf(flag) + 1];
        Assert.Equal("6", After("-hls_time"));
        Assert.Equal("expr:gte(t,n_forced*6)", After("-force_key_frames"));
        // 720p: 2.4 Mbps, maxrate the same, bufsize twice.
        Assert.Equal("2400000", After("-b:v:3"));
        Assert.Equal("2400000", After("-maxrate:v:3"));
        Assert.Equal("4800000", After("-bufsize:v:3"));
        Assert.Equal(string.Join(' ', renditions.Select((r, i) => $"v:{i},a:{i},name:{r.Name}")), After("-var_stream_map"));
        Assert.Contains("scale=1280:720", After("-filter_complex"), StringComparison.Ordinal);
    }
}
