using System.Collections.Immutable;
using System.Globalization;
using CsCheck;
using k8s;
using k8s.Models;
using Matchday.Core.Artifacts;
using Matchday.Core.Scenarios;
using Matchday.Core.Scenarios.Reading;
using Matchday.Core.Units;
using Matchday.Simulation.Artifacts;
using Matchday.Simulation.Autoscaling;
using Matchday.Simulation.Events;

namespace Matchday.Simulation.Tests.Artifacts;

/// <summary>One night of each kind, simulated once for the tests of this class.</summary>
public sealed class ArtifactNights
{
    private readonly Lazy<ArtifactSetResult> _outage = new(() => Build(Presets.Load(), "cdn-outage provider=akamai region=eu at=67m for=10m"));
    private readonly Lazy<ArtifactSetResult> _failOpen = new(() => Build(Presets.Load(), "cache-fail-open provider=fastly region=eu at=60m for=15m"));
    private readonly Lazy<ArtifactSetResult> _calm = new(() => Build(Presets.Load(), null));
    private readonly Lazy<ArtifactSetResult> _superbowl = new(() => Build(ScenarioReader.Read(File.ReadAllText(RepoPaths.Example("superbowl-streaming.yaml")), "sb.yaml").Scenario!, null));

    public ArtifactSetResult Outage => _outage.Value;

    public ArtifactSetResult FailOpen => _failOpen.Value;

    public ArtifactSetResult Calm => _calm.Value;

    public ArtifactSetResult Superbowl => _superbowl.Value;

    public static ArtifactSetResult Build(Scenario s, string? fault)
    {
        var request = new NightRequest { Faults = fault is null ? [] : [SpecSource.Option("--fault", fault)] };
        var r = ArtifactSet.Build(s, request, s.Name);
        Assert.True(r.Ok, string.Join("\n", r.Errors));
        return r;
    }
}

public class ArtifactSetTests(ArtifactNights nights) : IClassFixture<ArtifactNights>
{
    [Fact]
    public void The_hpa_manifest_read_back_is_the_spec_the_night_ran_with()
    {
        foreach (var r in new[] { nights.Outage, nights.Superbowl })
        {
            var yaml = r.Files.Single(f => f.Name == ArtifactSet.ManifestsFile).Content;
            var objects = KubernetesYaml.LoadAllFromString(yaml);
            var hpa = Assert.Single(objects.OfType<V2HorizontalPodAutoscaler>());
            var spec = SpecOf(hpa.Spec);
            var ran = r.Model!.OriginHpa;
            Assert.Equal(Canonical(ran), Canonical(spec));
            // And the bounds are the plan's, not the scenario's hand-written ones.
            Assert.Equal(r.Scaling!.MinReplicas, spec.MinReplicas);
            Assert.Equal(r.Scaling.MaxReplicas, spec.MaxReplicas);
            var deployment = Assert.Single(objects.OfType<V1Deployment>());
            Assert.Equal(hpa.Spec.ScaleTargetRef.Name, deployment.Metadata.Name);
            // The pods request what the simulated HPA measures utilization against.
            var container = Assert.Single(deployment.Spec.Template.Spec.Containers);
            Assert.Equal(r.Model.OriginPod.Requests["cpu"], container.Resources.Requests["cpu"].ToDouble(), 6);
            Assert.Equal(r.Model.OriginPod.Requests["memory"], container.Resources.Requests["memory"].ToDouble(), 0);
            var pdb = Assert.Single(objects.OfType<V1PodDisruptionBudget>());
            Assert.Equal(r.Scaling.MinAvailable.ToString(CultureInfo.InvariantCulture), pdb.Spec.MinAvailable.Value);
            Assert.Single(objects.OfType<V1Service>());
        }
    }

    [Fact]
    public void The_night_runs_with_the_planned_hpa_bounds()
    {
        var r = nights.Outage;
        Assert.Equal(5, r.Model!.OriginHpa.MinReplicas);
        Assert.Equal(5711, r.Model.OriginHpa.MaxReplicas);
        // The seed's behaviour is kept: 50% per minute up after 60 s, 10% per minute down after 300 s.
        Assert.Equal(60, r.Model.OriginHpa.Behavior!.ScaleUp!.StabilizationWindow!.Value.Seconds);
        Assert.Equal(50, r.Model.OriginHpa.Behavior.ScaleUp.Policies!.Value[0].Value);
    }

    [Fact]
    public void The_exported_counters_add_up_to_the_nights_own_totals()
    {
        var r = nights.Outage;
        var x = r.Night!.Series;
        var export = r.Export!;
        double Total(string selector) => NightExport.Prefix(export.Series.Single(s => s.Selector == selector))[^1];
        var demanded = x.Demand.Sum() * export.Dt;
        var playing = x.Playing.Sum() * export.Dt;
        var all = MetricsContract.States.Sum(st => Total($"streaming_viewer_seconds_total{{state=\"{st}\"}}"));
        Assert.Equal(demanded, all, demanded * 1e-9);
        // Availability from the counters is the simulator's own: playing over every state but those who left.
        var left = Total($"streaming_viewer_seconds_total{{state=\"{MetricsContract.LeftState}\"}}");
        Assert.Equal(x.Left.Sum() * export.Dt, left, Math.Max(1, left) * 1e-9);
        Assert.True(left > 0);
        Assert.Equal(r.Night.Availability.Value, Total("streaming_viewer_seconds_total{state=\"playing\"}") / (all - left), 9);
        Assert.Equal(playing, Total("streaming_viewer_seconds_total{state=\"playing\"}"), playing * 1e-9);
        // Buckets are cumulative: each at most the next, the +Inf one the count.
        var buckets = export.Series.Where(s => s.Name == "streaming_latency_seconds_bucket").Select(NightExport.Prefix).ToList();
        for (var b = 1; b < buckets.Count; b++) Assert.True(buckets[b - 1][^1] <= buckets[b][^1] * (1 + 1e-12));
        Assert.Equal(Total("streaming_latency_seconds_count"), buckets[^1][^1]);
        // Egress bytes x 8 are the delivered bits.
        var bits = export.Series.Where(s => s.Name == "streaming_egress_bytes_total").Sum(s => NightExport.Prefix(s)[^1]) * 8;
        Assert.Equal(x.Egress.Sum() * export.Dt, bits, bits * 1e-9);
    }

    [Fact]
    public void The_burn_rate_page_fires_when_the_nights_own_burn_rate_crosses_14_4()
    {
        var r = nights.FailOpen;
        var page = r.Rules!.Alerts.First(a => a.Name == "AvailabilityBudgetBurn" && a.Labels["long_window"] == "1h");
        var episode = r.Forecast!.Episodes.First(e => e.Rule == page);
        var x = r.Night!.Series;
        Assert.True(Burn(x, episode.Start, 3600) > 14.4 && Burn(x, episode.Start, 300) > 14.4);
        Assert.False(Burn(x, episode.Start - 15, 3600) > 14.4 && Burn(x, episode.Start - 15, 300) > 14.4);
        // Within a minute of the fail-open (60 min).
        Assert.InRange(episode.Start, 60 * 60, 61 * 60);
    }

    [Fact]
    public void No_page_where_the_nights_own_burn_rate_never_crosses_14_4()
    {
        foreach (var r in new[] { nights.Calm, nights.Outage })
        {
            var page = r.Rules!.Alerts.First(a => a.Name == "AvailabilityBudgetBurn" && a.Labels["long_window"] == "1h");
            Assert.DoesNotContain(r.Forecast!.Episodes, e => e.Rule == page);
            var x = r.Night!.Series;
            for (var t = 300.0; t <= x.Time[^1]; t += 15) Assert.False(Burn(x, t, 3600) > 14.4 && Burn(x, t, 300) > 14.4, $"burn crosses 14.4 at {t} s");
        }
    }

    /// <summary>
    /// The night's own availability burn rate over (t − w, t], from its series: (1 − playing / trying) / 0.05%, where
    /// trying is every viewer but those who left for good.
    /// </summary>
    private static double Burn(EventSeries x, double t, double w)
    {
        var (good, total) = (0.0, 0.0);
        for (var i = 0; i < x.Length; i++)
        {
            if (x.Time[i] <= t - w || x.Time[i] > t) continue;
            good += x.Playing[i];
            total += x.Demand[i] - x.Left[i];
        }
        return (1 - good / total) / 0.0005;
    }

    [Fact]
    public void The_calm_superbowl_night_fires_nothing() =>
        Assert.Empty(nights.Superbowl.Forecast!.Episodes);

    [Fact]
    public void The_forecasts_latency_quantile_interpolates_within_the_bucket_like_histogram_quantile()
    {
        // Bounds 0.1 and 0.2 s; of 100 requests a tick, 50 within 0.1 s and 90 within 0.2 s. The p95's rank 95 falls in
        // the +Inf bucket: the highest finite bound, 0.2 s. With 98 within 0.2 s: 0.1 + 0.1 x (95 - 50) / (98 - 50) = 0.19375 s.
        Assert.Equal(0.2, FixtureQuantile(0.5, 0.9), 12);
        Assert.Equal(0.19375, FixtureQuantile(0.5, 0.98), 12);
        // All within 0.1 s: 0.1 x 95 / 100 = 0.095 s.
        Assert.Equal(0.095, FixtureQuantile(1, 1), 12);
    }

    private static double FixtureQuantile(double within1, double within2)
    {
        var f = MetricsContract.Latency;
        ExportedSeries S(string le, double perTick) => new(f, f.Name + "_bucket", [("le", le)], [.. Enumerable.Repeat(perTick, 600)], true);
        var export = NightExportFixture([S("0.1", 100 * within1), S("0.2", 100 * within2), S("+Inf", 100)]);
        var rules = new PrometheusRules([], AlertingRules.EvaluationInterval);
        return AlertForecast.Run(rules, export).Value(new Signal(SignalKind.LatencyP95, Duration.FromMinutes(5)), 450);
    }

    private static NightExport NightExportFixture(IEnumerable<ExportedSeries> series) =>
        (NightExport)typeof(NightExport).GetConstructors(System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)[0].Invoke([1.0, 600, series.ToImmutableArray()]);

    [Fact]
    public void The_expanding_notation_reproduces_the_samples_and_never_lets_a_counter_fall() =>
        Gen.Double[0, 1e6].Array[2, 80].Sample(gains =>
        {
            var values = new double[gains.Length];
            var sum = 1e9;
            for (var i = 0; i < gains.Length; i++) values[i] = sum += Math.Round(gains[i] % 3) * 1000.1;
            var decoded = Decode(PromtoolTest.Expand(values, monotonic: true));
            Assert.Equal(values.Length, decoded.Count);
            for (var i = 0; i < values.Length; i++) Assert.Equal(values[i], decoded[i], values[i] * 1e-9);
            for (var i = 1; i < decoded.Count; i++) Assert.True(decoded[i] >= decoded[i - 1], $"falls at {i}");
        });

    [Fact]
    public void The_expanding_notation_compresses_lines()
    {
        Assert.Equal("0+1.5x4 100", PromtoolTest.Expand([0, 1.5, 3, 4.5, 6, 100]));
        Assert.Equal("7+0x3", PromtoolTest.Expand([7, 7, 7, 7]));
        Assert.Equal("5-1x2 Inf", PromtoolTest.Expand([5, 4, 3, double.PositiveInfinity]));
    }

    /// <summary>promtool's expansion: a+bxN is a, then b added N times.</summary>
    private static List<double> Decode(string text)
    {
        var values = new List<double>();
        foreach (var token in text.Split(' '))
        {
            var x = token.IndexOf('x', StringComparison.Ordinal);
            if (x < 0) { values.Add(token == "Inf" ? double.PositiveInfinity : double.Parse(token, CultureInfo.InvariantCulture)); continue; }
            var sign = token.LastIndexOfAny(['+', '-'], x);
            var a = double.Parse(token[..sign], CultureInfo.InvariantCulture);
            var b = double.Parse(token[sign..x], CultureInfo.InvariantCulture);
            var n = int.Parse(token[(x + 1)..], CultureInfo.InvariantCulture);
            for (var i = 0; i <= n; i++, a += b) values.Add(a);
        }
        return values;
    }

    /// <summary>The autoscaling/v2 spec read back into the simulator's HPA spec.</summary>
    private static HpaSpec SpecOf(V2HorizontalPodAutoscalerSpec s) => new()
    {
        MinReplicas = s.MinReplicas ?? 1,
        MaxReplicas = s.MaxReplicas,
        Metrics = [.. s.Metrics.Select(m => m.Type switch
        {
            "Resource" => new HpaMetric(HpaMetricSource.Resource, m.Resource.Name, TargetOf(m.Resource.Target)),
            "Pods" => new HpaMetric(HpaMetricSource.Pods, m.Pods.Metric.Name, TargetOf(m.Pods.Target)),
            "Object" => new HpaMetric(HpaMetricSource.Object, m.ObjectProperty.Metric.Name, TargetOf(m.ObjectProperty.Target)),
            _ => new HpaMetric(HpaMetricSource.External, m.External.Metric.Name, TargetOf(m.External.Target)),
        })],
        Behavior = s.Behavior is null ? null : new HpaBehavior(RulesOf(s.Behavior.ScaleUp), RulesOf(s.Behavior.ScaleDown)),
    };

    private static HpaTarget TargetOf(V2MetricTarget t) => t.Type switch
    {
        "Utilization" => HpaTarget.Utilization(t.AverageUtilization!.Value),
        "AverageValue" => HpaTarget.AverageValue(t.AverageValue.ToDouble()),
        _ => HpaTarget.Value(t.Value.ToDouble()),
    };

    private static HpaScalingRules? RulesOf(V2HPAScalingRules? r) => r is null ? null : new()
    {
        StabilizationWindow = r.StabilizationWindowSeconds is { } w ? Duration.FromSeconds(w) : null,
        SelectPolicy = r.SelectPolicy switch { "Min" => HpaSelectPolicy.Min, "Disabled" => HpaSelectPolicy.Disabled, null => null, _ => HpaSelectPolicy.Max },
        Policies = r.Policies is null ? null : [.. r.Policies.Select(p => new HpaScalingPolicy(p.Type == "Pods" ? HpaPolicyType.Pods : HpaPolicyType.Percent, p.Value, Duration.FromSeconds(p.PeriodSeconds)))],
    };

    /// <summary>A spec as text, field by field (records holding arrays compare them by reference).</summary>
    private static string Canonical(HpaSpec s)
    {
        static string Rules(HpaScalingRules? r) => r is null ? "-" : $"{r.StabilizationWindow?.Seconds}|{r.SelectPolicy}|{(r.Policies is { } p ? string.Join(",", p.Select(x => $"{x.Type}:{x.Value}:{x.Period.Seconds}")) : "-")}|{r.Tolerance}";
        return $"{s.MinReplicas}-{s.MaxReplicas};{string.Join(",", s.Metrics.Select(m => $"{m.Source}:{m.Name}:{m.Target.Type}:{m.Target.Amount}"))};" +
            (s.Behavior is null ? "-" : Rules(s.Behavior.ScaleUp) + ";" + Rules(s.Behavior.ScaleDown));
    }
}
