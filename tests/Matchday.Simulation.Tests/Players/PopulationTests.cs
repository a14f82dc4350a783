using Matchday.Core.Units;
using Matchday.Simulation.Networks;
using Matchday.Simulation.Players;
using Matchday.Simulation.Players.Population;

namespace Matchday.Simulation.Tests.Players;

public class PopulationTests
{
    private static PopulationOptions Options(int viewers, ulong seed, int threads) => new()
    {
        Viewers = viewers,
        Seed = seed,
        MaxDegreeOfParallelism = threads,
        KeepSessions = true,
        Player = PlayerOptions.Live(BitrateLadder.Default, AbrOptions.DynamicDash, Duration.FromMinutes(3)) with
        {
            ViewerAbandonment = ViewerAbandonment.KrishnanSitaraman2012,
        },
        Cohorts =
        [
            NetworkCohort.FromTraces("fcc-sd", 2, TestTraces.LoadSet(RepoPaths.Samples("fcc-sd"))),
            NetworkCohort.FromTraces("hsdpa-3g", 1, TestTraces.LoadSet(RepoPaths.Samples("hsdpa-3g"))),
            NetworkCohort.FromSynthetic(SyntheticNetwork.Defaults[2], 1, seed, Duration.FromMinutes(10), poolSize: 4),
        ],
    };

    [Fact]
    public void Same_seed_gives_identical_results_with_one_and_two_threads()
    {
        var one = PopulationSimulator.Run(Options(3000, 42, 1));
        var two = PopulationSimulator.Run(Options(3000, 42, 2));
        Assert.Equal(one.Sessions.ToArray(), two.Sessions.ToArray());
        Assert.Equal(one.Overall.StartupTime, two.Overall.StartupTime with { Histogram = one.Overall.StartupTime.Histogram });
        Assert.Equal(one.Overall.StartupTime.Histogram.ToArray(), two.Overall.StartupTime.Histogram.ToArray());
        Assert.Equal(one.Overall.AveragePulledBitrate, two.Overall.AveragePulledBitrate);
        Assert.Equal(one.Overall.RungShare.ToArray(), two.Overall.RungShare.ToArray());
        Assert.Equal(one.SegmentDecisions, two.SegmentDecisions);
        for (var c = 0; c < one.Cohorts.Length; c++)
            Assert.Equal(one.Cohorts[c].RebufferRatio.P99, two.Cohorts[c].RebufferRatio.P99);
    }

    [Fact]
    public void A_viewers_session_does_not_depend_on_the_others_or_the_order_they_are_run_in()
    {
        // Sessions are run grouped by trace, so 1,000 viewers and the same 1,000 among 3,000 run in different orders
        // and next to different neighbours: each row must still be the viewer's own, at its index.
        var few = PopulationSimulator.Run(Options(1000, 42, 2));
        var many = PopulationSimulator.Run(Options(3000, 42, 2));
        Assert.Equal(few.Sessions.ToArray(), many.Sessions.Take(1000).ToArray());
        Assert.Equal(Enumerable.Range(0, 3000), many.Sessions.Select(s => s.Index));
        Assert.True(many.Sessions.Select(s => (s.NetworkClass, s.Trace)).Distinct().Count() > 1);
    }

    [Fact]
    public void A_different_seed_gives_different_sessions()
    {
        var a = PopulationSimulator.Run(Options(500, 1, 2));
        var b = PopulationSimulator.Run(Options(500, 2, 2));
        Assert.NotEqual(a.Sessions.Select(s => s.MeanBitrate), b.Sessions.Select(s => s.MeanBitrate));
    }

    [Fact] // Regression: a class whose trace never delivers reported a played bitrate of 0 bps.
    public void A_class_that_played_nothing_has_no_played_bitrate()
    {
        var r = PopulationSimulator.Run(Options(200, 3, 1) with
        {
            Cohorts = [NetworkCohort.FromTraces("dead", 1, [Ladders.Constant(0)]), NetworkCohort.FromTraces("fcc-sd", 1, TestTraces.LoadSet(RepoPaths.Samples("fcc-sd")))],
        });
        Assert.Null(r.Cohorts[0].PlayedBitrate);
        Assert.Equal(0, r.Cohorts[0].AveragePulledBitrate.BitsPerSecond);
        Assert.NotNull(r.Cohorts[1].PlayedBitrate);
        Assert.NotNull(r.Overall.PlayedBitrate);
    }

    [Fact]
    public void Cohorts_follow_the_weights_and_summaries_add_up()
    {
        var r = PopulationSimulator.Run(Options(4000, 7, 2));
        Assert.Equal(4000, r.Cohorts.Sum(c => c.Viewers));
        // weights 2:1:1 -> 50 % / 25 % / 25 %, within 3 points
        Assert.InRange(r.Cohorts[0].Viewers / 4000.0, 0.47, 0.53);
        Assert.InRange(r.Cohorts[1].Viewers / 4000.0, 0.22, 0.28);
        Assert.Equal(1, r.Overall.RungShare.Sum(x => x.Value), 9);
        Assert.Equal(r.Overall.Viewers, r.Overall.Completed + r.Overall.Abandoned + r.Overall.Failed);
        var m = r.Overall.StartupTime;
        Assert.True(m.P50 <= m.P90 && m.P90 <= m.P95 && m.P95 <= m.P99 && m.P99 <= m.Max);
        Assert.Equal(m.Count, m.Histogram.Sum(b => b.Count));
        // 3G viewers pull less than 4G viewers
        Assert.True(r.Cohorts[1].PlayedBitrate < r.Cohorts[2].PlayedBitrate);
        Assert.All(r.Sessions, s => Assert.InRange(s.LatencyToLiveSeconds is double.NaN ? 12 : s.LatencyToLiveSeconds, 0, 600));
    }

    [Fact]
    public void Csv_has_a_header_and_one_line_per_viewer_in_the_invariant_culture()
    {
        var r = PopulationSimulator.Run(Options(50, 3, 2));
        using var w = new StringWriter();
        SessionCsv.Write(w, r);
        var lines = w.ToString().TrimEnd('\n').Split('\n');
        Assert.Equal(51, lines.Length);
        Assert.StartsWith("viewer,cohort,trace,outcome,startup_s,", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain(lines.Skip(1), l => l.Contains(';', StringComparison.Ordinal));
    }

    [Fact] // Regression: the sessions CSV and the single-session table wrote "nothroughput" where JSON writes "no_throughput".
    public void Outcomes_are_spelled_as_in_json_everywhere()
    {
        foreach (var o in Enum.GetValues<SessionOutcome>())
            Assert.Equal(System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(o.ToString()), o.Name());
        var r = PopulationSimulator.Run(Options(40, 3, 1) with { Cohorts = [NetworkCohort.FromTraces("dead", 1, [Ladders.Constant(0)])] });
        using var w = new StringWriter();
        SessionCsv.Write(w, r);
        var rows = w.ToString().TrimEnd('\n').Split('\n').Skip(1).ToArray();
        Assert.Equal(40, rows.Length);
        Assert.All(rows, l => Assert.Equal("no_throughput", l.Split(',')[3]));
    }

    [Fact]
    public void The_lookahead_download_of_unlimited_runs_matches_the_period_by_period_download()
    {
        // PopulationSimulator (no cap) finds where a download ends from cumulative bits; LivePopulation under a cap
        // integrates period by period. Same sessions, same decisions, times equal to rounding.
        var player = PlayerOptions.Live(BitrateLadder.Default, AbrOptions.DynamicDash, Duration.FromMinutes(20));
        var cohorts = NetworkCohort.DefaultMix(3, Duration.FromMinutes(30), poolSize: 4);
        var population = PopulationSimulator.Run(new PopulationOptions { Viewers = 300, Player = player, Cohorts = cohorts, Seed = 9, KeepSessions = true });
        var live = new LivePopulation(new LivePopulationOptions { Player = player, Cohorts = cohorts, Seed = 9 });
        live.Join(300);
        // A finite cap above every trace's throughput: no effect on the rates, but it takes the period-by-period path.
        live.Step(Duration.FromHours(3), [.. Enumerable.Repeat(Bitrate.FromTerabits(1), cohorts.Length)]);
        var stepped = live.Sessions();
        var same = 0;
        for (var i = 0; i < 300; i++)
        {
            var a = population.Sessions[i];
            var b = stepped[i];
            if (a.Switches == b.Switches && Math.Abs(a.MeanBitrate - b.MeanBitrate) <= 1e-9 * a.MeanBitrate
                && Math.Abs(a.StallSeconds - b.StallSeconds) <= 1e-6 && Math.Abs(a.SessionSeconds - b.SessionSeconds) <= 1e-6)
                same++;
        }
        Assert.True(same >= 297, $"{same} of 300 sessions identical");
    }
}
