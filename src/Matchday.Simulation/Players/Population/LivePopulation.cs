using System.Collections.Immutable;
using Matchday.Core.Units;
using Matchday.Simulation.Networks;
using Matchday.Simulation.Players.Engine;

namespace Matchday.Simulation.Players.Population;

/// <summary>What one cohort (or everyone) was doing at the end of a tick, and what it pulled during it.</summary>
/// <param name="Joined">Viewers who have joined so far.</param>
/// <param name="Starting">Joined, waiting for the first frame.</param>
/// <param name="Playing">Playing at the end of the tick.</param>
/// <param name="Stalled">Stalled (rebuffering) at the end of the tick.</param>
/// <param name="Abandoned">Viewers who have given up so far.</param>
/// <param name="AbandonedThisTick">Viewers who gave up during the tick.</param>
/// <param name="Ended">Sessions that ended otherwise (content watched, no throughput, timed out).</param>
/// <param name="Pulled">Bits received during the tick / tick length: the cohort's egress demand.</param>
/// <param name="MeanSelectedBitrate">Mean ladder bitrate of the latest segment of active viewers.</param>
public readonly record struct CohortTick(
    int Joined, int Starting, int Playing, int Stalled, int Abandoned, int AbandonedThisTick, int Ended,
    Bitrate Pulled, Bitrate MeanSelectedBitrate);

/// <summary>The state of a <see cref="LivePopulation"/> after one <see cref="LivePopulation.Step"/>.</summary>
/// <param name="Time">Population time at the end of the tick.</param>
/// <param name="Cohorts">Per cohort, in the options' order.</param>
/// <param name="Total">Everyone.</param>
public sealed record PopulationTick(Duration Time, ImmutableArray<CohortTick> Cohorts, CohortTick Total);

/// <summary>Options of a <see cref="LivePopulation"/>.</summary>
public sealed record LivePopulationOptions
{
    /// <summary>Every viewer's player (usually <see cref="PlayerMode.Live"/>; its content length is each viewer's watch time).</summary>
    public required PlayerOptions Player { get; init; }

    /// <summary>The cohorts; <see cref="LivePopulation.Step"/> takes one throughput cap per cohort, in this order.</summary>
    public required ImmutableArray<NetworkCohort> Cohorts { get; init; }

    /// <summary>The seed: same seed, same ticks, whatever the thread count.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Worker threads; null for all cores. Does not change results.</summary>
    public int? MaxDegreeOfParallelism { get; init; }
}

/// <summary>
/// A population of player sessions advanced in lock-step with an external clock: the event simulator adds viewers
/// as they join (<see cref="Join"/>) and, each tick, caps every viewer's throughput with its cohort's fair share of
/// the CDN (<see cref="Step"/>). Each viewer's throughput is min(its trace, its cohort's cap). Deterministic for a seed,
/// whatever the thread count.
/// </summary>
public sealed class LivePopulation
{
    private const int ChunkSize = 2048;

    private readonly LivePopulationOptions _options;
    private readonly SessionPlan _plan;
    private readonly ImmutableArray<NetworkCohort> _cohorts;
    private readonly double[] _cumulative;
    private SessionState[] _states = new SessionState[1024];
    private Viewer[] _viewers = new Viewer[1024];
    private readonly int[] _abandonedSoFar;
    private long _joinedTotal;

    private struct Viewer
    {
        public double JoinTime;
        public int Cohort;
        public int Trace;
        public int Device;
    }

    /// <summary>Creates an empty population.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public LivePopulation(LivePopulationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _plan = new SessionPlan(options.Player);
        if (options.Cohorts.IsDefaultOrEmpty) throw new ArgumentException("Cohorts: give at least one network cohort", nameof(options));
        var errors = options.Cohorts.SelectMany((c, i) => c.Validate(i)).ToList();
        if (options.MaxDegreeOfParallelism is < 1) errors.Add("MaxDegreeOfParallelism: must be at least 1");
        if (errors.Count > 0) throw new ArgumentException("invalid live population options: " + string.Join("; ", errors), nameof(options));
        _options = options;
        _cohorts = options.Cohorts;
        _cumulative = PopulationSimulator.CumulativeWeights(_cohorts);
        _abandonedSoFar = new int[_cohorts.Length];
    }

    /// <summary>Population time: the sum of the ticks so far.</summary>
    public Duration Time { get; private set; }

    /// <summary>Viewers who have joined.</summary>
    public int Count { get; private set; }

    /// <summary>Number of cohorts (the length <see cref="Step"/> expects).</summary>
    public int CohortCount => _cohorts.Length;

    /// <summary>
    /// <paramref name="viewers"/> viewers of cohort <paramref name="cohort"/> join now (their sessions start at <see cref="Time"/>).
    /// Pass <c>cohort = -1</c> to draw each viewer's cohort from the weights.
    /// </summary>
    public void Join(int viewers, int cohort = -1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(viewers);
        if (cohort < -1 || cohort >= _cohorts.Length) throw new ArgumentOutOfRangeException(nameof(cohort), cohort, $"expected -1 or a cohort index below {_cohorts.Length}");
        EnsureCapacity(Count + viewers);
        for (var k = 0; k < viewers; k++)
        {
            var index = _joinedTotal++;
            var (c, t) = PopulationSimulator.Assign(_options.Seed, index, _cumulative, _cohorts);
            if (cohort >= 0) { c = cohort; t = (int)(PlayerRandom.Mix(_options.Seed ^ (ulong)index) % (ulong)_cohorts[c].Traces.Length); }
            var trace = _cohorts[c].Traces[t];
            var d = _plan.Draw(_options.Seed, index);
            _viewers[Count] = new Viewer { JoinTime = Time.Seconds, Cohort = c, Trace = t, Device = d };
            SessionEngine.Init(ref _states[Count], _plan.Setups[d], trace, _options.Seed, index, randomStart: true, _plan.RungCaps[d]);
            Count++;
        }
    }

    /// <summary>
    /// Advances every session by <paramref name="tick"/>, each viewer's throughput capped at its cohort's entry of
    /// <paramref name="capPerViewer"/> (the per-viewer fair share; <see cref="Bitrate"/> of +infinity for no cap).
    /// </summary>
    public PopulationTick Step(Duration tick, ReadOnlySpan<Bitrate> capPerViewer)
    {
        if (!(tick.Seconds > 0) || !double.IsFinite(tick.Seconds)) throw new ArgumentOutOfRangeException(nameof(tick), tick.Seconds, "the tick must be a positive, finite duration");
        if (capPerViewer.Length != _cohorts.Length) throw new ArgumentException($"expected one cap per cohort ({_cohorts.Length}), got {capPerViewer.Length}", nameof(capPerViewer));
        var caps = new double[_cohorts.Length];
        for (var c = 0; c < caps.Length; c++)
        {
            caps[c] = capPerViewer[c].BitsPerSecond;
            if (!(caps[c] >= 0)) throw new ArgumentOutOfRangeException(nameof(capPerViewer), capPerViewer[c], $"cap of cohort {c} must be >= 0");
        }
        var end = Time.Seconds + tick.Seconds;
        var nCohorts = _cohorts.Length;
        var chunks = (Count + ChunkSize - 1) / ChunkSize;
        // Per chunk and cohort: joined, starting, playing, stalled, abandoned-this-tick, ended, active-with-segment; bits; selected-bitrate sum.
        const int Ints = 7;
        var ints = new int[Math.Max(1, chunks) * nCohorts * Ints];
        var dbl = new double[Math.Max(1, chunks) * nCohorts * 2];
        var states = _states;
        var viewers = _viewers;
        var count = Count;
        var setups = _plan.Setups;
        var cohorts = _cohorts;
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = _options.MaxDegreeOfParallelism ?? Environment.ProcessorCount }, chunk =>
        {
            var from = chunk * ChunkSize;
            var to = Math.Min(count, from + ChunkSize);
            var ib = chunk * nCohorts * Ints;
            var db = chunk * nCohorts * 2;
            for (var i = from; i < to; i++)
            {
                ref var s = ref states[i];
                var v = viewers[i];
                var setup = setups[v.Device];
                var o = ib + v.Cohort * Ints;
                ints[o]++;
                if (s.Outcome == SessionOutcome.Running)
                {
                    var before = s.DeliveredBits;
                    SessionEngine.Advance(ref s, setup, cohorts[v.Cohort].Traces[v.Trace], end - v.JoinTime, caps[v.Cohort]);
                    dbl[db + v.Cohort * 2] += s.DeliveredBits - before;
                    if (s.Outcome == SessionOutcome.Abandoned) ints[o + 4]++;
                }
                switch (s.Outcome)
                {
                    case SessionOutcome.Running:
                        if (!s.Started) ints[o + 1]++;
                        else if (s.Playing) ints[o + 2]++;
                        else ints[o + 3]++;
                        if (s.LastQuality >= 0) { ints[o + 6]++; dbl[db + v.Cohort * 2 + 1] += setup.Bps[s.LastQuality]; }
                        break;
                    case SessionOutcome.Abandoned:
                        break;
                    default:
                        ints[o + 5]++;
                        break;
                }
            }
        });
        Time = Duration.FromSeconds(end);

        var result = ImmutableArray.CreateBuilder<CohortTick>(nCohorts);
        int tj = 0, ts = 0, tp = 0, tst = 0, ta = 0, tat = 0, te = 0, tsel = 0;
        double tbits = 0, tselSum = 0;
        for (var c = 0; c < nCohorts; c++)
        {
            int j = 0, st = 0, p = 0, sl = 0, at = 0, e = 0, sel = 0;
            double bits = 0, selSum = 0;
            for (var ch = 0; ch < chunks; ch++)
            {
                var o = (ch * nCohorts + c) * Ints;
                j += ints[o]; st += ints[o + 1]; p += ints[o + 2]; sl += ints[o + 3]; at += ints[o + 4]; e += ints[o + 5]; sel += ints[o + 6];
                bits += dbl[(ch * nCohorts + c) * 2];
                selSum += dbl[(ch * nCohorts + c) * 2 + 1];
            }
            _abandonedSoFar[c] += at;
            result.Add(new CohortTick(j, st, p, sl, _abandonedSoFar[c], at, e,
                Bitrate.FromBitsPerSecond(bits / tick.Seconds), Bitrate.FromBitsPerSecond(sel > 0 ? selSum / sel : 0)));
            tj += j; ts += st; tp += p; tst += sl; ta += _abandonedSoFar[c]; tat += at; te += e; tsel += sel;
            tbits += bits; tselSum += selSum;
        }
        var total = new CohortTick(tj, ts, tp, tst, ta, tat, te, Bitrate.FromBitsPerSecond(tbits / tick.Seconds), Bitrate.FromBitsPerSecond(tsel > 0 ? tselSum / tsel : 0));
        return new PopulationTick(Time, result.MoveToImmutable(), total);
    }

    /// <summary>Every viewer's metrics so far, in join order (sessions still running report what they have done up to now).</summary>
    public ImmutableArray<SessionMetrics> Sessions()
    {
        var b = ImmutableArray.CreateBuilder<SessionMetrics>(Count);
        for (var i = 0; i < Count; i++)
            b.Add(SessionMetrics.From(in _states[i], _plan.Setups[_viewers[i].Device], i, _viewers[i].Cohort, _viewers[i].Trace, _viewers[i].Device));
        return b.MoveToImmutable();
    }

    private void EnsureCapacity(int needed)
    {
        if (needed <= _states.Length) return;
        var size = Math.Max(needed, _states.Length * 2);
        Array.Resize(ref _states, size);
        Array.Resize(ref _viewers, size);
    }
}
