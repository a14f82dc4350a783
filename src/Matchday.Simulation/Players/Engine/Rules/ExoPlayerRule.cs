using System.Runtime.CompilerServices;

namespace Matchday.Simulation.Players.Engine.Rules;

/// <summary>
/// ExoPlayer's default adaptation: <c>AdaptiveTrackSelection</c> over <c>DefaultBandwidthMeter</c>, as in androidx/media
/// at 2bc2078 (libraries/exoplayer/src/main/java/androidx/media3/exoplayer/trackselection/AdaptiveTrackSelection.java,
/// .../upstream/DefaultBandwidthMeter.java, .../upstream/SlidingPercentile.java).
/// The meter keeps samples weighted by sqrt(bytes) up to a total weight of 2000 and estimates the median; the track
/// selection takes 0.7 of it, picks the highest rung within, and then holds the current rung unless the buffer allows
/// the switch: up only with at least 10 s buffered (live: 0.75 of the distance to the live edge, if less), down only
/// with under 25 s buffered. Not modelled: the queue discard of evaluateQueueSize (it needs 25 s retained and rungs of
/// at most 1279x719) and the per-country initial estimates (the network-type-unknown default of 1 Mbit/s is used).
/// </summary>
internal static class ExoPlayerRule
{
    /// <summary>AdaptiveTrackSelection.DEFAULT_MIN_DURATION_FOR_QUALITY_INCREASE_MS = 10_000 (line 318).</summary>
    public const double MinDurationForQualityIncrease = 10;

    /// <summary>AdaptiveTrackSelection.DEFAULT_MAX_DURATION_FOR_QUALITY_DECREASE_MS = 25_000 (line 319).</summary>
    public const double MaxDurationForQualityDecrease = 25;

    /// <summary>AdaptiveTrackSelection.DEFAULT_BANDWIDTH_FRACTION = 0.7f (line 323).</summary>
    public const float BandwidthFraction = 0.7f;

    /// <summary>AdaptiveTrackSelection.DEFAULT_BUFFERED_FRACTION_TO_LIVE_EDGE_FOR_QUALITY_INCREASE = 0.75f (line 324).</summary>
    public const float BufferedFractionToLiveEdgeForQualityIncrease = 0.75f;

    /// <summary>DefaultBandwidthMeter.DEFAULT_INITIAL_BITRATE_ESTIMATE = 1_000_000 (line 84).</summary>
    public const long InitialBitrateEstimate = 1_000_000;

    /// <summary>DefaultBandwidthMeter.DEFAULT_SLIDING_WINDOW_MAX_WEIGHT = 2000 (line 87).</summary>
    public const int SlidingWindowMaxWeight = 2000;

    /// <summary>DefaultBandwidthMeter.ELAPSED_MILLIS_FOR_ESTIMATE = 2000 (line 311).</summary>
    public const double ElapsedForEstimate = 2;

    /// <summary>DefaultBandwidthMeter.BYTES_TRANSFERRED_FOR_ESTIMATE = 512 * 1024 (line 312).</summary>
    public const double BytesForEstimate = 512 * 1024;

    /// <summary>DefaultLoadControl.DEFAULT_BUFFER_FOR_PLAYBACK_MS = 1000 (line 90): buffer to start.</summary>
    public const double BufferForPlayback = 1;

    /// <summary>DefaultLoadControl.DEFAULT_BUFFER_FOR_PLAYBACK_AFTER_REBUFFER_MS = 2000 (line 102): buffer to resume.</summary>
    public const double BufferForPlaybackAfterRebuffer = 2;

    /// <summary>DefaultLoadControl.DEFAULT_MAX_BUFFER_MS = 50_000 (line 76).</summary>
    public const double MaxBufferSeconds = 50;

    /// <summary>Samples kept inline (a power of two: ring indices wrap by a mask); the weight limit keeps fewer unless segments are under ~4 KB.</summary>
    public const int MaxSamples = 32;

    /// <summary>SlidingPercentile samples (weight, value) in arrival order, inline.</summary>
    [InlineArray(MaxSamples)]
    public struct Weights
    {
        private int _element0;
    }

    /// <summary>Sample values (bit/s, as floats like ExoPlayer's).</summary>
    [InlineArray(MaxSamples)]
    public struct Values
    {
        private float _element0;
    }

    /// <summary>One session's meter and selection.</summary>
    public struct State
    {
        public Weights Weight;
        public Values Value;
        public int First, Count, TotalWeight;
        public double TotalElapsed, TotalBytes;
        public long BitrateEstimate;
        public bool Selected;
        public int SelectedIndex;
    }

    /// <summary>What a run's sessions share: the initial estimate and the ladder's bitrates as the selection compares them.</summary>
    public readonly struct Setup
    {
        public Setup(SessionSetup setup)
        {
            Initial = setup.InitialEstimate > 0 ? (long)setup.InitialEstimate : InitialBitrateEstimate;
            // Format.bitrate is an int: the ladder's bitrates as the selection compares them, converted once.
            Bitrates = [.. setup.Bps.Take(setup.Rungs).Select(b => (long)b)];
        }

        public readonly long Initial;
        public readonly long[] Bitrates;
    }

    /// <summary>AdaptiveTrackSelection.updateSelectedTrack, called before each chunk.</summary>
    public static int Decide(ref SessionState s, SessionSetup setup)
    {
        ref var e = ref s.Exo;
        var estimate = e.BitrateEstimate > 0 ? e.BitrateEstimate : setup.Exo.Initial;
        // getTotalAllocatableBandwidth: (long)(estimate * bandwidthFraction); the meter has no TTFB estimate, so no
        // latency correction; one adaptive video selection, so the adaptation checkpoints allocate it all.
        var effective = (long)(estimate * BandwidthFraction);
        var ideal = IdealIndex(setup, effective);
        if (!e.Selected)
        {
            e.Selected = true;
            e.SelectedIndex = ideal;
            return ideal;
        }
        var previous = s.LastQuality >= 0 ? s.LastQuality : e.SelectedIndex;
        var next = ideal;
        if (next != previous)
        {
            var minIncrease = MinDurationForQualityIncrease;
            if (setup.Mode == PlayerMode.Live)
            {
                // availableDurationUs (to the live edge) minus the chunk being selected, times 0.75, if less than 10 s.
                var available = SessionEngine.LiveLatency(in s, setup) - setup.SegDur;
                minIncrease = Math.Min(Math.Max(0, available) * BufferedFractionToLiveEdgeForQualityIncrease, MinDurationForQualityIncrease);
            }
            if (next > previous && s.Buffer < minIncrease) next = previous;
            else if (next < previous && s.Buffer >= MaxDurationForQualityDecrease) next = previous;
        }
        e.SelectedIndex = next;
        return next;
    }

    /// <summary>determineIdealSelectedIndex: the highest rung whose bitrate is within the effective bitrate, else the lowest.</summary>
    internal static int IdealIndex(SessionSetup setup, long effective)
    {
        var b = setup.Exo.Bitrates;
        for (var q = b.Length - 1; q > 0; q--)
            if (b[q] <= effective) return q;
        return 0;
    }

    /// <summary>
    /// DefaultBandwidthMeter.onTransferEnd for one segment: the sample runs from the transfer start (response received,
    /// so after the request latency) to its end; weight (int) sqrt(bytes), value bytes x 8000 / ms.
    /// </summary>
    public static void Completed(ref SessionState s, double bits, double transferSeconds)
    {
        if (!(transferSeconds > 0)) return;
        ref var e = ref s.Exo;
        var bytes = bits / 8;
        e.TotalElapsed += transferSeconds;
        e.TotalBytes += bytes;
        var value = (float)(bytes * 8 / transferSeconds);
        AddSample(ref e, (int)Math.Sqrt(bytes), value);
        if (e.TotalElapsed >= ElapsedForEstimate || e.TotalBytes >= BytesForEstimate)
            e.BitrateEstimate = (long)Percentile(ref e, 0.5f);
    }

    /// <summary>SlidingPercentile.addSample: append, then trim the oldest samples (partially) to the maximum weight.</summary>
    private static void AddSample(ref State e, int weight, float value)
    {
        if (e.Count == MaxSamples) { e.TotalWeight -= e.Weight[e.First]; e.First = (e.First + 1) & (MaxSamples - 1); e.Count--; }
        var slot = (e.First + e.Count) & (MaxSamples - 1);
        e.Weight[slot] = weight;
        e.Value[slot] = value;
        e.Count++;
        e.TotalWeight += weight;
        while (e.TotalWeight > SlidingWindowMaxWeight)
        {
            var excess = e.TotalWeight - SlidingWindowMaxWeight;
            ref var oldest = ref e.Weight[e.First];
            if (oldest <= excess)
            {
                e.TotalWeight -= oldest;
                e.First = (e.First + 1) & (MaxSamples - 1);
                e.Count--;
            }
            else
            {
                oldest -= excess;
                e.TotalWeight -= excess;
            }
        }
    }

    /// <summary>SlidingPercentile.getPercentile: sort by value, the first whose accumulated weight reaches percentile x total.</summary>
    private static float Percentile(ref State e, float percentile)
    {
        // The samples in arrival order, then insertion-sorted by value, stable (Collections.sort is stable): a handful
        // (the weight limit keeps two or three of a segment's size).
        var n = e.Count;
        if (n == 0) return float.NaN;
        // Only the first n of each are written before they are read: no need to clear them.
        Unsafe.SkipInit(out Values values);
        Unsafe.SkipInit(out Weights weights);
        for (var i = 0; i < n; i++)
        {
            var at = (e.First + i) & (MaxSamples - 1);
            var v = e.Value[at];
            var w = e.Weight[at];
            var j = i - 1;
            while (j >= 0 && values[j] > v) { values[j + 1] = values[j]; weights[j + 1] = weights[j]; j--; }
            values[j + 1] = v;
            weights[j + 1] = w;
        }
        var desired = percentile * e.TotalWeight;
        var accumulated = 0;
        for (var i = 0; i < n; i++)
        {
            accumulated += weights[i];
            if (accumulated >= desired) return values[i];
        }
        return values[n - 1];
    }
}
