using System.Collections.Immutable;
using Matchday.Core.Scenarios;
using Matchday.Core.Text;
using Matchday.Core.Units;

namespace Matchday.Core.Grammar;

/// <summary>
/// The grammar of runbook rules, one for the scenario file and <c>--rule</c>: a condition
/// <c>METRIC OP THRESHOLD</c> (<c>latency_p95 &gt; 500 ms</c>; the threshold in the metric's unit), actions
/// (<c>scale-origins 75</c>, <c>fail-over us-east eu-west</c>, ...), and the one-line rule
/// <c>NAME: CONDITION [for DURATION] then ACTION[, ACTION...] [after DURATION]</c> that puts them together. The file
/// writes the same parts as fields (<c>when</c>, <c>for</c>, <c>delay</c>, <c>actions</c>). Given the scenario's names
/// it checks rungs, origin regions and autoscalers against them. Never throws; returns every error with its column.
/// </summary>
public static class RuleGrammar
{
    /// <summary>The one-line shape, for messages and help.</summary>
    public const string Shape = "NAME: METRIC OP VALUE [for DURATION] then ACTION[, ACTION...] [after DURATION]";

    /// <summary>The largest replica count an action may set: a documented limit, far above any real deployment.</summary>
    public const int MaxReplicas = 1_000_000;

    private static string MetricList => string.Join(", ", RunbookMetrics.All.Select(RunbookMetrics.Name));

    private static string ActionList => string.Join(", ", Enum.GetValues<ActionKind>().Select(RunbookAction.Word));

    /// <summary>Parses a one-line rule.</summary>
    public static SpecParseResult<RunbookRule> ParseRule(string? text, ScenarioNames? names = null)
    {
        text ??= "";
        if (SpecTokens.TooLong(text) is { } tooLong) return new(null, [tooLong]);
        var errors = ImmutableArray.CreateBuilder<SpecError>();
        var t = SpecTokens.Rule(text);
        var end = text.TrimEnd().Length + 1;
        var p = 0;
        SpecToken Next() => p < t.Count ? t[p] : new SpecToken("", end);
        void Expected(string what)
        {
            var tok = Next();
            errors.Add(new SpecError(tok.Column, tok.Text.Length, tok.Text.Length == 0 ? $"the rule ends here: expected {what}" : $"'{tok.Text}': expected {what}"));
        }

        if (t.Count == 0)
        {
            errors.Add(new SpecError(1, 0, $"empty rule: expected {Shape}"));
            return new(null, errors.ToImmutable());
        }

        // NAME ':'
        var name = Next();
        if (!SpecTokens.IsName(name.Text)) Expected("a rule name, e.g. high-latency");
        p++;
        if (Next().Text == ":") p++;
        else Expected($"':' after the rule name ({Shape})");

        // METRIC OP VALUE (the value may be several tokens: 500 ms)
        var conditionStart = p;
        while (p < t.Count && t[p].Text is not ("for" or "then")) p++;
        var condition = Condition(t.GetRange(conditionStart, p - conditionStart), Next(), errors);

        // [for DURATION]
        var holdFor = Duration.Zero;
        if (Next().Text == "for")
        {
            var at = Next();
            p++;
            var start = p;
            while (p < t.Count && t[p].Text != "then") p++;
            holdFor = DurationOf(t.GetRange(start, p - start), at, "after 'for'", errors) ?? Duration.Zero;
        }

        // then ACTION, ...
        var actions = ImmutableArray.CreateBuilder<RunbookAction>();
        if (Next().Text == "then") p++;
        else Expected("'then' and the actions");
        while (p < t.Count && t[p].Text != "after")
        {
            var start = p;
            while (p < t.Count && t[p].Text is not ("," or "after")) p++;
            if (p > start && Action(t.GetRange(start, p - start), names, errors) is { } action) actions.Add(action);
            else if (p == start) Expected($"an action: {ActionList}");
            if (Next().Text == ",")
            {
                p++;
                if (p >= t.Count || t[p].Text == "after") Expected($"an action after ',': {ActionList}");
            }
        }
        if (actions.Count == 0 && errors.Count == 0) Expected($"an action: {ActionList}");

        // [after DURATION]
        var delay = Duration.Zero;
        if (Next().Text == "after")
        {
            var at = Next();
            p++;
            delay = DurationOf(t.GetRange(p, t.Count - p), at, "after 'after'", errors) ?? Duration.Zero;
            p = t.Count;
        }

        var sorted = errors.OrderBy(e => e.Column).ToImmutableArray();
        if (!sorted.IsEmpty || condition is null) return new(null, sorted);
        return new(new RunbookRule(name.Text, condition, holdFor, delay, actions.ToImmutable()), sorted);
    }

    /// <summary>Parses a condition, as the file's <c>when:</c> writes it: <c>latency_p95 &gt; 500 ms</c>.</summary>
    public static SpecParseResult<RuleCondition> ParseCondition(string? text)
    {
        text ??= "";
        if (SpecTokens.TooLong(text) is { } tooLong) return new(null, [tooLong]);
        var errors = ImmutableArray.CreateBuilder<SpecError>();
        var c = Condition(SpecTokens.Rule(text), new SpecToken("", text.TrimEnd().Length + 1), errors);
        return new(errors.Count == 0 ? c : null, errors.ToImmutable());
    }

    /// <summary>Parses one action, as the file's <c>actions:</c> list writes it: <c>scale-origins 75</c>.</summary>
    public static SpecParseResult<RunbookAction> ParseAction(string? text, ScenarioNames? names = null)
    {
        text ??= "";
        if (SpecTokens.TooLong(text) is { } tooLong) return new(null, [tooLong]);
        var errors = ImmutableArray.CreateBuilder<SpecError>();
        var tokens = SpecTokens.Rule(text);
        RunbookAction? action = null;
        if (tokens.Count == 0) errors.Add(new SpecError(1, 0, $"empty action: expected one of {ActionList}"));
        else if (tokens.FindIndex(x => x.Text == ",") is var comma and >= 0) errors.Add(new SpecError(tokens[comma].Column, 1, "one action per list item: expected no ','"));
        else action = Action(tokens, names, errors);
        return new(errors.Count == 0 ? action : null, errors.ToImmutable());
    }

    /// <summary>Parses a duration given on its own (the file's <c>for:</c> and <c>delay:</c>): a duration, not negative.</summary>
    private static Duration? DurationOf(List<SpecToken> tokens, SpecToken before, string where, ImmutableArray<SpecError>.Builder errors)
    {
        if (tokens.Count == 0)
        {
            errors.Add(new SpecError(before.End, 0, $"expected a duration {where}, e.g. 1m or 30 s"));
            return null;
        }
        var text = Join(tokens);
        if (QuantityParser.Duration(text) is { Ok: true } d && !double.IsNegative(d.Value.Seconds)) return d.Value;
        errors.Add(new SpecError(tokens[0].Column, tokens[^1].End - tokens[0].Column, $"'{text}': expected a duration {where}, e.g. 1m or 30 s"));
        return null;
    }

    private static string Join(List<SpecToken> tokens) => string.Join(' ', tokens.Select(x => x.Text));

    private static RuleCondition? Condition(List<SpecToken> t, SpecToken after, ImmutableArray<SpecError>.Builder errors)
    {
        SpecToken At(int i) => i < t.Count ? t[i] : after;
        void Error(SpecToken tok, string message) => errors.Add(new SpecError(tok.Column, tok.Text.Length, message));

        var metricTok = At(0);
        var metric = RunbookMetrics.Find(metricTok.Text);
        if (metric is null)
        {
            var known = RunbookMetrics.All.SelectMany(m => new[] { RunbookMetrics.Name(m), RunbookMetrics.LongName(m) }).Distinct();
            Error(metricTok, metricTok.Text.Length == 0
                ? $"the condition ends here: expected a metric, one of {MetricList}"
                : $"unknown metric '{metricTok.Text}': expected one of {MetricList}{Suggestions.Hint(metricTok.Text, known)}");
            return null;
        }
        var opTok = At(1);
        var op = RunbookMetrics.ParseOperator(opTok.Text);
        if (op is null)
        {
            Error(opTok, opTok.Text.Length == 0 ? "the condition ends here: expected a comparison: >, >=, <, <=, == or !=" : $"'{opTok.Text}': expected a comparison: >, >=, <, <=, == or !=");
            return null;
        }
        var kind = RunbookMetrics.KindOf(metric.Value);
        var name = RunbookMetrics.Name(metric.Value);
        if (t.Count < 3)
        {
            Error(after, $"the condition ends here: expected a threshold for {name}, a {Words.Of(kind)}, e.g. {RunbookMetrics.Example(kind)}");
            return null;
        }
        var valueTokens = t.GetRange(2, t.Count - 2);
        var text = Join(valueTokens);
        var threshold = Threshold(kind, text, out var problem);
        if (threshold is null)
        {
            errors.Add(new SpecError(valueTokens[0].Column, valueTokens[^1].End - valueTokens[0].Column,
                $"'{text}': {name} takes a {Words.Of(kind)} threshold, e.g. {RunbookMetrics.Example(kind)}{problem}"));
            return null;
        }
        return new RuleCondition(metric.Value, op.Value, threshold.Value);
    }

    /// <summary>A threshold of <paramref name="kind"/> in base units, or null (with why, when the number is out of range).</summary>
    private static double? Threshold(QuantityKind kind, string text, out string problem)
    {
        problem = "";
        switch (kind)
        {
            case QuantityKind.Duration:
                if (QuantityParser.Duration(text) is not { Ok: true } d) return null;
                if (d.Value.Seconds < 0) { problem = " (not negative)"; return null; }
                // Thresholds that no night can reach are typos (1e300 once went into the alert rules as written).
                if (d.Value.Seconds > 3600) { problem = " (at most 1 h)"; return null; }
                return d.Value.Seconds;
            case QuantityKind.Rate:
                if (QuantityParser.Rate(text) is not { Ok: true } r) return null;
                if (r.Value.PerSecond < 0) { problem = " (not negative)"; return null; }
                if (r.Value.PerSecond > 10e9) { problem = " (at most 10B/s, more than the world's population)"; return null; }
                return r.Value.PerSecond;
            case QuantityKind.Count:
                if (QuantityParser.Count(text) is not { Ok: true } c) return null;
                if (c.Value < 0 || c.Value != Math.Floor(c.Value)) { problem = " (a whole number, not negative)"; return null; }
                if (c.Value > 10_000) { problem = " (at most 10,000)"; return null; }
                return c.Value;
            case QuantityKind.Percent:
                if (QuantityParser.Percent(text) is not { Ok: true } p) return null;
                if (p.Value.Value is < 0 or > 1) { problem = " (between 0% and 100%)"; return null; }
                return p.Value.Value;
            default:
                return null;
        }
    }

    /// <summary>An action, with an optional <c>for DURATION</c> after it: how long the limit it sets lasts.</summary>
    private static RunbookAction? Action(List<SpecToken> tokens, ScenarioNames? names, ImmutableArray<SpecError>.Builder errors)
    {
        var forAt = tokens.FindIndex(1, t => t.Text == "for");
        if (forAt < 0) return Bare(tokens, names, errors);
        var lasts = DurationOf(tokens.GetRange(forAt + 1, tokens.Count - forAt - 1), tokens[forAt], "after the action's 'for'", errors);
        var bare = Bare(tokens.GetRange(0, forAt), names, errors);
        if (bare is null || lasts is null) return null;
        if (lasts.Value <= Duration.Zero)
        {
            errors.Add(new SpecError(tokens[forAt].Column, tokens[^1].End - tokens[forAt].Column, "an action's 'for' must be a positive duration, e.g. for 10 min"));
            return null;
        }
        if (!RunbookAction.Reverts(bare.Kind))
        {
            errors.Add(new SpecError(tokens[forAt].Column, tokens[^1].End - tokens[forAt].Column, $"{RunbookAction.Word(bare.Kind)} changes no limit that could end: it takes no 'for'"));
            return null;
        }
        return bare with { Lasts = lasts };
    }

    private static RunbookAction? Bare(List<SpecToken> tokens, ScenarioNames? names, ImmutableArray<SpecError>.Builder errors)
    {
        var action = tokens[0];
        var args = tokens.GetRange(1, tokens.Count - 1);
        void Error(SpecToken at, string message) => errors.Add(new SpecError(at.Column, at.Text.Length, message));
        bool Count(int min, int max, ActionKind kind)
        {
            if (args.Count >= min && args.Count <= max) return true;
            Error(args.Count > max ? args[max] : action, $"{action.Text} takes {RunbookAction.Usage(kind)}");
            return false;
        }
        int? Replicas(SpecToken tok)
        {
            if (QuantityParser.Count(tok.Text) is { Ok: true } n && n.Value >= 1 && n.Value == Math.Floor(n.Value) && n.Value <= MaxReplicas) return (int)n.Value;
            Error(tok, $"'{tok.Text}': expected a whole number of replicas from 1 to {MaxReplicas:N0}");
            return null;
        }
        string? Named(SpecToken tok, ImmutableArray<string>? known, string what)
        {
            if (!SpecTokens.IsName(tok.Text))
            {
                Error(tok, $"'{tok.Text}': expected {what} name, e.g. eu-west");
                return null;
            }
            if (known is { } k && ScenarioNames.IndexOf(k, tok.Text) < 0)
            {
                Error(tok, k.IsEmpty ? $"unknown {what} '{tok.Text}': the scenario has none" : $"unknown {what} '{tok.Text}': expected one of {string.Join(", ", k)}{Suggestions.Hint(tok.Text, k)}");
                return null;
            }
            return tok.Text.ToLowerInvariant();
        }

        var kind = Enum.GetValues<ActionKind>().Cast<ActionKind?>().FirstOrDefault(k => string.Equals(RunbookAction.Word(k!.Value), action.Text, StringComparison.OrdinalIgnoreCase));
        if (kind is null)
        {
            Error(action, $"unknown action '{action.Text}': expected one of {ActionList}{Suggestions.Hint(action.Text, Enum.GetValues<ActionKind>().Select(RunbookAction.Word))}");
            return null;
        }
        var origins = names?.OriginRegions;
        switch (kind.Value)
        {
            case ActionKind.ScaleOrigins:
                {
                    if (!Count(1, 2, kind.Value)) return null;
                    var replicas = Replicas(args[0]);
                    string? region = null;
                    if (args.Count == 2)
                    {
                        var r = args[1];
                        if (r.Text.StartsWith("region=", StringComparison.Ordinal)) r = new SpecToken(r.Text[7..], r.Column + 7);
                        region = Named(r, origins, "origin region");
                        if (region is null) return null;
                    }
                    return replicas is { } n ? new ScaleOrigins(n, region) : null;
                }
            case ActionKind.ActivateSecondaryCdn:
                return Count(0, 0, kind.Value) ? new ActivateSecondaryCdn() : null;
            case ActionKind.ActivateAllCdns:
                return Count(0, 0, kind.Value) ? new ActivateAllCdns() : null;
            case ActionKind.CapQuality:
                if (!Count(1, 1, kind.Value)) return null;
                return Named(args[0], names?.Rungs, "rung") is { } rung ? new CapQuality(rung) : null;
            case ActionKind.FailOver:
                {
                    if (!Count(2, 3, kind.Value)) return null;
                    if (args.Count == 3 && args[1].Text != "to")
                    {
                        Error(args[1], $"'{args[1].Text}': expected 'to' ({RunbookAction.Usage(kind.Value)})");
                        return null;
                    }
                    var from = Named(args[0], origins, "origin region");
                    var to = Named(args[^1], origins, "origin region");
                    if (from is null || to is null) return null;
                    if (from == to)
                    {
                        Error(args[^1], $"fail-over from {from} to itself: expected another origin region");
                        return null;
                    }
                    return new FailOverRegion(from, to);
                }
            case ActionKind.PromoteReplica:
                if (!Count(1, 1, kind.Value)) return null;
                return Named(args[0], origins, "origin region") is { } reg ? new PromoteReplica(reg) : null;
            case ActionKind.SetHpaMax:
                {
                    if (!Count(2, 2, kind.Value)) return null;
                    var hpa = Named(args[0], names?.Autoscalers.Select(a => a.Name).ToImmutableArray(), "autoscaler");
                    var max = Replicas(args[1]);
                    if (hpa is null || max is not { } m) return null;
                    // Kubernetes refuses an HPA whose maxReplicas is below its minReplicas; so does the scenario's own autoscaling section.
                    if (names?.Autoscalers.FirstOrDefault(a => string.Equals(a.Name, hpa, StringComparison.OrdinalIgnoreCase)) is { Name: not null } scaler && m < scaler.MinReplicas)
                    {
                        Error(args[1], $"set-hpa-max {hpa} {m}: below the autoscaler's min_replicas ({scaler.MinReplicas}); its maximum must be at least its minimum");
                        return null;
                    }
                    return new SetHpaMaxReplicas(hpa, m);
                }
            default:
                return null;
        }
    }
}
