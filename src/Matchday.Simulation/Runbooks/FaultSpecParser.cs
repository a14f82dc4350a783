using System.Collections.Immutable;
using System.Globalization;
using Matchday.Core.Units;

namespace Matchday.Simulation.Runbooks;

/// <summary>A problem in a spec: where (1-based column of the offending token), what is wrong, and what was expected.</summary>
public sealed record SpecError(int Column, int Length, string Message)
{
    /// <summary><c>col 23: unknown key 'regoin' for cdn-outage; expected ... (did you mean 'region'?)</c></summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"col {Column}: {Message}");
}

/// <summary>The outcome of parsing a spec: the value when there are no errors, and every error found.</summary>
public sealed record SpecParseResult<T>(T? Value, ImmutableArray<SpecError> Errors) where T : class
{
    /// <summary>Whether it parsed.</summary>
    public bool Ok => Errors.IsEmpty && Value is not null;
}

/// <summary>
/// Parses fault specs like <c>cdn-outage provider=akamai region=eu at=67m for=10m</c>. Never throws on bad input:
/// it returns every error with the column of the offending token and what was expected there.
/// </summary>
public static class FaultSpecParser
{
    private sealed record KindInfo(FaultKind Kind, string[] Required, string[] Optional);

    private static readonly KindInfo[] Kinds =
    [
        new(FaultKind.CdnOutage, ["provider", "at"], ["region", "for"]),
        new(FaultKind.OriginRegionLoss, ["region", "at"], ["for"]),
        new(FaultKind.EncoderFailure, ["at"], ["input", "for"]),
        new(FaultKind.CacheFailOpen, ["at"], ["provider", "region", "for"]),
        new(FaultKind.AuthDegradation, ["capacity", "at"], ["for"]),
        new(FaultKind.TrafficSurge, ["factor", "at"], ["region", "for"]),
    ];

    private static readonly string[] AllKeys = ["provider", "region", "input", "capacity", "factor", "at", "for"];

    private static string KindList => string.Join(", ", Kinds.Select(k => FaultSpec.KindName(k.Kind)));

    /// <summary>A token of the input and its 1-based column.</summary>
    internal readonly record struct Token(string Text, int Column);

    internal static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i])) i++;
            if (i > start) tokens.Add(new Token(text[start..i], start + 1));
        }
        return tokens;
    }

    /// <summary>Parses one fault spec.</summary>
    public static SpecParseResult<FaultSpec> Parse(string? text)
    {
        text ??= "";
        var errors = ImmutableArray.CreateBuilder<SpecError>();
        var tokens = Tokenize(text);
        if (tokens.Count == 0)
        {
            errors.Add(new SpecError(1, 0, $"empty fault spec: expected a kind ({KindList}) then key=value pairs, e.g. cdn-outage provider=akamai region=eu at=67m for=10m"));
            return new(null, errors.ToImmutable());
        }

        var kindToken = tokens[0];
        var info = Kinds.FirstOrDefault(k => string.Equals(FaultSpec.KindName(k.Kind), kindToken.Text, StringComparison.OrdinalIgnoreCase));
        if (info is null)
        {
            var hint = Suggest(kindToken.Text.ToLowerInvariant(), Kinds.Select(k => FaultSpec.KindName(k.Kind)));
            errors.Add(new SpecError(kindToken.Column, kindToken.Text.Length, $"unknown fault kind '{kindToken.Text}': expected one of {KindList}{hint}"));
        }

        var values = new Dictionary<string, Token>(StringComparer.Ordinal);
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
            var value = new Token(token.Text[(eq + 1)..], token.Column + eq + 1);
            var allowed = info is null ? AllKeys : [.. info.Required, .. info.Optional];
            if (!allowed.Contains(key))
            {
                var kindName = info is null ? "a fault" : FaultSpec.KindName(info.Kind);
                errors.Add(new SpecError(token.Column, eq, $"unknown key '{key}' for {kindName}: expected one of {string.Join(", ", allowed)}{Suggest(key, allowed)}"));
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
            values[key] = value;
        }

        if (info is not null)
        {
            foreach (var required in info.Required.Where(r => !present.Contains(r)))
            {
                var endColumn = text.TrimEnd().Length + 1;
                errors.Add(new SpecError(endColumn, 0, $"{FaultSpec.KindName(info.Kind)} needs {required}=: expected {ExpectedValue(required)}"));
            }
        }

        Duration at = default;
        Duration? duration = null;
        string? provider = null, region = null, input = null;
        Ratio? capacity = null;
        double? factor = null;
        foreach (var (key, value) in values)
        {
            switch (key)
            {
                case "at":
                    if (SpecDuration.Parse(value.Text) is { } a) at = a;
                    else errors.Add(BadValue(key, value));
                    break;
                case "for":
                    if (SpecDuration.Parse(value.Text) is { } f && f.Seconds > 0) duration = f;
                    else errors.Add(BadValue(key, value));
                    break;
                case "provider":
                case "region":
                case "input":
                    if (!IsName(value.Text)) errors.Add(BadValue(key, value));
                    else if (key == "provider") provider = value.Text.ToLowerInvariant();
                    else if (key == "region") region = value.Text.ToLowerInvariant();
                    else input = value.Text.ToLowerInvariant();
                    break;
                case "capacity":
                    if (value.Text.EndsWith('%') && double.TryParse(value.Text[..^1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var pct) && pct is >= 0 and <= 100)
                        capacity = Ratio.FromPercent(pct);
                    else errors.Add(BadValue(key, value));
                    break;
                case "factor":
                    var f2 = value.Text.EndsWith('x') ? value.Text[..^1] : value.Text;
                    if (double.TryParse(f2, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var x) && x > 0) factor = x;
                    else errors.Add(BadValue(key, value));
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
        }, sorted);
    }

    /// <summary>Parses several specs; errors are prefixed with the spec's index.</summary>
    public static (ImmutableArray<FaultSpec> Faults, ImmutableArray<string> Errors) ParseAll(IEnumerable<string> specs)
    {
        var faults = ImmutableArray.CreateBuilder<FaultSpec>();
        var errors = ImmutableArray.CreateBuilder<string>();
        var n = 0;
        foreach (var spec in specs)
        {
            n++;
            var r = Parse(spec);
            if (r.Ok) faults.Add(r.Value!);
            foreach (var e in r.Errors) errors.Add(string.Create(CultureInfo.InvariantCulture, $"fault {n} \"{spec}\" {e}"));
        }
        return (faults.ToImmutable(), errors.ToImmutable());
    }

    private static SpecError BadValue(string key, Token value) =>
        new(value.Column, value.Text.Length, $"bad {key} '{value.Text}': expected {ExpectedValue(key)}");

    private static string ExpectedValue(string key) => key switch
    {
        "at" => "a time into the match, e.g. 67m, 90s, 1h30m",
        "for" => "a positive duration, e.g. 10m, 45s",
        "provider" => "a CDN provider name, e.g. akamai",
        "region" => "a region name, e.g. eu",
        "input" => "an encoder input name or number, e.g. 3",
        "capacity" => "the capacity left as a percentage, e.g. 30%",
        "factor" => "a demand multiplier above 0, e.g. 1.5 or 2x",
        _ => "a value",
    };

    private static bool IsName(string s) => s.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    internal static string Suggest(string given, IEnumerable<string> options)
    {
        var list = options.ToList();
        var best = list.Select(o => (o, d: Levenshtein(given, o))).OrderBy(x => x.d).FirstOrDefault();
        if (best.o is not null && best.d <= 2 && best.d < given.Length) return $" (did you mean '{best.o}'?)";
        // A long shared prefix also suggests a slip: latency_p99 for latency_p95_seconds.
        var prefix = list.Select(o => (o, n: CommonPrefix(given, o))).OrderByDescending(x => x.n).FirstOrDefault();
        return prefix.o is not null && prefix.n >= 5 ? $" (did you mean '{prefix.o}'?)" : "";
    }

    private static int CommonPrefix(string a, string b)
    {
        var n = 0;
        while (n < a.Length && n < b.Length && a[n] == b[n]) n++;
        return n;
    }

    private static int Levenshtein(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
        }
        return d[a.Length, b.Length];
    }
}
