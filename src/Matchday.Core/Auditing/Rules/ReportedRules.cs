using Matchday.Core.Planning;
using Matchday.Core.Scenarios;
using Matchday.Core.Units;
using static Matchday.Core.Auditing.Rules.AuditText;

namespace Matchday.Core.Auditing.Rules;

/// <summary>Figures reported for a past event against what the model derives from the scenario.</summary>
internal static class ReportedRules
{
    public static readonly AuditRule[] All =
    [
        new("reported-volume", RuleGroup.ReportedVsModel,
            "The reported data volume over its window against the model's volume for the busiest window of that length, and against what physics bounds: at most every peak viewer at the highest bitrate for the whole window, at least the model's audience at the lowest rung.",
            "Volume is viewer-time × bitrate: a reported volume far from the model's says the audience, the bitrates or the volume is wrong, and which one its bounds tell.",
            ReportedVolume)
        {
            Needs = s => s.Reported.DataTransferred is null ? "reported.data_transferred" : null,
            Severities = "warning beyond 1.25x the model's, error beyond 2x or outside the bounds",
        },
        new("declared-bitrate", RuleGroup.ReportedVsModel,
            "The reported average bitrate against the device profiles' average.",
            "The plan's egress is viewers × the device mix: a different declared average is a different egress.",
            DeclaredBitrate) { Needs = s => s.Reported.AverageBitrate is null ? "reported.average_bitrate" : null, Severities = "warning beyond 5%, error beyond 50%" },
        new("reported-cost", RuleGroup.ReportedVsModel,
            "The reported tournament cost against the model's cost breakdown.",
            "The breakdown prices the traffic the model derives; a reported total far from it leaves out most of the traffic or prices it differently.",
            ReportedCost) { Needs = s => s.Reported.TotalCost is null ? "reported.total_cost" : null, Severities = "warning beyond 1.25x, error beyond 3x" },
        new("cost-shares", RuleGroup.ReportedVsModel,
            "The reported cost split against the model's, category by category.",
            "A split that differs by more than 10 points in a category prices that category differently.",
            CostShares) { Needs = s => s.Reported.CostShares.IsEmpty ? "reported.cost_shares" : null, Severities = "info for unknown categories, warning" },
        new("encoding-instances", RuleGroup.ReportedVsModel,
            "The reported encoding instances against the ladder's need (inputs × encode costs / units per instance × pipelines).",
            "Encoders are sized by the ladder; a different count is a different ladder, instance or redundancy.",
            EncodingInstances) { Needs = s => s.Reported.EncodingInstances is null ? "reported.encoding_instances" : null, Severities = "warning beyond 1.25x" },
        new("stored-content", RuleGroup.ReportedVsModel,
            "The reported stored content against every match recorded at every rung for its broadcast.",
            "Recordings are the encoders' output × broadcast × matches.",
            StoredContent) { Needs = s => s.Reported.StoredContent is null ? "reported.stored_content" : null, Severities = "warning beyond 1.25x" },
        new("reported-latency", RuleGroup.ReportedVsModel,
            "The reported p95 latency against its objective.",
            "A reported figure that breaks its own objective is a broken objective.",
            ReportedLatency) { Needs = s => s.Reported.LatencyP95 is null ? "reported.latency_p95" : null },
        new("reported-qoe", RuleGroup.ReportedVsModel,
            "The reported rebuffering, startup time and availability against their objectives.",
            "Reported experience that breaks its objectives says the event did not meet them, whatever the plan says.",
            ReportedQoe)
        {
            Needs = s => s.Reported.RebufferingRatio is null && s.Reported.StartupP95 is null && s.Reported.Availability is null ? "reported.rebuffering_ratio, startup_p95 or availability" : null,
        },
        new("reported-peak-egress", RuleGroup.ReportedVsModel,
            $"The reported peak egress against the model's (peak viewers × what the players play uncongested: each device × network class on the highest rung within the device's bitrate and {Abr.ThroughputSafety:0%} of the class's throughput) and against its bounds: at least the peak at the lowest rung, at most the peak at the highest bitrate.",
            "Peak egress is viewers × bitrate; outside the bounds the reported peak and audience cannot both be right.",
            ReportedPeakEgress) { Needs = s => s.Reported.PeakEgress is null ? "reported.peak_egress" : null, Severities = "warning beyond 1.25x, error beyond 2x or outside the bounds" },
        new("reported-join-rate", RuleGroup.ReportedVsModel,
            "The reported peak join rate against the auth service's capacity (× validations per join) and against the model's peak join.",
            "The join storm sizes auth: a reported storm the service could not validate, or far from the ramp's, says the ramp or the capacity is wrong.",
            ReportedJoinRate) { Needs = s => s.Reported.PeakJoinRate is null ? "reported.peak_join_rate" : null, Severities = "warning beyond 2x the model's, error above the auth capacity" },
    ];

    /// <summary>The viewer-seconds of the busiest window of <paramref name="window"/> in a ramp (minute by minute), or null when the window is longer than the ramp.</summary>
    internal static double? BusiestViewerSeconds(IReadOnlyList<RampPoint> ramp, Duration window)
    {
        var minutes = (int)Math.Round(window.Minutes);
        if (minutes < 1 || minutes > ramp.Count) return null;
        double sum = 0, best = 0;
        for (var i = 0; i < ramp.Count; i++)
        {
            sum += ramp[i].Viewers.Value;
            if (i >= minutes) sum -= ramp[i - minutes].Viewers.Value;
            if (i >= minutes - 1) best = Math.Max(best, sum);
        }
        return best * 60;
    }

    private static IEnumerable<Finding> ReportedVolume(AuditContext c)
    {
        var (s, peak) = (c.Scenario, c.Peak);
        var data = s.Reported.DataTransferred!.Value;
        var window = s.Reported.TransferWindow!.Value;
        var viewers = s.Reported.PeakViewers ?? peak.Audience.Peak;
        var mix = peak.Delivery.AverageBitrate;
        var highest = Bitrate.Max(s.Ladder.Rungs.IsDefaultOrEmpty ? Bitrate.Zero : s.Ladder.Rungs[^1].Bitrate, s.Audience.Devices.Select(d => d.Bitrate).DefaultIfEmpty(Bitrate.Zero).Max());
        var lowest = s.Ladder.Rungs.IsDefaultOrEmpty ? Bitrate.Zero : s.Ladder.Rungs[0].Bitrate;
        // A lower bound on the average per viewer: fewer than the peak may have watched at times, so each pulled at least this.
        var implied = data / window / viewers.Value;
        var ceiling = highest * viewers.Value * window;
        var busiest = BusiestViewerSeconds(peak.Audience.Ramp, window);
        var model = busiest is { } vs ? mix * Duration.FromSeconds(vs) : window >= s.Tournament.Length ? c.Plan.Cost.Data : (DataSize?)null;
        var floor = busiest is { } vs2 ? lowest * Duration.FromSeconds(vs2) : (DataSize?)null;
        var what = busiest is not null ? $"the {peak.Stage.Name}'s busiest {window}" : "the tournament";
        var figures = new[]
        {
            new Figure("data transferred", data.ToString(), "reported.data_transferred"),
            new Figure("window", window.ToString(), "reported.transfer_window"),
            new Figure("implied bitrate per viewer (at least)", implied.ToString(), "derived"),
            new Figure("device-mix average", mix.ToString(), "audience.devices"),
        };
        var declared = s.Reported.AverageBitrate is { } d ? $"; the declared average is {d}" : "";
        if (data > ceiling)
        {
            yield return F(Severity.Error, "Reported data volume is more than the audience can pull",
                $"{data} in {window} to {viewers} viewers is at least {implied} per viewer, above the highest bitrate anyone pulls ({highest}): even every peak viewer at {highest} for the whole window carries only {ceiling}{declared}.",
                $"{data} x 8 / ({window} x {viewers}) = {implied} > {highest}; {viewers} x {highest} x {window} = {ceiling}",
                figures);
            yield break;
        }
        if (floor is { } low && data < low)
        {
            yield return F(Severity.Error, "Reported data volume is less than the audience pulls at the lowest rung",
                $"{data} in {window} is less than the model's audience for {what} pulls at the lowest rung ({lowest}): {low}; over the {viewers} peak viewers it is {implied} each. The audience, its ramp or the volume is wrong; at the device mix's {mix} the same window carries {model}{declared}.",
                $"{Humanize.Compact(busiest!.Value)} viewer-seconds x {lowest} = {low} > {data}",
                figures);
            yield break;
        }
        if (model is not { } expected) yield break;
        var f = Factor(data.Bytes, expected.Bytes);
        if (f <= 1.25) yield break;
        yield return F(f > 2 ? Severity.Error : Severity.Warning,
            "Reported data volume contradicts the bitrates",
            $"{data} in {window} is {Times(f)} {(data < expected ? "less" : "more")} than the model's {expected} for {what} (its audience at the device mix's {mix}). Spread over the {viewers} peak viewers it is at least {implied} per viewer (at least: fewer may have watched throughout){declared}.",
            $"{(busiest is { } b ? $"{Humanize.Compact(b)} viewer-seconds x {mix} = {expected}" : $"tournament data = {expected}")}; {data} x 8 / ({window} x {viewers}) = {implied}",
            figures);
    }

    private static IEnumerable<Finding> DeclaredBitrate(AuditContext c)
    {
        var s = c.Scenario;
        var declared = s.Reported.AverageBitrate!.Value;
        var mix = c.Peak.Delivery.AverageBitrate;
        var f = Factor(declared.BitsPerSecond, mix.BitsPerSecond);
        if (f <= 1.05) yield break;
        var terms = string.Join(" + ", s.Audience.Devices.Select(d => $"{Pct(d.Share.Value)} x {d.Bitrate}"));
        yield return F(f > 1.5 ? Severity.Error : Severity.Warning,
            "Declared average bitrate differs from the device mix",
            $"The reported average bitrate is {declared}; the device profiles average {mix} ({Pct(Math.Abs(mix / declared - 1))} {OverUnder(mix.BitsPerSecond, declared.BitsPerSecond)}). The plan uses the mix.",
            $"{terms} = {mix}",
            new Figure("declared", declared.ToString(), "reported.average_bitrate"), new Figure("device mix", mix.ToString(), "audience.devices"));
    }

    private static IEnumerable<Finding> ReportedCost(AuditContext c)
    {
        var (s, plan) = (c.Scenario, c.Plan);
        var reported = s.Reported.TotalCost!.Value;
        if (reported.Dollars <= 0) yield break;
        var model = plan.Cost.Total;
        var f = Factor(model.Dollars, reported.Dollars);
        if (f <= 1.25) yield break;
        var cdn = plan.Cost.Category("cdn");
        yield return F(f > 3 ? Severity.Error : Severity.Warning, "Reported cost contradicts the traffic",
            $"The reported tournament cost is {reported}; the model's breakdown totals {model} ({Times(model / reported)}), of which CDN delivery is {cdn} for {plan.Cost.Data}. Cost per viewer-hour: reported {reported / plan.Cost.ViewerTime.ViewerHours} vs {plan.Cost.PerViewerHour} over {plan.Cost.ViewerTime}.",
            $"{string.Join(" + ", CostPlan.Categories.Select(x => plan.Cost.Category(x).ToString()))} = {model}; {plan.Cost.Data} x CDN prices = {cdn}",
            new Figure("reported", reported.ToString(), "reported.total_cost"), new Figure("model", model.ToString(), "derived"));
    }

    private static IEnumerable<Finding> CostShares(AuditContext c)
    {
        var (s, plan) = (c.Scenario, c.Plan);
        if (plan.Cost.Total.Dollars <= 0) yield break;
        var sum = s.Reported.CostShares.Values.Sum(v => v.Value);
        var off = new List<Figure>();
        foreach (var (category, share) in s.Reported.CostShares.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var model = plan.Cost.Category(category) / plan.Cost.Total;
            var declared = sum > 0 ? share.Value / sum : 0;
            if (Math.Abs(model - declared) > 0.10) off.Add(new Figure(category, $"reported {Pct(declared)}, model {Pct(model)}", "reported.cost_shares." + category));
        }
        var unknown = s.Reported.CostShares.Keys.Where(k => !CostPlan.Categories.Contains(k)).Order(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
            yield return F(Severity.Info, "Unknown cost categories", $"Cost shares name {string.Join(", ", unknown)}; the model's categories are {string.Join(", ", CostPlan.Categories)}.", "", [.. unknown.Select(u => new Figure(u, "", "reported.cost_shares." + u))]);
        if (off.Count > 0)
            yield return F(Severity.Warning, "Reported cost split differs from the model's",
                $"{off.Count} categories differ by more than 10 points between the reported split and the model's breakdown.",
                string.Join("; ", off.Select(f => $"{f.Name}: {f.Value}")), [.. off]);
    }

    private static IEnumerable<Finding> EncodingInstances(AuditContext c)
    {
        var s = c.Scenario;
        var reported = s.Reported.EncodingInstances!.Value;
        var e = c.Plan.Encoding;
        if (Factor(reported, e.Instances) <= 1.25) yield break;
        var perPipeline = e.Instances / Math.Max(1, e.Pipelines);
        yield return F(Severity.Warning, "Reported encoder count differs from the ladder's needs",
            $"{N(reported)} encoding instances were reported; the ladder needs {Humanize.Number(e.CpuUnits)} CPU units for {N(e.InputStreams)} inputs: {N(e.CpuInstances)} CPU instances of {N(s.Encoding.VcpusPerInstance)} vCPUs or {N(e.GpuInstances)} GPU instances{(e.Pipelines > 1 ? $" ({N(e.Pipelines)} pipelines)" : "")}.",
            $"{N(e.InputStreams)} x ({string.Join(" + ", s.Ladder.Rungs.Select(r => Humanize.Number(r.EncodeCost)))}) = {Humanize.Number(e.CpuUnits)} units; / {Humanize.Number(e.UnitsPerInstance)} = {N(perPipeline)}{(e.Pipelines > 1 ? $"; x {N(e.Pipelines)} pipelines = {N(e.Instances)}" : "")}",
            new Figure("reported", N(reported), "reported.encoding_instances"), new Figure("derived", N(e.Instances), "derived"));
    }

    private static IEnumerable<Finding> StoredContent(AuditContext c)
    {
        var s = c.Scenario;
        var reported = s.Reported.StoredContent!.Value;
        var st = c.Plan.Storage;
        if (Factor(reported.Bytes, st.Tournament.Bytes) <= 1.25) yield break;
        yield return F(Severity.Warning, "Reported storage differs from the recordings' size",
            $"{reported} of recordings were reported; {N(st.Matches)} matches x {st.PerMatch} (every rung, {s.Tournament.MatchBroadcast} each) make {st.Tournament}.",
            $"{c.Plan.Encoding.Output} x {s.Tournament.MatchBroadcast} = {st.PerMatch}; x {N(st.Matches)} = {st.Tournament}",
            new Figure("reported", reported.ToString(), "reported.stored_content"), new Figure("derived", st.Tournament.ToString(), "derived"));
    }

    private static IEnumerable<Finding> ReportedLatency(AuditContext c)
    {
        var s = c.Scenario;
        var rep = s.Reported.LatencyP95!.Value;
        if (rep <= s.Slos.LatencyP95) yield break;
        yield return F(Severity.Warning, "Reported latency breaks its objective",
            $"Reported p95 latency {rep} is above the {s.Slos.LatencyP95} objective.", $"{rep} > {s.Slos.LatencyP95}",
            new Figure("reported", rep.ToString(), "reported.latency_p95"), new Figure("objective", s.Slos.LatencyP95.ToString(), "slos.latency_p95"));
    }

    private static IEnumerable<Finding> ReportedQoe(AuditContext c)
    {
        var (r, o) = (c.Scenario.Reported, c.Scenario.Slos);
        if (r.RebufferingRatio is { } rebuffer && rebuffer > o.RebufferingRatio)
            yield return F(Severity.Warning, "Reported rebuffering breaks its objective", $"Viewers spent {rebuffer} of their watch time rebuffering; the objective allows {o.RebufferingRatio}.", $"{rebuffer} > {o.RebufferingRatio}",
                new Figure("reported", rebuffer.ToString(), "reported.rebuffering_ratio"), new Figure("objective", o.RebufferingRatio.ToString(), "slos.rebuffering_ratio"));
        if (r.StartupP95 is { } startup && startup > o.StartupP95)
            yield return F(Severity.Warning, "Reported startup breaks its objective", $"The reported p95 startup is {startup}; the objective is {o.StartupP95}.", $"{startup} > {o.StartupP95}",
                new Figure("reported", startup.ToString(), "reported.startup_p95"), new Figure("objective", o.StartupP95.ToString(), "slos.startup_p95"));
        if (r.Availability is { } availability && availability < o.Availability)
        {
            var burn = ErrorBudgets.Burn(c.Plan.Slos.Availability, availability);
            yield return F(burn.Exhausted ? Severity.Error : Severity.Warning, "Reported availability breaks its objective",
                $"The reported availability is {availability} against the {o.Availability} objective: a burn rate of {burn.BurnRate:0.00}x, {(burn.Exhausted ? "the whole error budget and more" : $"{burn.Used} of the error budget")}.",
                $"(1 - {availability}) / (1 - {o.Availability}) = {burn.BurnRate:0.00}",
                new Figure("reported", availability.ToString(), "reported.availability"), new Figure("objective", o.Availability.ToString(), "slos.availability"));
        }
    }

    private static IEnumerable<Finding> ReportedPeakEgress(AuditContext c)
    {
        var (s, peak) = (c.Scenario, c.Peak);
        var reported = s.Reported.PeakEgress!.Value;
        var viewers = s.Reported.PeakViewers ?? peak.Audience.Peak;
        // The night's own figure: what the players play on the ladder, capped by their device and network (not the device mix).
        var played = c.Plan.Abr.Played;
        var model = played * viewers.Value;
        var lowest = s.Ladder.Rungs.IsDefaultOrEmpty ? Bitrate.Zero : s.Ladder.Rungs[0].Bitrate;
        var highest = Bitrate.Max(s.Ladder.Rungs.IsDefaultOrEmpty ? Bitrate.Zero : s.Ladder.Rungs[^1].Bitrate, s.Audience.Devices.Select(d => d.Bitrate).DefaultIfEmpty(Bitrate.Zero).Max());
        var (low, high) = (lowest * viewers.Value, highest * viewers.Value);
        var figures = new[] { new Figure("reported", reported.ToString(), "reported.peak_egress"), new Figure("model", model.ToString(), "derived") };
        if (reported < low || reported > high)
        {
            yield return F(Severity.Error, "Reported peak egress is outside what the audience can pull",
                $"The reported peak egress is {reported}; {viewers} viewers pull at least {low} (all at the lowest rung, {lowest}) and at most {high} (all at {highest}). The reported peak or the audience is wrong.",
                $"{viewers} x {lowest} = {low}; {viewers} x {highest} = {high}", figures);
            yield break;
        }
        var f = Factor(reported.BitsPerSecond, model.BitsPerSecond);
        if (f <= 1.25) yield break;
        yield return F(f > 2 ? Severity.Error : Severity.Warning, "Reported peak egress differs from the model's",
            $"The reported peak egress is {reported}; {viewers} viewers playing {played} (each device and network class on its rung of the ladder) pull {model} ({Times(f)} {(reported < model ? "less" : "more")}): an average of {reported / viewers.Value} per viewer.",
            $"{viewers} x {played} = {model}; {reported} / {viewers} = {reported / viewers.Value}", figures);
    }

    private static IEnumerable<Finding> ReportedJoinRate(AuditContext c)
    {
        var (s, peak) = (c.Scenario, c.Peak);
        var reported = s.Reported.PeakJoinRate!.Value;
        var validations = reported * s.Services.AuthValidationsPerJoin;
        var figures = new[] { new Figure("reported", reported.ToString(), "reported.peak_join_rate"), new Figure("auth capacity", s.Services.AuthCapacity.ToString(), "services.auth.capacity") };
        if (validations > s.Services.AuthCapacity)
        {
            yield return F(Severity.Error, "The reported join storm exceeds the auth service",
                $"Viewers joined at up to {reported}; at {s.Services.AuthValidationsPerJoin} validation(s) each that is {validations}, more than the {s.Services.AuthCapacity} auth sustains ({Times(validations / s.Services.AuthCapacity)}). Either the joins or the capacity is wrong.",
                $"{reported} x {s.Services.AuthValidationsPerJoin} = {validations} > {s.Services.AuthCapacity}", figures);
            yield break;
        }
        var model = peak.Audience.PeakJoinRate;
        if (model.PerSecond <= 0 || Factor(reported.PerSecond, model.PerSecond) <= 2) yield break;
        yield return F(Severity.Warning, "The reported join storm differs from the ramp's",
            $"Viewers joined at up to {reported}; the {peak.Stage.Name}'s ramp peaks at {model} (minute {peak.Audience.PeakJoinMinute}, {Times(Factor(reported.PerSecond, model.PerSecond))} {(reported < model ? "more" : "less")}). The timeline's shares set the model's joins.",
            $"{reported} vs {model}", figures);
    }
}
