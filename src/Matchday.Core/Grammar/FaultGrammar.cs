using System.Collections.Immutable;
using System.Globalization;
using Matchday.Core.Scenarios;
using Matchday.Core.Text;
using Matchday.Core.Units;

namespace Matchday.Core.Grammar;

/// <summary>
/// The grammar of fault specs, used by the scenario file (<c>faults:</c>) and <c>--fault</c> alike:
/// <c>KIND key=value ...</c>, e.g. <c>cdn-outage provider=akamai region=eu at=67m for=10m</c>. Given the scenario's
/// names it also checks every provider, region, input and time against them. Never throws: it returns every error
/// with the column of the offending token and what was expected there.
/// </summary>
public static class FaultGrammar
{
    private sealed record KindInfo(FaultKind Kind, string[] Required, string[] Optional);

    private static readonly KindInfo[] Kinds =
    [
        new(FaultKind.CdnOutage, ["provider", "at"], ["region", "for"]),
        new(FaultKind.OriginRegionLoss, ["region", "at"], ["for"]),
        new(FaultKind.EncoderFailure, ["at"], ["input", "for"]),
        new(FaultKind.CacheFailOpen, ["at"], ["provider", "region", "for"]),
        new(FaultKind.AuthDegradation, ["capacity", "at"], ["for"]),
        new(FaultKind.TrafficSurge, ["factor", "at"], ["region", "rise", "for"]),
    ];

    private static readonly string[] AllKeys = ["provider", "region", "input", "capacity", "factor", "rise", "at", "for"];

    /// <summary>The largest surge factor a spec may give: ten times the audience is not a surge but another event.</summary>
    public const double MaxSurgeFactor = 10;

    /// <summary>The fault kinds as written, comma-separated.</summary>
    public static string KindList => string.Join(", ", Kinds.Select(k => FaultSpec.KindName(k.Kind)));

    /// <summary>The shape of a spec, for help texts.</summary>
    public const string Shape = "KIND key=value ..., e.g. cdn-outage provider=akamai region=eu at=67m for=10m";

    /// <summary>Parses one fault spec; with <paramref name="names"/>, checks its names and times against the scenario.</summary>
    public static SpecParseResult<FaultSpec> Parse(string? text, ScenarioNames? names = null)
    {
        text ??= "";
        var errors = ImmutableArray.CreateBuilder<SpecError>();
        var tokens = SpecTokens.Words(text);
        if (tokens.Count == 0)
        {
            errors.Add(new SpecError(1, 0, $"empty fault spec: expected a kind ({KindList}) then key=value pairs, e.g. cdn-outage provider=akamai region=eu at=67m for=10m"));
            return new(null, errors.ToImmutable());
        }

        var kindToken = tokens[0];
        var info = Kinds.FirstOrDefault(k => string.Equals(FaultSpec.KindName(k.Kind), kindToken.Text, StringComparison.OrdinalIgnoreCase));
        if (info is null)
        {
            var hint = Suggestions.Hint(kindToken.Text.ToLowerInvariant(), Kinds.Select(k => FaultSpec.KindName(k.Kind)));
            errors.Add(new SpecError(kindToken.Column, kindToken.Text.Length, $"unknown fault kind '{kindToken.Text}': expected one of {KindList}{hint}"));
        }

        var values = new List<(string Key, SpecToken Value)>();
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var token in tokens.Skip(1))
        {
            var eq = token.Text.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                errors.Add(new SpecError(token.Column, token.Text.Length, $"'{token.Text}' is not key=value: expected e.g. at=67m"));
                continue;
            }
            var key = token.Text[..eq].ToLowerInvariant();
            var value = new SpecToken(token.Text[(eq + 1)..], token.Column + eq + 1);
            var allowed = info is null ? AllKeys : [.. info.Required, .. info.Optional];
            if (!allowed.Contains(key))
            {
                var kindName = info is null ? "a fault" : FaultSpec.KindName(info.Kind);
                errors.Add(new SpecError(token.Column, eq, $"unknown key '{key}' for {kindName}: expected one of {string.Join(", ", allowed)}{Suggestions.Hint(key, allowed)}"));
                continue;
            }
            if (!present.Add(key))
            {
                errors.Add(new SpecError(token.Column, eq, $"'{key}' is given twice: expected each key once"));
                continue;
            }
            if (value.Text.Length == 0)
            {
                errors.Add(new SpecError(value.Column, 0, $"'{key}=' has no value: expected {ExpectedValue(key)}"));
                continue;
            }
            values.Add((key, value));
        }

        if (info is not null)
        {
            foreach (var required in info.Required.Where(r => !present.Contains(r)))
                errors.Add(new SpecError(text.TrimEnd().Length + 1, 0, $"{FaultSpec.KindName(info.Kind)} needs {required}=: expected {ExpectedValue(required)}"));
        }

        Duration at = default;
        Duration? duration = null, rise = null;
        string? provider = null, region = null;
        int? input = null;
        Ratio? capacity = null;
        double? factor = null;
        foreach (var (key, value) in values)
        {
            void Bad(string? why = null) => errors.Add(new SpecError(value.Column, value.Text.Length, why ?? $"bad {key} '{value.Text}': expected {ExpectedValue(key)}"));
            switch (key)
            {
                case "at":
                    if (QuantityParser.Duration(value.Text) is { Ok: true } a && a.Value.Seconds >= 0 && !value.Text.StartsWith('-'))
                    {
                        at = a.Value;
                        if (names is not null && at >= names.MatchLength)
                            Bad($"at={value.Text} is not before the end of {names.MatchDescription}: expected a time into the match");
                    }
                    else Bad();
                    break;
                case "for":
                    if (QuantityParser.Duration(value.Text) is { Ok: true } f && f.Value.Seconds > 0)
                    {
                        duration = f.Value;
                        if (names?.Tick is { } tick && f.Value < tick)
                            Bad($"for={value.Text} is shorter than the simulation's {tick.ToScenarioString()} tick: expected at least one tick");
                    }
                    else Bad();
                    break;
                case "rise":
                    if (QuantityParser.Duration(value.Text) is { Ok: true } ri && ri.Value.Seconds > 0 && ri.Value.Seconds <= 3600) rise = ri.Value;
                    else Bad();
                    break;
                case "provider":
                    provider = Name(value, errors, names?.Cdns, "CDN", names is null ? "" : string.Join(", ", names.Cdns));
                    break;
                case "region" when info?.Kind == FaultKind.OriginRegionLoss:
                    region = Name(value, errors, names?.OriginRegions, "origin region", names is null ? "" : string.Join(", ", names.OriginRegions));
                    break;
                case "region":
                    if (names is not null && SpecTokens.IsName(value.Text) && names.FindRegion(value.Text) < 0)
                        Bad($"unknown region '{value.Text}': expected one of {names.RegionList}{Suggestions.Hint(value.Text, names.RegionSpellings)}");
                    else region = Name(value, errors, null, "region", "");
                    break;
                case "input":
                    if (int.TryParse(value.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1)
                    {
                        if (names is not null && n > names.EncoderInputs) Bad($"input={n}: the scenario has {names.EncoderInputs} encoder input(s): expected 1 to {names.EncoderInputs}");
                        else input = n;
                    }
                    else Bad();
                    break;
                case "capacity":
                    if (QuantityParser.Percent(value.Text) is { Ok: true } pct && pct.Value.Value is >= 0 and <= 1) capacity = pct.Value;
                    else Bad();
                    break;
                case "factor":
                    var number = value.Text.EndsWith('x') ? value.Text[..^1] : value.Text;
                    if (QuantityParser.Number(number) is { Ok: true } x && x.Value > 0 && x.Value <= MaxSurgeFactor) factor = x.Value;
                    else Bad();
                    break;
            }
        }

        var sorted = errors.OrderBy(e => e.Column).ToImmutableArray();
        if (info is null || !sorted.IsEmpty) return new(null, sorted);
        return new(new FaultSpec(info.Kind, at, duration)
        {
            Provider = provider,
            Region = region,
            Input = input,
            Capacity = capacity,
            Factor = factor,
            Rise = rise,
        }, sorted);
    }

    /// <summary>A name value: lower-cased; with <paramref name="known"/>, one of them (case-insensitive).</summary>
    private static string? Name(SpecToken value, ImmutableArray<SpecError>.Builder errors, ImmutableArray<string>? known, string what, string list)
    {
        if (!SpecTokens.IsName(value.Text))
        {
            errors.Add(new SpecError(value.Column, value.Text.Length, $"bad {what} '{value.Text}': expected a name of letters, digits, '-', '_' or '.'"));
            return null;
        }
        if (known is { } k && ScenarioNames.IndexOf(k, value.Text) < 0)
        {
            errors.Add(new SpecError(value.Column, value.Text.Length, k.IsEmpty
                ? $"unknown {what} '{value.Text}': the scenario has none"
                : $"unknown {what} '{value.Text}': expected one of {list}{Suggestions.Hint(value.Text, k)}"));
            return null;
        }
        return value.Text.ToLowerInvariant();
    }

    private static string ExpectedValue(string key) => key switch
    {
        "at" => "a time into the match, e.g. 67m, 90s, 1h30m",
        "for" => "a positive duration, e.g. 10m, 45s",
        "provider" => "a CDN provider name, e.g. akamai",
        "region" => "a region name, e.g. eu",
        "input" => "an encoder input number from 1, e.g. 3",
        "capacity" => "the capacity left as a percentage, e.g. 30%",
        "rise" => "how fast the surge arrives: a positive duration up to 1h, e.g. 30s or 2m",
        "factor" => string.Create(CultureInfo.InvariantCulture, $"a demand multiplier above 0 and at most {MaxSurgeFactor}, e.g. 1.5 or 2x"),
        _ => "a value",
    };
}
