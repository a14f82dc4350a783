namespace Matchday.Simulation.Players.Engine.Rules;

/// <summary>
/// Shaka Player's default adaptation, as in shaka-project/shaka-player at 35b290e: lib/abr/simple_abr_manager.js
/// (SimpleAbrManager), lib/abr/ewma_bandwidth_estimator.js, lib/abr/ewma.js, defaults from
/// lib/util/player_configuration.js. The networking engine reports progress at least every 100 ms once 16 kB arrived
/// (lib/net/http_fetch_plugin.js), and each report is a bandwidth sample weighted by its duration; within a stretch of
/// constant throughput those samples add up exactly to one sample over the stretch, which is what is simulated (the
/// first stretch includes the request latency, as Shaka's first report does). Until 128 kB have been sampled the
/// estimate is the 1 Mbit/s default; after that Shaka may switch at any report, at most once per 8 s, to the highest
/// variant whose bitrate is within 0.95 of the estimate (bandwidthDowngradeTarget; the 0.85 upgrade target only bounds
/// the overlap between neighbours). The choice applies to the next segment request. Not modelled: Network
/// Information API hints, restrictions to the element size and dropped-frame bans.
/// </summary>
internal static class ShakaRule
{
    /// <summary>ewma_bandwidth_estimator.js: fast_ = new Ewma(2), slow_ = new Ewma(5) (player_configuration.js fastHalfLife 2, slowHalfLife 5).</summary>
    public const double FastHalfLife = 2, SlowHalfLife = 5;

    /// <summary>player_configuration.js: minTotalBytes 128e3, minBytes 16e3.</summary>
    public const double MinTotalBytes = 128e3, MinBytes = 16e3;

    /// <summary>player_configuration.js: defaultBandwidthEstimate 1e6 (bit/s).</summary>
    public const double DefaultBandwidthEstimate = 1e6;

    /// <summary>player_configuration.js: switchInterval 8 (s), minTimeToSwitch 0.</summary>
    public const double SwitchInterval = 8, MinTimeToSwitch = 0;

    /// <summary>player_configuration.js: bandwidthUpgradeTarget 0.85, bandwidthDowngradeTarget 0.95.</summary>
    public const double BandwidthUpgradeTarget = 0.85, BandwidthDowngradeTarget = 0.95;

    /// <summary>player_configuration.js streaming.bufferingGoal = 10 (s): the forward buffer Shaka fills.</summary>
    public const double BufferingGoal = 10;

    /// <summary>player_configuration.js streaming.rebufferingGoal = 0 (s): what must be buffered to start or resume playing.</summary>
    public const double RebufferingGoal = 0;

    /// <summary>player_configuration.js abr.cacheLoadThreshold = 5 (ms): faster reports are taken as cache hits and ignored.</summary>
    public const double CacheLoadThreshold = 0.005;

    /// <summary>Estimator and manager state of one session.</summary>
    public struct State
    {
        public WebEwma Fast, Slow;
        public double BytesSampled;
        public double LastTimeChosen;
        public bool StartupComplete, Initialized;
        public int Choice;
    }

    /// <summary>Precomputed: alpha = exp(ln 0.5 / half-life) (ewma.js line 32).</summary>
    public readonly struct Setup
    {
        public Setup(SessionSetup setup)
        {
            FastAlpha = WebEwma.Alpha(FastHalfLife);
            SlowAlpha = WebEwma.Alpha(SlowHalfLife);
            Default = setup.InitialEstimate > 0 ? setup.InitialEstimate : DefaultBandwidthEstimate;
        }

        public readonly double FastAlpha, SlowAlpha, Default;
    }

    /// <summary>The variant for the next segment: the one chosen last (the first at enable(), with the default estimate).</summary>
    public static int Decide(ref SessionState s, SessionSetup setup)
    {
        ref var k = ref s.Shaka;
        if (!k.Initialized)
        {
            k.Initialized = true;
            k.LastTimeChosen = s.Now; // trySuggestStreams: lastTimeChosenMs_ = Date.now(), then chooseVariant
            k.Choice = ChooseVariant(setup, Estimate(in k, setup));
        }
        return k.Choice;
    }

    /// <summary>
    /// A stretch of a download at constant throughput: segmentDownloaded(deltaTimeMs, numBytes) for the reports in it.
    /// If the switch interval ends inside the stretch, the stretch is split there, so the choice sees the estimate of
    /// that moment.
    /// </summary>
    public static void Progress(ref SessionState s, SessionSetup setup, double start, double seconds, double bits)
    {
        ref var k = ref s.Shaka;
        if (!k.Initialized) Decide(ref s, setup);
        if (!(seconds >= CacheLoadThreshold)) return;
        var end = start + seconds;
        if (k.StartupComplete)
        {
            var due = k.LastTimeChosen + SwitchInterval;
            if (due > start && due < end)
            {
                var part = (due - start) / seconds;
                Sample(ref k, setup, due - start, bits * part);
                Suggest(ref k, setup, due);
                Sample(ref k, setup, end - due, bits * (1 - part));
                return;
            }
        }
        Sample(ref k, setup, seconds, bits);
        Suggest(ref k, setup, end);
    }

    /// <summary>SimpleAbrManager.suggestStreams_: startup ends with a good estimate; then at most one choice per switch interval.</summary>
    private static void Suggest(ref State k, SessionSetup setup, double now)
    {
        if (!k.StartupComplete)
        {
            if (k.BytesSampled < MinTotalBytes) return;
            k.StartupComplete = true;
            k.LastTimeChosen -= SwitchInterval - MinTimeToSwitch;
        }
        if (now - k.LastTimeChosen < SwitchInterval) return;
        k.Choice = ChooseVariant(setup, Estimate(in k, setup));
        k.LastTimeChosen = now;
    }

    /// <summary>
    /// SimpleAbrManager.chooseVariant: ascending by bandwidth, keep the last variant whose band
    /// [bandwidth / 0.95, next bandwidth / 0.85] holds the estimate; the lowest if none.
    /// </summary>
    public static int ChooseVariant(SessionSetup setup, double estimate)
    {
        var chosen = 0;
        var n = setup.Rungs;
        for (var i = 0; i < n; i++)
        {
            var min = setup.Bps[i] / BandwidthDowngradeTarget;
            var max = i + 1 < n ? setup.Bps[i + 1] / BandwidthUpgradeTarget : double.PositiveInfinity;
            if (estimate >= min && estimate <= max) chosen = i;
        }
        return chosen;
    }

    /// <summary>EwmaBandwidthEstimator.sample: samples under 16 kB are ignored; weight in s, value in bit/s.</summary>
    private static void Sample(ref State k, SessionSetup setup, double seconds, double bits)
    {
        var bytes = bits / 8;
        if (bytes < MinBytes || !(seconds > 0)) return;
        var bandwidth = bits / seconds;
        k.BytesSampled += bytes;
        k.Fast.Sample(setup.Shaka.FastAlpha, seconds, bandwidth);
        k.Slow.Sample(setup.Shaka.SlowAlpha, seconds, bandwidth);
    }

    /// <summary>getBandwidthEstimate: the default until 128 kB sampled, then min(fast, slow), each zero-corrected.</summary>
    public static double Estimate(in State k, SessionSetup setup)
    {
        if (k.BytesSampled < MinTotalBytes) return setup.Shaka.Default;
        return Math.Min(k.Fast.Get(), k.Slow.Get());
    }
}
