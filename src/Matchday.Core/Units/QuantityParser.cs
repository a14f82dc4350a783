using System.Globalization;
using System.Text.RegularExpressions;

namespace Matchday.Core.Units;

/// <summary>The outcome of parsing one quantity: a value, or a message that says what was expected.</summary>
public readonly record struct Parsed<T>(T Value, string? Error)
{
    public bool Ok => Error is null;
    public static Parsed<T> Fail(string error) => new(default!, error);
    public static Parsed<T> Success(T value) => new(value, null);
}

/// <summary>
/// Parses quantities written with explicit units, as scenario files write them:
/// <c>2.4 Mbps</c>, <c>847 PB</c>, <c>6 s</c>, <c>$12.8M</c>, <c>$0.085/GB</c>, <c>97.3%</c>, <c>1.68B</c>.
/// </summary>
public static partial class QuantityParser
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    // ASCII digits only: \d would also match digits of other scripts (Arabic-Indic, Devanagari, ...), which double.Parse refuses.
    [GeneratedRegex(@"^\s*(?<dollar>\$)?\s*(?<num>[+-]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?|[+-]?\.[0-9]+)(?:[eE](?<exp>[+-]?[0-9]{1,3}))?\s*(?<rest>.*?)\s*$")]
    private static partial Regex NumberThenRest();

    private readonly record struct Split(bool Dollar, double Number, string Rest);

    private static Split? SplitNumber(string text)
    {
        var m = NumberThenRest().Match(text);
        if (!m.Success) return null;
        if (!double.TryParse(m.Groups["num"].Value.Replace(",", "", StringComparison.Ordinal), NumberStyles.Float, Inv, out var num)) return null;
        if (m.Groups["exp"].Success) num *= Math.Pow(10, int.Parse(m.Groups["exp"].Value, NumberStyles.AllowLeadingSign, Inv));
        if (!double.IsFinite(num)) return null;
        return new Split(m.Groups["dollar"].Success, num, m.Groups["rest"].Value);
    }

    /// <summary>
    /// What no quantity may be, whatever its kind: digits of another script (<c>٥٠</c>), or a number that is not finite
    /// (<c>NaN</c>, <c>Infinity</c>, <c>.inf</c>, <c>1e999</c>). Null when the text is neither.
    /// </summary>
    public static string? Unreadable(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var c in text)
        {
            if (char.IsDigit(c) && !char.IsAsciiDigit(c))
                return $"'{text.Trim()}' has the digit '{c}' (U+{(int)c:X4}): write numbers with the digits 0-9";
        }
        var t = text.Trim().TrimStart('$', '+', '-', '.').ToLowerInvariant();
        if (t.StartsWith("nan", StringComparison.Ordinal) || t.StartsWith("inf", StringComparison.Ordinal) || t.StartsWith('∞'))
            return $"'{text.Trim()}' is not a finite number";
        return null;
    }

    private static Parsed<T> Finite<T>(double raw, T value, string what) =>
        double.IsFinite(raw) ? Parsed<T>.Success(value) : Parsed<T>.Fail($"'{what.Trim()}' is too large to be a number");

    /// <summary>A bitrate: <c>bps</c>, <c>kbps</c>, <c>Mbps</c>, <c>Gbps</c>, <c>Tbps</c>, <c>Pbps</c>.</summary>
    public static Parsed<Bitrate> Bitrate(string text)
    {
        const string expected = "a bitrate with its unit, e.g. 2.4 Mbps or 40 Gbps";
        if (Unreadable(text) is { } unreadable) return Parsed<Bitrate>.Fail(unreadable);
        if (SplitNumber(text) is not { Dollar: false } s) return Parsed<Bitrate>.Fail($"expected {expected}");
        double? factor = s.Rest switch
        {
            "bps" or "bit/s" => 1,
            "kbps" or "Kbps" or "kbit/s" => 1e3,
            "Mbps" or "mbps" or "Mbit/s" => 1e6,
            "Gbps" or "gbps" or "Gbit/s" => 1e9,
            "Tbps" or "tbps" or "Tbit/s" => 1e12,
            "Pbps" or "pbps" or "Pbit/s" => 1e15,
            _ => null,
        };
        if (factor is null)
        {
            if (s.Rest.Length == 0) return Parsed<Bitrate>.Fail($"'{text.Trim()}' has no unit: expected {expected}");
            if (s.Rest is "KB" or "kB" or "MB" or "GB" or "TB" or "PB" or "MB/s" or "GB/s" or "MBps" or "GBps")
                return Parsed<Bitrate>.Fail($"'{text.Trim()}' is bytes, not bits per second: expected {expected} (1 MB/s = 8 Mbps)");
            return Parsed<Bitrate>.Fail($"unknown bitrate unit '{s.Rest}': expected {expected}");
        }
        var bps = s.Number * factor.Value;
        return Finite(bps, Units.Bitrate.FromBitsPerSecond(bps), text);
    }

    /// <summary>A data size: <c>B</c>, <c>KB</c>, <c>MB</c>, <c>GB</c>, <c>TB</c>, <c>PB</c>, <c>EB</c>, and <c>KiB</c>...<c>TiB</c>.</summary>
    public static Parsed<DataSize> DataSize(string text)
    {
        const string expected = "a data size with its unit, e.g. 2 GiB, 450 MB or 847 PB";
        if (Unreadable(text) is { } unreadable) return Parsed<DataSize>.Fail(unreadable);
        if (SplitNumber(text) is not { Dollar: false } s) return Parsed<DataSize>.Fail($"expected {expected}");
        double? factor = s.Rest switch
        {
            "B" => 1,
            "KB" or "kB" => 1e3,
            "MB" => 1e6,
            "GB" => 1e9,
            "TB" => 1e12,
            "PB" => 1e15,
            "EB" => 1e18,
            "KiB" => 1024,
            "MiB" => 1024d * 1024,
            "GiB" => 1024d * 1024 * 1024,
            "TiB" => 1024d * 1024 * 1024 * 1024,
            "Gi" => 1024d * 1024 * 1024,
            "Mi" => 1024d * 1024,
            _ => null,
        };
        if (factor is null)
        {
            if (s.Rest.Length == 0) return Parsed<DataSize>.Fail($"'{text.Trim()}' has no unit: expected {expected}");
            if (s.Rest.EndsWith("bps", StringComparison.Ordinal))
                return Parsed<DataSize>.Fail($"'{text.Trim()}' is a bitrate, not a data size: expected {expected}");
            return Parsed<DataSize>.Fail($"unknown data-size unit '{s.Rest}': expected {expected}");
        }
        var bytes = s.Number * factor.Value;
        return Finite(bytes, Units.DataSize.FromBytes(bytes), text);
    }

    /// <summary>
    /// The duration units, with every spelling the grammar accepts: the scenario file, fault specs (<c>at=67m</c>),
    /// runbook rules and command-line options all read durations through <see cref="Duration(string)"/>.
    /// </summary>
    public static readonly IReadOnlyList<(string[] Spellings, double Seconds)> DurationUnits =
    [
        (["ms"], 1e-3),
        (["s", "sec", "secs", "second", "seconds"], 1),
        (["m", "min", "mins", "minute", "minutes"], 60),
        (["h", "hr", "hrs", "hour", "hours"], 3600),
        (["d", "day", "days"], 86400),
    ];

    private static double? DurationUnit(string unit)
    {
        foreach (var (spellings, seconds) in DurationUnits)
        {
            if (spellings.Contains(unit, StringComparer.Ordinal)) return seconds;
        }
        return null;
    }

    /// <summary>
    /// A duration: a number and a unit (<c>150 ms</c>, <c>6 s</c>, <c>67m</c>, <c>45 min</c>, <c>2.5 h</c>, <c>29 d</c>),
    /// or several in a row, largest first (<c>1h30m</c>, <c>1 h 30 min</c>).
    /// </summary>
    public static Parsed<Duration> Duration(string text)
    {
        const string expected = "a duration with its unit, e.g. 150 ms, 6 s, 67m, 45 min, 1h30m, 2.5 h or 29 d";
        if (Unreadable(text) is { } unreadable) return Parsed<Duration>.Fail(unreadable);
        if (SplitNumber(text) is not { Dollar: false } s) return Parsed<Duration>.Fail($"expected {expected}");
        var seconds = 0.0;
        var previous = double.PositiveInfinity;
        while (true)
        {
            var unitLength = 0;
            while (unitLength < s.Rest.Length && char.IsAsciiLetter(s.Rest[unitLength])) unitLength++;
            var unit = s.Rest[..unitLength];
            var rest = s.Rest[unitLength..].Trim();
            if (unit.Length == 0)
            {
                return s.Rest.Length == 0
                    ? Parsed<Duration>.Fail($"'{text.Trim()}' has no unit: expected {expected}")
                    : Parsed<Duration>.Fail($"unknown duration unit '{s.Rest}': expected {expected}");
            }
            if (DurationUnit(unit) is not { } factor) return Parsed<Duration>.Fail($"unknown duration unit '{unit}': expected {expected}");
            if (factor >= previous) return Parsed<Duration>.Fail($"'{text.Trim()}': write the parts of a duration largest first, each unit once, e.g. 1h30m");
            previous = factor;
            seconds += s.Number * factor;
            if (rest.Length == 0) break;
            // A further part: digits only (a sign belongs to the whole duration, at its start).
            if (!char.IsAsciiDigit(rest[0]) || SplitNumber(rest) is not { Dollar: false } next) return Parsed<Duration>.Fail($"unexpected '{rest}' after '{unit}': expected {expected}");
            if (double.IsNegative(s.Number)) next = next with { Number = -next.Number };
            s = next;
        }
        return Finite(seconds, Units.Duration.FromSeconds(seconds), text);
    }

    /// <summary>A count of people or things: <c>1.68B</c>, <c>350M</c>, <c>60k</c>, <c>4,000</c>.</summary>
    public static Parsed<double> Count(string text)
    {
        const string expected = "a count, e.g. 1.68B, 350M, 60k or 4,000";
        if (Unreadable(text) is { } unreadable) return Parsed<double>.Fail(unreadable);
        if (SplitNumber(text) is not { Dollar: false } s) return Parsed<double>.Fail($"expected {expected}");
        double? factor = s.Rest switch
        {
            "" => 1,
            "k" or "K" => 1e3,
            "M" => 1e6,
            "B" or "G" => 1e9,
            "T" => 1e12,
            _ => null,
        };
        if (factor is null) return Parsed<double>.Fail($"unknown count suffix '{s.Rest}': expected {expected}");
        var value = s.Number * factor.Value;
        return Finite(value, value, text);
    }

    /// <summary>
    /// A count of people or things as a scenario writes it: <see cref="Count"/>, and a number without a suffix is whole
    /// (<c>peak_viewers: 1.68</c> is 1.68 viewers, a slip for 1.68B; <c>1.5k</c> is fine).
    /// </summary>
    public static Parsed<double> WholeCount(string text)
    {
        var count = Count(text);
        if (count.Ok && count.Value != Math.Floor(count.Value) && SplitNumber(text) is { Rest.Length: 0 })
            return Parsed<double>.Fail($"'{text.Trim()}' is not a whole number: a count is whole (for millions or billions write {text.Trim()}M or {text.Trim()}B)");
        return count;
    }

    /// <summary>A percentage, which must carry its sign: <c>97.3%</c>.</summary>
    public static Parsed<Ratio> Percent(string text)
    {
        const string expected = "a percentage, e.g. 35% or 99.95%";
        if (Unreadable(text) is { } unreadable) return Parsed<Ratio>.Fail(unreadable);
        if (SplitNumber(text) is not { Dollar: false } s) return Parsed<Ratio>.Fail($"expected {expected}");
        if (s.Rest != "%")
        {
            return s.Rest.Length == 0
                ? Parsed<Ratio>.Fail($"'{text.Trim()}' has no '%': expected {expected} (write 35% rather than 35 or 0.35)")
                : Parsed<Ratio>.Fail($"unexpected '{s.Rest}': expected {expected}");
        }
        return Finite(s.Number, Ratio.FromPercent(s.Number), text);
    }

    /// <summary>A rate: <c>1000/s</c>, <c>5/min</c>, <c>2/h</c>, <c>1.2k/s</c>.</summary>
    public static Parsed<Rate> Rate(string text)
    {
        const string expected = "a rate per unit of time, e.g. 1000/s, 4/min or 2/h";
        if (Unreadable(text) is { } unreadable) return Parsed<Rate>.Fail(unreadable);
        var slash = text.LastIndexOf('/');
        if (slash < 0) return Parsed<Rate>.Fail($"'{text.Trim()}' has no '/s', '/min' or '/h': expected {expected}");
        var count = Count(text[..slash]);
        if (!count.Ok) return Parsed<Rate>.Fail(count.Error!.StartsWith("expected", StringComparison.Ordinal) || count.Error.StartsWith("unknown", StringComparison.Ordinal) ? $"expected {expected}" : count.Error);
        double? per = text[(slash + 1)..].Trim() switch
        {
            "s" or "sec" or "second" => 1,
            "min" or "minute" => 60,
            "h" or "hr" or "hour" => 3600,
            "d" or "day" => 86400,
            _ => null,
        };
        if (per is null) return Parsed<Rate>.Fail($"unknown time unit after '/': expected {expected}");
        return Finite(count.Value / per.Value, Units.Rate.FromPerSecond(count.Value / per.Value), text);
    }

    /// <summary>Money in US dollars: <c>$12.8M</c>, <c>$1,350</c>, <c>$0.085</c>.</summary>
    public static Parsed<Money> Money(string text)
    {
        const string expected = "an amount in dollars, e.g. $12.8M or $1,350";
        if (Unreadable(text) is { } unreadable) return Parsed<Money>.Fail(unreadable);
        if (SplitNumber(text) is not { Dollar: true } s) return Parsed<Money>.Fail($"expected {expected}");
        double? factor = s.Rest switch { "" => 1, "k" or "K" => 1e3, "M" => 1e6, "B" => 1e9, _ => null };
        if (factor is null) return Parsed<Money>.Fail($"unexpected '{s.Rest}': expected {expected}");
        return Finite(s.Number * factor.Value, Units.Money.FromDollars(s.Number * factor.Value), text);
    }

    private static Parsed<(double Dollars, string Per)> PricePer(string text, string expected)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0) return Parsed<(double, string)>.Fail($"'{text.Trim()}' has no '/unit': expected {expected}");
        var money = Money(text[..slash]);
        if (!money.Ok) return Parsed<(double, string)>.Fail(money.Error!.StartsWith("expected", StringComparison.Ordinal) || money.Error.StartsWith("unexpected", StringComparison.Ordinal) ? $"expected {expected}" : money.Error);
        return Parsed<(double, string)>.Success((money.Value.Dollars, text[(slash + 1)..].Trim()));
    }

    /// <summary>A price per data transferred: <c>$0.085/GB</c> (also <c>/TB</c>, <c>/MB</c>).</summary>
    public static Parsed<DataPrice> DataPrice(string text)
    {
        const string expected = "a price per data transferred, e.g. $0.085/GB";
        var p = PricePer(text, expected);
        if (!p.Ok) return Parsed<DataPrice>.Fail(p.Error!);
        double? perGb = p.Value.Per switch { "GB" => 1, "TB" => 1e-3, "MB" => 1e3, "PB" => 1e-6, _ => null };
        if (perGb is null) return Parsed<DataPrice>.Fail($"unknown unit '/{p.Value.Per}': expected {expected}");
        return Parsed<DataPrice>.Success(Units.DataPrice.PerGB(p.Value.Dollars * perGb.Value));
    }

    /// <summary>A price per instance-hour: <c>$1.35/h</c>.</summary>
    public static Parsed<HourlyPrice> HourlyPrice(string text)
    {
        const string expected = "a price per hour, e.g. $1.35/h";
        var p = PricePer(text, expected);
        if (!p.Ok) return Parsed<HourlyPrice>.Fail(p.Error!);
        double? perHour = p.Value.Per switch { "h" or "hr" or "hour" => 1, "month" => 1 / (24 * 30d), "d" or "day" => 1 / 24d, _ => null };
        if (perHour is null) return Parsed<HourlyPrice>.Fail($"unknown unit '/{p.Value.Per}': expected {expected}");
        return Parsed<HourlyPrice>.Success(Units.HourlyPrice.PerHourOf(p.Value.Dollars * perHour.Value));
    }

    /// <summary>A storage price: <c>$0.023/GB-month</c>.</summary>
    public static Parsed<StoragePrice> StoragePrice(string text)
    {
        const string expected = "a storage price, e.g. $0.023/GB-month";
        var p = PricePer(text, expected);
        if (!p.Ok) return Parsed<StoragePrice>.Fail(p.Error!);
        double? perGb = p.Value.Per switch { "GB-month" => 1, "TB-month" => 1e-3, _ => null };
        if (perGb is null) return Parsed<StoragePrice>.Fail($"unknown unit '/{p.Value.Per}': expected {expected}");
        return Parsed<StoragePrice>.Success(Units.StoragePrice.PerGBMonth(p.Value.Dollars * perGb.Value));
    }

    /// <summary>A committed-rate price: <c>$0.50/Mbps-month</c>.</summary>
    public static Parsed<BitratePrice> BitratePrice(string text)
    {
        const string expected = "a price per Mbps per month, e.g. $0.50/Mbps-month";
        var p = PricePer(text, expected);
        if (!p.Ok) return Parsed<BitratePrice>.Fail(p.Error!);
        double? perMbps = p.Value.Per switch { "Mbps-month" => 1, "Gbps-month" => 1e-3, _ => null };
        if (perMbps is null) return Parsed<BitratePrice>.Fail($"unknown unit '/{p.Value.Per}': expected {expected}");
        return Parsed<BitratePrice>.Success(Units.BitratePrice.PerMbpsMonth(p.Value.Dollars * perMbps.Value));
    }

    /// <summary>A plain dimensionless number (a factor, a CPU cost): <c>1.5</c>.</summary>
    public static Parsed<double> Number(string text)
    {
        if (Unreadable(text) is { } unreadable) return Parsed<double>.Fail(unreadable);
        if (SplitNumber(text) is not { Dollar: false, Rest: "" } s) return Parsed<double>.Fail("expected a plain number, e.g. 1.5");
        return Parsed<double>.Success(s.Number);
    }
}
