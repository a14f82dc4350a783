using System.Collections.Immutable;
using Matchday.Core.Auditing;
using Matchday.Core.Units;

namespace Matchday.Cli.Rendering;

/// <summary>
/// What <c>audit --format json</c> writes: the findings, each figure with its number in a base unit beside its text and
/// the place in the scenario file it comes from; and the checks the scenario could not feed.
/// </summary>
internal sealed record AuditOutput(string Scenario, ImmutableArray<AuditOutput.FindingDto> Findings, ImmutableArray<UncheckedRule> NotChecked)
{
    /// <summary>One finding as data.</summary>
    public sealed record FindingDto(string Rule, RuleGroup Group, Severity Severity, string Title, string Message, ImmutableArray<FigureDto> Figures, string Arithmetic);

    /// <summary>
    /// A figure: <c>value</c> in <c>unit</c> (the base units of docs/json.md), read back from the audit's text with the
    /// scenario grammar's quantity parsers; null when the text is not a quantity (a ratio such as "1,895x").
    /// </summary>
    public sealed record FigureDto(string Name, double? Value, string? Unit, string Text, string Source, string? At);

    public static FindingDto Of(Finding f) => new(f.Rule, f.Group, f.Severity, f.Title, f.Message, [.. f.Figures.Select(Figure)], f.Arithmetic);

    private static FigureDto Figure(Figure f)
    {
        var (value, unit) = Quantity(f.Value);
        return new FigureDto(f.Name, value, unit, f.Value, f.Source, f.At);
    }

    /// <summary>The number and base unit of a quantity written as the scenario grammar writes it (2,500 Gbps, $4.07B, 97.3%, 1.68B).</summary>
    public static (double? Value, string? Unit) Quantity(string text)
    {
        if (QuantityParser.Bitrate(text) is { Ok: true } b) return (b.Value.BitsPerSecond, "bit/s");
        // "1.68B" is a count (billions) as the grammar humanizes counts; "500 B", with its space, is bytes.
        if (!text.TrimEnd().EndsWith(" B", StringComparison.Ordinal) && QuantityParser.Count(text) is { Ok: true } n) return (n.Value, "count");
        if (QuantityParser.DataSize(text) is { Ok: true } d) return (d.Value.Bytes, "bytes");
        if (QuantityParser.Duration(text) is { Ok: true } t) return (t.Value.Seconds, "s");
        if (QuantityParser.Percent(text) is { Ok: true } p) return (p.Value.Value, "fraction");
        if (QuantityParser.Rate(text) is { Ok: true } r) return (r.Value.PerSecond, "1/s");
        if (QuantityParser.DataPrice(text) is { Ok: true } dp) return (dp.Value.PerGigabyte.Dollars, "USD/GB");
        if (QuantityParser.HourlyPrice(text) is { Ok: true } hp) return (hp.Value.PerHour.Dollars, "USD/h");
        if (QuantityParser.Money(text) is { Ok: true } m) return (m.Value.Dollars, "USD");
        return (null, null);
    }
}
