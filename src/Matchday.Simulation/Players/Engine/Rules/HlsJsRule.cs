namespace Matchday.Simulation.Players.Engine.Rules;

/// <summary>
/// hls.js's adaptation, as in video-dev/hls.js at afe5b8b: src/controller/abr-controller.ts (AbrController), with
/// src/utils/ewma-bandwidth-estimator.ts and src/utils/ewma.ts, defaults from src/config.ts. Bandwidth is the minimum of
/// a fast (3 s) and a slow (9 s) EWMA weighted by load time; a rung above the current one must fit in 0.7 of it, the
/// current or a lower one in 0.95 (VOD also checks the fetch fits the buffer plus up to 4 s of starvation). While a
/// fragment loads, an emergency rule checks every 100 ms (after half a fragment duration) whether it will arrive after
/// the buffer runs dry and a lower rung would not; then it forces a lower rung, resets the estimator to that rung's
/// bitrate and aborts the download (at once if that saves more than half, else after the lower rung's load time).
/// Not modelled: playlist reload times (taken as 0), the optional bitrate test at startup (off unless startLevel is -1),
/// codec tiers, media-capabilities checks and error penalties.
/// </summary>
internal static class HlsJsRule
{
    /// <summary>config.ts abrEwmaFastLive / abrEwmaFastVoD = 3 (s).</summary>
    public const double FastHalfLife = 3;

    /// <summary>config.ts abrEwmaSlowLive / abrEwmaSlowVoD = 9 (s).</summary>
    public const double SlowHalfLife = 9;

    /// <summary>config.ts abrEwmaDefaultEstimate = 5e5 (bit/s).</summary>
    public const double DefaultEstimate = 5e5;

    /// <summary>config.ts abrBandWidthFactor = 0.95: share of the estimate for the current or a lower rung.</summary>
    public const double BandWidthFactor = 0.95;

    /// <summary>config.ts abrBandWidthUpFactor = 0.7: share of the estimate for a higher rung.</summary>
    public const double BandWidthUpFactor = 0.7;

    /// <summary>config.ts maxStarvationDelay = 4 (s).</summary>
    public const double MaxStarvationDelay = 4;

    /// <summary>config.ts maxBufferLength = 30 (s): the forward buffer hls.js fills.</summary>
    public const double MaxBufferLength = 30;

    /// <summary>ewma-bandwidth-estimator.ts: defaultTTFB = 100 (ms), minWeight_ = 0.001, minDelayMs_ = 50.</summary>
    public const double DefaultTtfb = 0.1, MinWeight = 0.001, MinDelay = 0.05;

    /// <summary>abr-controller.ts onFragLoading: setInterval(this._abandonRulesCheck, 100).</summary>
    public const double AbandonCheckInterval = 0.1;

    /// <summary>Estimator and controller state of one session.</summary>
    public struct State
    {
        public WebEwma Fast, Slow, Ttfb;
        public double Default;         // abrEwmaDefaultEstimate, reset by the emergency rule
        public bool Initialized;
        public int LastLoaded;         // lastLoadedFragLevel (-1 before the first)
        public int Forced;             // _nextAutoLevel set by the emergency rule (-1 none)
        public int FirstSelection;     // cached first selection (-1 none)
        public double AbortAt;         // scheduled abortAndSwitch, session time (NaN none)
        public bool ChecksOff;         // the timer was cleared for this fragment
        // getEstimate() and the TTFB estimate as of the last sample or reset: the same arithmetic as reading them,
        // done once per change instead of at every read (each is a Math.Pow, and the 100 ms timer reads them often).
        public double Bandwidth, TtfbSeconds;
        // The last TTFB sampled, its weight and alpha^weight (TtfbWeight 0: none yet).
        public double TtfbIn, TtfbWeight, TtfbAdj;
    }

    /// <summary>Precomputed: the slow EWMA's alpha = exp(ln 0.5 / half-life) (ewma.ts line 17); the fast one's is its cube (see <c>Sample</c>).</summary>
    public readonly struct Setup
    {
        public Setup(SessionSetup setup)
        {
            SlowAlpha = WebEwma.Alpha(SlowHalfLife);
            Initial = setup.InitialEstimate > 0 ? setup.InitialEstimate : DefaultEstimate;
        }

        public readonly double SlowAlpha, Initial;
    }

    private static void Init(ref State h, SessionSetup setup)
    {
        if (h.Initialized) return;
        h = default;
        h.Initialized = true;
        h.Default = setup.Hls.Initial;
        h.LastLoaded = -1;
        h.Forced = -1;
        h.FirstSelection = -1;
        h.AbortAt = double.NaN;
        h.Bandwidth = h.Default;
        h.TtfbSeconds = DefaultTtfb;
    }

    /// <summary>AbrController.nextAutoLevel.</summary>
    public static int Decide(ref SessionState s, SessionSetup setup)
    {
        ref var h = ref s.Hls;
        Init(ref h, setup);
        h.ChecksOff = false;
        h.AbortAt = double.NaN;
        if (h.Forced >= 0) return h.Forced; // forcedAutoLevel: kept until a fragment of that level loads
        if (!CanEstimate(in h) || h.LastLoaded < 0)
        {
            // firstAutoLevel: findBestLevel(estimate, min, max, starvation / 2, maxStarvationDelay, 1, 1).
            var first = FindBest(ref h, in s, setup, Estimate(in h), s.Buffer / 2, MaxStarvationDelay, 1, 1);
            return first >= 0 ? first : 0;
        }
        // getNextABRAutoLevel.
        var avgbw = Estimate(in h);
        var starvation = s.Buffer;
        if (starvation > 0)
        {
            var best = FindBest(ref h, in s, setup, avgbw, starvation, 0, BandWidthFactor, BandWidthUpFactor);
            if (best >= 0) return best;
        }
        var maxStarvation = Math.Min(setup.SegDur, MaxStarvationDelay);
        var level = FindBest(ref h, in s, setup, avgbw, starvation, maxStarvation, BandWidthFactor, BandWidthUpFactor);
        return level > -1 ? level : 0;
    }

    /// <summary>AbrController.findBestLevel (one codec set, SDR, no errors).</summary>
    private static int FindBest(ref State h, in SessionState s, SessionSetup setup, double currentBw, double starvation, double maxStarvation, double bwFactor, double bwUpFactor)
    {
        if (setup.Rungs == 1) return 0;
        var maxFetch = starvation + maxStarvation;
        var firstSelection = h.LastLoaded == -1;
        if (firstSelection && h.FirstSelection != -1) return h.FirstSelection;
        var baseLevel = h.LastLoaded == -1 ? 0 : h.LastLoaded; // hls.firstLevel: the first listed, here the lowest
        var live = setup.Mode == PlayerMode.Live;
        var ttfb = TtfbEstimate(in h);
        var duration = setup.SegDur;
        for (var i = setup.Rungs - 1; i >= 0; i--)
        {
            var adjusted = (i > baseLevel ? bwUpFactor : bwFactor) * currentBw;
            var bitrate = setup.Bps[i];
            // getTimeToLoadFrag: TTFB + bits / bandwidth, plus a playlist reload (TTFB + its load time, taken as 0) when live.
            var fetch = ttfb + bitrate * duration / adjusted + (live ? ttfb : 0);
            var ok = adjusted >= bitrate && (fetch <= ttfb || !double.IsFinite(fetch) || live || fetch < maxFetch);
            if (ok)
            {
                if (firstSelection) h.FirstSelection = i;
                return i;
            }
        }
        _ = s;
        return -1;
    }

    /// <summary>Fragment loaded and buffered: sampleTTFB (FRAG_LOADED), then sample(load time - min(TTFB, estimate), bytes) (FRAG_BUFFERED).</summary>
    public static void Completed(ref SessionState s, SessionSetup setup, int quality, double bits, double totalSeconds, double ttfb)
    {
        ref var h = ref s.Hls;
        Init(ref h, setup);
        SampleTtfb(ref h, setup, ttfb);
        Sample(ref h, setup, totalSeconds - Math.Min(ttfb, TtfbEstimate(in h)), bits);
        if (quality == h.Forced) h.Forced = -1;
        h.LastLoaded = quality;
        h.FirstSelection = -1;
    }

    /// <summary>
    /// When the first timer tick that can act comes: _abandonRulesCheck returns at once while the fragment has loaded
    /// for no more than max(TTFB estimate, half its duration), so the ticks before are skipped (the grid stays 100 ms
    /// from the request). A fragment of the lowest level acts at the first tick (it stops the timer).
    /// </summary>
    public static double FirstCheck(in SessionState s, SessionSetup setup)
    {
        if (s.Quality <= 0 || !s.Hls.Initialized) return AbandonCheckInterval;
        var quiet = Math.Max(TtfbEstimate(in s.Hls), setup.SegDur / 2);
        return (Math.Floor(quiet / AbandonCheckInterval + 1e-9) + 1) * AbandonCheckInterval;
    }

    /// <summary>
    /// AbrController._abandonRulesCheck, on the 100 ms timer. Returns the rung to abort to, or -1 to keep loading;
    /// may also force the next rung, reset the estimator or schedule the abort.
    /// </summary>
    public static int CheckAbandon(ref SessionState s, SessionSetup setup)
    {
        ref var h = ref s.Hls;
        Init(ref h, setup);
        if (h.ChecksOff) return -1;
        var now = s.Now;
        if (!double.IsNaN(h.AbortAt))
        {
            if (now < h.AbortAt - 1e-9) return -1;
            h.AbortAt = double.NaN;
            return AbortAndSwitch(ref h, in s, setup, h.Forced);
        }
        var level = s.Quality;
        var duration = setup.SegDur;
        if (level <= 0)
        {
            // Loading the lowest level: stop the timer and release any forced level.
            h.Forced = -1;
            h.ChecksOff = true;
            return -1;
        }
        var timeLoading = now - s.DlStart;
        var ttfbEstimate = TtfbEstimate(in h);
        if (timeLoading <= Math.Max(ttfbEstimate, duration / 2)) return -1;
        var starvation = s.Buffer;
        var loadedBytes = s.DoneBits / 8;
        var firstByte = s.Phase == Phase.Download && loadedBytes > 0;
        var ttfb = s.Ttfb;
        var bwEstimate = Estimate(in h);
        var expected = Math.Max(loadedBytes, Math.Round(duration * setup.Bps[level] / 8));
        var streaming = firstByte ? timeLoading - ttfb : timeLoading;
        if (streaming < 0.001 && firstByte) streaming = Math.Min(timeLoading, loadedBytes * 8 / bwEstimate);
        var loadRate = firstByte ? loadedBytes / streaming : 0; // bytes/s
        var fragLoadedDelay = loadRate > 0 ? (expected - loadedBytes) / loadRate : expected * 8 / bwEstimate + ttfbEstimate;
        if (fragLoadedDelay <= starvation) return -1;
        var bwe = loadRate > 0 ? loadRate * 8 : bwEstimate;
        var live = setup.Mode == PlayerMode.Live;
        var nextDelay = double.PositiveInfinity;
        int next;
        for (next = level - 1; next > 0; next--)
        {
            nextDelay = ttfbEstimate + duration * setup.Bps[next] / bwe + (live ? ttfbEstimate : 0);
            if (nextDelay < Math.Min(starvation, duration + ttfbEstimate)) break;
        }
        if (nextDelay >= fragLoadedDelay) return -1;
        if (nextDelay > duration * 10) return -1;
        if (firstByte) Sample(ref h, setup, timeLoading - Math.Min(ttfbEstimate, ttfb), s.DoneBits);
        else SampleTtfb(ref h, setup, timeLoading);
        var nextBitrate = setup.Bps[next];
        if (Estimate(in h) * BandWidthUpFactor > nextBitrate) Reset(ref h, nextBitrate);
        var best = FindBestUpTo(ref h, in s, setup, nextBitrate, next, 0, starvation);
        if (best > -1) next = best;
        h.Forced = next;
        h.ChecksOff = true;
        if (fragLoadedDelay > nextDelay * 2) return AbortAndSwitch(ref h, in s, setup, next);
        h.ChecksOff = false;
        h.AbortAt = now + nextDelay; // setInterval(abortAndSwitch, fragLevelNextLoadedDelay * 1000)
        return -1;
    }

    /// <summary>
    /// No tick of <paramref name="span"/> can act (see <see cref="CheckAbandon"/>, whose early returns have no side
    /// effects): the timer is off; or a scheduled abort is still ahead at the last tick; or every tick is in the quiet
    /// half; or the fragment's expected remaining load time (bytes left at the first tick over the span's lowest load
    /// rate) is within the buffer at the last tick. The lowest level's tick stops the timer, so it is made, not skipped.
    /// </summary>
    public static bool Quiet(in SessionState s, SessionSetup setup, in CheckSpan span)
    {
        ref readonly var h = ref s.Hls;
        if (!h.Initialized) return false;
        if (h.ChecksOff) return true;
        if (!double.IsNaN(h.AbortAt)) return span.NowN < h.AbortAt - 1e-9;
        if (s.Quality <= 0) return false;
        if (span.TimeN <= Math.Max(TtfbEstimate(in h), setup.SegDur / 2)) return true;
        if (s.Phase != Phase.Download || !(span.Done1 > 0) || !span.HasRate || span.Time1 - s.Ttfb < 0.001) return false;
        var expected = Math.Round(setup.SegDur * setup.Bps[s.Quality] / 8);
        var leftBytes = Math.Max(0, expected - span.Done1 / 8);
        return leftBytes * 8 / span.RateMin <= span.BufferN * (1 - CheckSpan.Margin);
    }

    /// <summary>abortAndSwitch: abort unless the forced level is the lowest; go to the best level at the lowest's bitrate.</summary>
    private static int AbortAndSwitch(ref State h, in SessionState s, SessionSetup setup, int next)
    {
        h.ChecksOff = true;
        if (next <= 0) return -1;
        var lowest = next;
        if (next > 0)
        {
            lowest = FindBestUpTo(ref h, in s, setup, setup.Bps[0], next, 0, s.Buffer);
            if (lowest == -1) lowest = 0;
            Reset(ref h, setup.Bps[lowest]);
        }
        h.Forced = lowest;
        return lowest;
    }

    /// <summary>findBestLevel restricted to rungs up to <paramref name="maxLevel"/>.</summary>
    private static int FindBestUpTo(ref State h, in SessionState s, SessionSetup setup, double bw, int maxLevel, double starvation, double maxStarvation)
    {
        var maxFetch = starvation + maxStarvation;
        var baseLevel = h.LastLoaded == -1 ? 0 : h.LastLoaded;
        var ttfb = TtfbEstimate(in h);
        var live = setup.Mode == PlayerMode.Live;
        for (var i = maxLevel; i >= 0; i--)
        {
            var adjusted = bw; // factors 1 and 1
            var bitrate = setup.Bps[i];
            var fetch = ttfb + bitrate * setup.SegDur / adjusted + (live ? ttfb : 0);
            if (adjusted >= bitrate && (fetch <= ttfb || live || fetch < maxFetch)) return i;
        }
        _ = baseLevel;
        _ = s;
        return -1;
    }

    /// <summary>resetEstimator(bitrate): a fresh estimator whose default estimate is that bitrate.</summary>
    private static void Reset(ref State h, double defaultEstimate)
    {
        h.Default = defaultEstimate;
        h.Fast = h.Slow = h.Ttfb = default;
        h.FirstSelection = -1;
        h.Bandwidth = defaultEstimate; // no weight yet: getEstimate() is the default
        h.TtfbSeconds = DefaultTtfb;
    }

    /// <summary>EwmaBandWidthEstimator.sample(durationMs, numBytes), in s and bits.</summary>
    private static void Sample(ref State h, SessionSetup setup, double seconds, double bits)
    {
        if (bits <= 0) return;
        var bytes = bits / 8;
        var minDelay = Math.Min(MinDelay, bytes / 100000 / 1000); // Math.min(minDelayMs_, numBytes / 100000) ms
        var weight = Math.Max(seconds, minDelay);
        var bandwidth = bits / weight;
        // alpha_fast^w = alpha_slow^(3w): the slow half-life is three times the fast one, so one exp serves both.
        var slow = h.Slow.Power(setup.Hls.SlowAlpha, weight);
        h.Fast.SampleWith(slow * slow * slow, weight, bandwidth);
        h.Slow.SampleWith(slow, weight, bandwidth);
        h.Bandwidth = CanEstimate(in h) ? Math.Min(h.Fast.Get(), h.Slow.Get()) : h.Default;
    }

    /// <summary>sampleTTFB: weight sqrt(2) exp(-s^2 / 2), value max(TTFB, 5 ms), on the slow half-life.</summary>
    private static void SampleTtfb(ref State h, SessionSetup setup, double ttfbSeconds)
    {
        // The weight and its power are functions of the TTFB alone, which a trace's latency often repeats: kept for the last one.
        if (ttfbSeconds != h.TtfbIn || h.TtfbWeight == 0)
        {
            h.TtfbIn = ttfbSeconds;
            h.TtfbWeight = Math.Sqrt(2) * Math.Exp(-ttfbSeconds * ttfbSeconds / 2);
            h.TtfbAdj = h.Ttfb.Power(setup.Hls.SlowAlpha, h.TtfbWeight);
        }
        h.Ttfb.SampleWith(h.TtfbAdj, h.TtfbWeight, Math.Max(ttfbSeconds, 0.005));
        h.TtfbSeconds = h.Ttfb.TotalWeight >= MinWeight ? h.Ttfb.Get() : DefaultTtfb;
    }

    private static bool CanEstimate(in State h) => h.Fast.TotalWeight >= MinWeight;

    /// <summary>getEstimate: min of the zero-corrected fast and slow averages, or the default (kept by <see cref="Sample"/> and <see cref="Reset"/>).</summary>
    private static double Estimate(in State h) => h.Bandwidth;

    /// <summary>The TTFB estimate: the slow zero-corrected average of the samples, or 100 ms (kept by <see cref="SampleTtfb"/> and <see cref="Reset"/>).</summary>
    private static double TtfbEstimate(in State h) => h.TtfbSeconds;
}
