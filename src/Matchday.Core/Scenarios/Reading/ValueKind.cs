using System.Collections.Immutable;
using System.Globalization;
using Matchday.Core.Units;

namespace Matchday.Core.Scenarios.Reading;

/// <summary>
/// A kind of scalar a scenario field holds: how to parse it, how the JSON Schema describes it, and, for quantities,
/// its magnitude in the base unit (<see cref="Measure"/>) and how a magnitude is written back (<see cref="Format"/>),
/// so that a field's range is checked, documented and exemplified in the file's own notation.
/// </summary>
public sealed record ValueKind<T>(string Name, Func<string, Parsed<T>> Parse, string Pattern, string Example)
{
    /// <summary>The value's magnitude in the base unit (bit/s, bytes, seconds, dollars, a fraction, per second, a count).</summary>
    public Func<T, double>? Measure { get; init; }

    /// <summary>A magnitude in the base unit, written as a scenario file writes it (<c>24 h</c>, <c>100%</c>, <c>8.2B</c>).</summary>
    public Func<double, string>? Format { get; init; }

    /// <summary>Typical values of the kind, smallest first, from which a field's example is chosen within its range.</summary>
    public ImmutableArray<string> Candidates { get; init; } = [];

    /// <summary>Whether YAML may write the value as a plain number (counts and numbers).</summary>
    public bool YamlNumber { get; init; }

    /// <summary>Whether a plain number must be whole (counts: <c>1.68</c> viewers is refused, <c>1.68B</c> is not).</summary>
    public bool Whole { get; init; }

    /// <summary>The pattern with its sign part restricted, for a field whose range has no negative values.</summary>
    public string PatternFor(Bounds? bounds) =>
        bounds is { Min: >= 0 } ? Pattern.Replace(Kinds.SignedNumber, Kinds.UnsignedNumber, StringComparison.Ordinal) : Pattern;

    /// <summary>
    /// The example a field of this kind within <paramref name="bounds"/> shows: the candidate closest (by ratio) to the
    /// middle of the range, or the kind's own example when the field has no range.
    /// </summary>
    public string ExampleWithin(Bounds? bounds)
    {
        if (bounds is null || Measure is null || Candidates.IsDefaultOrEmpty) return Example;
        var inRange = Candidates.Where(c => Parse(c) is { Ok: true } p && bounds.Contains(Measure(p.Value))).ToList();
        if (inRange.Count == 0) return Format?.Invoke(bounds.Max) ?? Example;
        var low = bounds.Min > 0 ? bounds.Min : bounds.Max / 1e4;
        var middle = Math.Log(Math.Sqrt(low * bounds.Max));
        return inRange.MinBy(c => Math.Abs(Math.Log(Math.Max(Measure(Parse(c).Value), low)) - middle))!;
    }
}

/// <summary>
/// The plausible range of a numeric field, in its kind's base unit: values outside it are errors (typos such as an extra
/// "B", or figures no event has), documented in docs/scenario.md and carried by the JSON Schema.
/// </summary>
public sealed record Bounds(double Min, double Max, bool AboveMin = false, bool BelowMax = false)
{
    /// <summary>From <paramref name="min"/> to <paramref name="max"/>, both included.</summary>
    public static Bounds Between(double min, double max) => new(min, max);

    /// <summary>Above <paramref name="min"/> (excluded) and at most <paramref name="max"/>.</summary>
    public static Bounds Above(double min, double max) => new(min, max, AboveMin: true);

    public bool Contains(double x) =>
        !double.IsNaN(x) && (AboveMin ? x > Min : x >= Min) && (BelowMax ? x < Max : x <= Max);

    /// <summary>The range in words, in the kind's notation: <c>above 0 s and at most 24 h</c>.</summary>
    public string Describe(Func<double, string> format)
    {
        ArgumentNullException.ThrowIfNull(format);
        return (AboveMin, BelowMax) switch
        {
            (false, false) => $"between {format(Min)} and {format(Max)}",
            (true, false) => $"above {format(Min)} and at most {format(Max)}",
            (false, true) => $"at least {format(Min)} and below {format(Max)}",
            (true, true) => $"above {format(Min)} and below {format(Max)}",
        };
    }

    /// <summary>The range as the docs' table shows it: <c>&gt; 0 s, ≤ 24 h</c>.</summary>
    public string Short(Func<double, string> format) =>
        $"{(AboveMin ? "> " : "≥ ")}{format(Min)}, {(BelowMax ? "< " : "≤ ")}{format(Max)}";
}

/// <summary>The scalar kinds scenario files use, each with a unit.</summary>
public static class Kinds
{
    internal const string SignedNumber = "[+-]?";
    internal const string UnsignedNumber = "[+]?";
    private const string Num = SignedNumber + @"([0-9]{1,3}(,[0-9]{3})+|[0-9]+)(\.[0-9]+)?([eE][+-]?[0-9]+)?";
    private const string WholeNum = SignedNumber + @"([0-9]{1,3}(,[0-9]{3})+|[0-9]+)(\.0+)?([eE]\+?[0-9]+)?";
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>A count as a file writes it: <c>10,000</c>, <c>8.2B</c>, <c>1.5</c>.</summary>
    public static string CountText(double x)
    {
        var abs = Math.Abs(x);
        foreach (var (factor, suffix) in new[] { (1e12, "T"), (1e9, "B"), (1e6, "M") })
        {
            if (abs >= factor) return (x / factor).ToString("0.###", Inv) + suffix;
        }
        return x == Math.Floor(x) ? x.ToString("N0", Inv) : x.ToString("0.######", Inv);
    }

    private static string DollarText(double x) =>
        Math.Abs(x) >= 1e9 ? "$" + (x / 1e9).ToString("0.###", Inv) + "B"
        : Math.Abs(x) >= 1e6 ? "$" + (x / 1e6).ToString("0.###", Inv) + "M"
        : "$" + (x == Math.Floor(x) ? x.ToString("N0", Inv) : x.ToString("0.######", Inv));

    /// <summary>A rate per second as a file writes it: per second, or per minute or hour below one per second.</summary>
    private static string RateText(double perSecond) =>
        perSecond >= 1 || perSecond == 0 ? CountText(perSecond) + "/s"
        : perSecond * 60 >= 1 ? CountText(perSecond * 60) + "/min"
        : CountText(perSecond * 3600) + "/h";

    public static readonly ValueKind<string> Name = new("name", s => s.Length > 0 ? Parsed<string>.Success(s) : Parsed<string>.Fail("expected a non-empty name"), @"^\S.*$", "europe");

    public static readonly ValueKind<Bitrate> Bitrate = new("bitrate", QuantityParser.Bitrate,
        $@"^\s*{Num}\s*(bps|bit/s|[kK]bps|kbit/s|[mM]bps|Mbit/s|[gG]bps|Gbit/s|[tT]bps|Tbit/s|[pP]bps|Pbit/s)\s*$", "2.4 Mbps")
    {
        Measure = b => b.BitsPerSecond, Format = x => Units.Bitrate.FromBitsPerSecond(x).ToScenarioString(),
        Candidates = ["300 kbps", "800 kbps", "2.4 Mbps", "12 Mbps", "40 Mbps", "10 Gbps", "40 Gbps", "920 Gbps", "4.8 Tbps", "100 Tbps", "2.5 Pbps"],
    };

    public static readonly ValueKind<DataSize> DataSize = new("data size", QuantityParser.DataSize, $@"^\s*{Num}\s*(B|[kK]B|[MGTPE]B|[KMGT]iB|Mi|Gi)\s*$", "847 PB")
    {
        Measure = d => d.Bytes, Format = x => Units.DataSize.FromBytes(x).ToScenarioString(),
        Candidates = ["400 B", "1 KB", "64 KB", "1 MB", "1 GB", "25 TB", "1 PB", "847 PB", "10 EB"],
    };

    private static readonly string DurationUnit = "(" + string.Join('|', QuantityParser.DurationUnits.SelectMany(u => u.Spellings).OrderByDescending(u => u.Length)) + ")";

    public static readonly ValueKind<Duration> Duration = new("duration", QuantityParser.Duration,
        $@"^\s*{Num}\s*{DurationUnit}(\s*([0-9]{{1,3}}(,[0-9]{{3}})+|[0-9]+)(\.[0-9]+)?\s*{DurationUnit})*\s*$", "6 s")
    {
        Measure = d => d.Seconds, Format = x => x == 0 ? "0 s" : Units.Duration.FromSeconds(x).ToScenarioString(),
        Candidates = ["150 ms", "500 ms", "2 s", "6 s", "30 s", "2 min", "10 min", "45 min", "2.5 h", "24 h", "29 d", "365 d"],
    };

    public static readonly ValueKind<double> Count = new("count", QuantityParser.WholeCount, $@"^\s*({Num}\s*[kKMBGT]|{WholeNum})\s*$", "1.68B")
    {
        Measure = x => x, Format = CountText, YamlNumber = true, Whole = true,
        Candidates = ["1", "2", "3", "5", "12", "50", "200", "1,000", "4,000", "60k", "60M", "350M", "1.68B"],
    };

    public static readonly ValueKind<Ratio> Percent = new("percentage", QuantityParser.Percent, $@"^\s*{Num}\s*%\s*$", "35%")
    {
        Measure = r => r.Value, Format = x => Humanize.Percent(x),
        Candidates = ["0.5%", "2%", "25%", "35%", "70%", "97.3%", "99.95%", "150%"],
    };

    public static readonly ValueKind<Rate> Rate = new("rate", QuantityParser.Rate,
        $@"^\s*{Num}\s*[kKMBGT]?\s*/\s*(s|sec|second|min|minute|h|hr|hour|d|day)\s*$", "1000/s")
    {
        Measure = r => r.PerSecond, Format = RateText,
        Candidates = ["0.05/min", "1/s", "1000/s", "20k/s", "200k/s", "2.8M/s"],
    };

    public static readonly ValueKind<Money> Money = new("money", QuantityParser.Money, $@"^\s*\$\s*{Num}\s*[kKMB]?\s*$", "$12.8M")
    {
        Measure = m => m.Dollars, Format = DollarText,
        Candidates = ["$0.003", "$1", "$1,350", "$12.8M", "$1B"],
    };

    public static readonly ValueKind<DataPrice> DataPrice = new("price per data", QuantityParser.DataPrice, $@"^\s*\$\s*{Num}\s*/\s*(MB|GB|TB|PB)\s*$", "$0.085/GB")
    {
        Measure = p => p.PerGigabyte.Dollars, Format = x => DollarText(x) + "/GB",
        Candidates = ["$0.01/GB", "$0.02/GB", "$0.085/GB", "$0.50/GB"],
    };

    public static readonly ValueKind<HourlyPrice> HourlyPrice = new("price per hour", QuantityParser.HourlyPrice, $@"^\s*\$\s*{Num}\s*/\s*(h|hr|hour|d|day|month)\s*$", "$1.35/h")
    {
        Measure = p => p.PerHour.Dollars, Format = x => DollarText(x) + "/h",
        Candidates = ["$0.0225/h", "$0.096/h", "$1.35/h", "$30/h"],
    };

    public static readonly ValueKind<StoragePrice> StoragePrice = new("storage price", QuantityParser.StoragePrice, $@"^\s*\$\s*{Num}\s*/\s*(GB|TB)-month\s*$", "$0.023/GB-month")
    {
        Measure = p => p.PerGigabyteMonth.Dollars, Format = x => DollarText(x) + "/GB-month",
        Candidates = ["$0.0036/GB-month", "$0.023/GB-month", "$0.10/GB-month"],
    };

    public static readonly ValueKind<BitratePrice> BitratePrice = new("committed-rate price", QuantityParser.BitratePrice, $@"^\s*\$\s*{Num}\s*/\s*(Mbps|Gbps)-month\s*$", "$0.50/Mbps-month")
    {
        Measure = p => p.PerMegabitMonth.Dollars, Format = x => DollarText(x) + "/Mbps-month",
        Candidates = ["$0.10/Mbps-month", "$0.50/Mbps-month", "$2/Mbps-month"],
    };

    public static readonly ValueKind<double> Number = new("number", QuantityParser.Number, $@"^\s*{Num}\s*$", "1.5")
    {
        Measure = x => x, Format = x => Math.Abs(x) >= 1e6 ? x.ToString("0.###e0", Inv) : CountText(x), YamlNumber = true,
        Candidates = ["1", "1.5", "3", "32", "1000"],
    };

    /// <summary>A calendar date, <c>YYYY-MM-DD</c> (ISO 8601).</summary>
    public static readonly ValueKind<DateOnly> Date = new("date", ParseDate, @"^\s*[0-9]{4}-[0-9]{2}-[0-9]{2}\s*$", "2022-11-20")
    {
        Measure = d => d.DayNumber, Format = x => DateOnly.FromDayNumber((int)x).ToString("yyyy-MM-dd", Inv),
        Candidates = ["2022-11-20"],
    };

    private static Parsed<DateOnly> ParseDate(string text) =>
        QuantityParser.Unreadable(text) is { } bad ? Parsed<DateOnly>.Fail(bad)
        : DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", Inv, DateTimeStyles.None, out var d) ? Parsed<DateOnly>.Success(d)
        : Parsed<DateOnly>.Fail($"expected a date, e.g. 2022-11-20 (year-month-day), not '{text.Trim()}'");
}
