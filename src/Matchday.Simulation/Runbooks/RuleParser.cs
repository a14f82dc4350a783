using System.Collections.Immutable;
using System.Globalization;
using Matchday.Core.Units;

namespace Matchday.Simulation.Runbooks;

/// <summary>
/// Parses runbook rules written on one line:
/// <c>high-latency: latency_p95_seconds &gt; 500ms for 1m then scale-origins 75, activate-secondary-cdn after 2m</c>.
/// Thresholds take units (<c>500ms</c>, <c>2s</c>, <c>90%</c>, <c>1k/s</c>, <c>1000/s</c>) and are stored in the metric's
/// base unit (seconds, fraction, per second). Actions: <c>scale-origins N [region=R]</c>, <c>activate-secondary-cdn</c>,
/// <c>activate-all-cdns</c>, <c>cap-quality RUNG</c>, <c>fail-over FROM to TO</c>, <c>promote-replica REGION</c>,
/// <c>set-hpa-max HPA N</c>. Never throws; returns every error with its column.
/// </summary>
public static class RuleParser
{
    /// <summary>The metrics a rule may test (what the event simulator publishes).</summary>
    public static ImmutableArray<string> KnownMetrics { get; } =
        [RunbookMetrics.LatencyP95, RunbookMetrics.ViewerDropoutRate, RunbookMetrics.RegionsFailed, RunbookMetrics.CacheHitRatio, RunbookMetrics.EncodingCpu];

    /// <summary>The scenario file's short names for the same metrics (<c>runbook[].when</c>).</summary>
    private static readonly ImmutableDictionary<string, string> Aliases = new Dictionary<string, string>
    {
        ["latency_p95"] = RunbookMetrics.LatencyP95,
        ["viewer_dropout"] = RunbookMetrics.ViewerDropoutRate,
        ["cache_hit_ratio"] = RunbookMetrics.CacheHitRatio,
        ["encoding_cpu"] = RunbookMetrics.EncodingCpu,
    }.ToImmutableDictionary();

    private static readonly string[] ActionNames =
        ["scale-origins", "activate-secondary-cdn", "activate-all-cdns", "cap-quality", "fail-over", "promote-replica", "set-hpa-max"];

    private readonly record struct Tok(string Text, int Column);

    private static List<Tok> Tokenize(string text)
    {
        var tokens = new List<Tok>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }
            var start = i;
            if (c is ',' or ':')
            {
                i++;
            }
            else if (c is '<' or '>' or '=' or '!')
            {
                while (i < text.Length && text[i] is '<' or '>' or '=' or '!') i++;
            }
            else
            {
                while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not (',' or ':' or '<' or '>' or '=' or '!')) i++;
                // key=value inside an action argument (region=eu) stays one token.
                if (i < text.Length && text[i] == '=' && i + 1 < text.Length && text[i + 1] != '=')
                {
                    i++;
                    while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] != ',') i++;
                }
            }
            tokens.Add(new Tok(text[start..i], start + 1));
        }
        return tokens;
    }

    /// <summary>Parses one rule.</summary>
    public static SpecParseResult<RunbookRule> Parse(string? text)
    {
        text ??= "";
        var errors = ImmutableArray.CreateBuilder<SpecError>();
        var t = Tokenize(text);
        var end = text.TrimEnd().Length + 1;
        var p = 0;
        Tok Next() => p < t.Count ? t[p] : new Tok("", end);
        void Expected(string what)
        {
            var tok = Next();
            errors.Add(new SpecError(tok.Column, tok.Text.Length, tok.Text.Length == 0 ? $"the rule ends here: expected {what}" : $"'{tok.Text}': expected {what}"));
        }

        const string shape = "NAME: METRIC OP VALUE [for DURATION] then ACTION[, ACTION...] [after DURATION]";
        if (t.Count == 0)
        {
            errors.Add(new SpecError(1, 0, $"empty rule: expected {shape}"));
            return new(null, errors.ToImmutable());
        }

        // NAME ':'
        var name = Next();
        if (!IsName(name.Text)) Expected("a rule name, e.g. high-latency");
        p++;
        if (Next().Text == ":") p++;
        else Expected($"':' after the rule name ({shape})");

        // METRIC OP VALUE
        var metricTok = Next();
        string? metric = null;
        if (KnownMetrics.Contains(metricTok.Text)) metric = metricTok.Text;
        else if (Aliases.TryGetValue(metricTok.Text, out var full)) metric = full;
        else
            errors.Add(new SpecError(metricTok.Column, metricTok.Text.Length, metricTok.Text.Length == 0
                ? $"the rule ends here: expected a metric, one of {string.Join(", ", KnownMetrics)}"
                : $"unknown metric '{metricTok.Text}': expected one of {string.Join(", ", KnownMetrics)}{FaultSpecParser.Suggest(metricTok.Text, KnownMetrics)}"));
        p++;
        Comparison? op = Next().Text switch
        {
            ">" => Comparison.Greater,
            ">=" => Comparison.GreaterOrEqual,
            "<" => Comparison.Less,
            "<=" => Comparison.LessOrEqual,
            "==" => Comparison.Equal,
            "!=" => Comparison.NotEqual,
            _ => null,
        };
        if (op is null) Expected("a comparison: >, >=, <, <=, == or !=");
        p++;
        var valueTok = Next();
        var threshold = ParseThreshold(valueTok.Text);
        if (threshold is null) Expected("a threshold, e.g. 500ms, 0.5s, 90%, 1000/s, 1k/s");
        p++;

        // [for DURATION]
        var holdFor = Duration.Zero;
        if (Next().Text == "for")
        {
            p++;
            if (SpecDuration.Parse(Next().Text) is { } d) holdFor = d;
            else Expected("a duration after 'for', e.g. 1m or 30s");
            p++;
        }

        // then ACTION, ...
        var actions = ImmutableArray.CreateBuilder<RunbookAction>();
        if (Next().Text == "then") p++;
        else Expected(p < t.Count && Next().Text is not ("for" or "then") && holdFor == Duration.Zero ? "'for DURATION' or 'then'" : "'then' and the actions");
        while (p < t.Count && Next().Text != "after")
        {
            var actionTok = Next();
            p++;
            var args = new List<Tok>();
            while (p < t.Count && Next().Text is not ("," or "after")) args.Add(t[p++]);
            if (ParseAction(actionTok, args, errors) is { } action) actions.Add(action);
            if (Next().Text == ",") p++;
        }
        if (actions.Count == 0 && errors.Count == 0) Expected($"an action: {string.Join(", ", ActionNames)}");

        // [after DURATION]
        var delay = Duration.Zero;
        if (Next().Text == "after")
        {
            p++;
            if (SpecDuration.Parse(Next().Text) is { } d) delay = d;
            else Expected("a duration after 'after', e.g. 2m");
            p++;
        }
        if (p < t.Count) Expected("the end of the rule");

        var sorted = errors.OrderBy(e => e.Column).ToImmutableArray();
        if (!sorted.IsEmpty || metric is null || op is null || threshold is null) return new(null, sorted);
        return new(new RunbookRule(name.Text, new RuleCondition(metric, op.Value, threshold.Value), holdFor, delay, actions.ToImmutable()), sorted);
    }

    private static RunbookAction? ParseAction(Tok action, List<Tok> args, ImmutableArray<SpecError>.Builder errors)
    {
        void Error(Tok at, string message) => errors.Add(new SpecError(at.Column, at.Text.Length, message));
        bool Count(int min, int max, string usage)
        {
            if (args.Count >= min && args.Count <= max) return true;
            Error(args.Count > max ? args[max] : action, $"{action.Text} takes {usage}");
            return false;
        }
        int? Int(Tok tok)
        {
            if (int.TryParse(tok.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0) return n;
            Error(tok, $"'{tok.Text}': expected a positive whole number");
            return null;
        }
        string? Name(Tok tok)
        {
            if (IsName(tok.Text)) return tok.Text.ToLowerInvariant();
            Error(tok, $"'{tok.Text}': expected a name, e.g. eu-west");
            return null;
        }

        switch (action.Text.ToLowerInvariant())
        {
            case "scale-origins":
                if (!Count(1, 2, "a replica count and optionally region=NAME, e.g. scale-origins 75 region=eu-west")) return null;
                var replicas = Int(args[0]);
                string? region = null;
                if (args.Count == 2)
                {
                    if (args[1].Text.StartsWith("region=", StringComparison.Ordinal) && IsName(args[1].Text[7..])) region = args[1].Text[7..].ToLowerInvariant();
                    else Error(args[1], $"'{args[1].Text}': expected region=NAME");
                }
                return replicas is { } r ? new ScaleOrigins(r, region) : null;
            case "activate-secondary-cdn":
                return Count(0, 0, "no arguments") ? new ActivateSecondaryCdn() : null;
            case "activate-all-cdns":
                return Count(0, 0, "no arguments") ? new ActivateAllCdns() : null;
            case "cap-quality":
                if (!Count(1, 1, "a rung, e.g. cap-quality 720p")) return null;
                return Name(args[0]) is { } rung ? new CapQuality(rung) : null;
            case "fail-over":
                if (!Count(3, 3, "FROM to TO, e.g. fail-over us-east to eu-west")) return null;
                if (args[1].Text != "to") Error(args[1], $"'{args[1].Text}': expected 'to'");
                var from = Name(args[0]);
                var to = Name(args[2]);
                return from is not null && to is not null && args[1].Text == "to" ? new FailOverRegion(from, to) : null;
            case "promote-replica":
                if (!Count(1, 1, "a region, e.g. promote-replica eu-west")) return null;
                return Name(args[0]) is { } reg ? new PromoteReplica(reg) : null;
            case "set-hpa-max":
                if (!Count(2, 2, "an HPA name and a count, e.g. set-hpa-max encoding-hpa 150")) return null;
                var hpa = Name(args[0]);
                var max = Int(args[1]);
                return hpa is not null && max is { } m ? new SetHpaMaxReplicas(hpa, m) : null;
            default:
                Error(action, $"unknown action '{action.Text}': expected one of {string.Join(", ", ActionNames)}{FaultSpecParser.Suggest(action.Text, ActionNames)}");
                return null;
        }
    }

    /// <summary>A threshold in base units: 500ms → 0.5, 90% → 0.9, 1k/s → 1000, 2.5M → 2.5e6.</summary>
    internal static double? ParseThreshold(string text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        var s = text.EndsWith("/s", StringComparison.Ordinal) ? text[..^2] : text;
        var i = 0;
        while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] is '.' or '-')) i++;
        if (i == 0 || !double.TryParse(s.AsSpan(0, i), NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v)) return null;
        double? factor = s[i..] switch
        {
            "" => 1,
            "ms" => 1e-3,
            "s" => 1,
            "m" or "min" => 60,
            "%" => 0.01,
            "k" => 1e3,
            "M" => 1e6,
            "B" => 1e9,
            _ => null,
        };
        return factor is { } f ? v * f : null;
    }

    private static bool IsName(string s) => s.Length > 0 && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
