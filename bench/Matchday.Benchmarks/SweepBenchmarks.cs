using BenchmarkDotNet.Attributes;
using Matchday.Core.Scenarios;
using Matchday.Core.Scenarios.Reading;
using Matchday.Simulation.Events;
using Matchday.Simulation.Sweeps;

namespace Matchday.Benchmarks;

/// <summary>
/// What-if sweeps of the built-in final: 10 points of the final's peak audience (1.2B to 2.4B), each read with its
/// override, planned and (simulated) played as a full night, in parallel over every core as
/// <c>matchday sweep --vary tournament.stages.final.peak_viewers=1.2B..2.4B:10 --simulate</c> does.
/// </summary>
[MemoryDiagnoser]
public class SweepBenchmarks
{
    private SweepRequest _plans = null!;
    private SweepRequest _nights = null!;

    [GlobalSetup]
    public void Setup()
    {
        _plans = new SweepRequest
        {
            Yaml = Presets.Text(Presets.Default)!,
            Origin = "preset:" + Presets.Default,
            Vary = [Variation.Parse("tournament.stages.final.peak_viewers=1.2B..2.4B:10").Value],
            Show = [SweepFigures.Find("servers")!, SweepFigures.Find("cost")!],
        };
        _nights = _plans with { Night = new NightRequest(), Show = [.. _plans.Show, SweepFigures.Find("availability")!] };
    }

    [Benchmark]
    public SweepResult TenPlans() => Sweep.Run(_plans).Result!;

    [Benchmark]
    public SweepResult TenSimulatedNights() => Sweep.Run(_nights).Result!;
}
