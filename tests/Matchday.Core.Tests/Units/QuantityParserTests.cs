using Matchday.Core.Units;

namespace Matchday.Core.Tests.Units;

public class QuantityParserTests
{
    [Theory]
    [InlineData("2.4 Mbps", 2.4e6)]
    [InlineData("40 Gbps", 40e9)]
    [InlineData("1.1 Tbps", 1.1e12)]
    [InlineData("400 kbps", 400e3)]
    [InlineData("128000 bps", 128000)]
    [InlineData("2.4Mbps", 2.4e6)]
    public void Bitrates_parse_with_decimal_prefixes(string text, double bps) =>
        Assert.Equal(bps, QuantityParser.Bitrate(text).Value.BitsPerSecond, 6);

    [Theory]
    [InlineData("2.4", "has no unit")]
    [InlineData("2.4 MB", "is bytes, not bits per second")]
    [InlineData("2.4 furlongs", "unknown bitrate unit")]
    [InlineData("NaN Mbps", "is not a finite number")]
    [InlineData("fast", "expected a bitrate")]
    [InlineData("1e999 Mbps", "expected a bitrate")]
    public void Bad_bitrates_say_what_was_expected(string text, string message)
    {
        var parsed = QuantityParser.Bitrate(text);
        Assert.False(parsed.Ok);
        Assert.Contains(message, parsed.Error);
    }

    [Theory]
    [InlineData("847 PB", 847e15)]
    [InlineData("25 TB", 25e12)]
    [InlineData("2 GiB", 2147483648)]
    [InlineData("1 KB", 1000)]
    public void Data_sizes_parse(string text, double bytes) => Assert.Equal(bytes, QuantityParser.DataSize(text).Value.Bytes, 3);

    [Theory]
    [InlineData("150 ms", 0.15)]
    [InlineData("6 s", 6)]
    [InlineData("45 min", 2700)]
    [InlineData("2.5 h", 9000)]
    [InlineData("29 d", 29 * 86400)]
    public void Durations_parse(string text, double seconds) => Assert.Equal(seconds, QuantityParser.Duration(text).Value.Seconds, 9);

    [Theory]
    [InlineData("1.68B", 1.68e9)]
    [InlineData("350M", 350e6)]
    [InlineData("60k", 60e3)]
    [InlineData("4,000", 4000)]
    [InlineData("48", 48)]
    public void Counts_parse_with_suffixes(string text, double value) => Assert.Equal(value, QuantityParser.Count(text).Value, 3);

    [Fact]
    public void Percentages_need_the_percent_sign()
    {
        Assert.Equal(0.973, QuantityParser.Percent("97.3%").Value.Value, 12);
        Assert.Contains("has no '%'", QuantityParser.Percent("35").Error);
        Assert.Contains("has no '%'", QuantityParser.Percent("0.35").Error);
    }

    [Fact]
    public void Prices_parse_per_unit()
    {
        Assert.Equal(0.085, QuantityParser.DataPrice("$0.085/GB").Value.PerGigabyte.Dollars, 12);
        Assert.Equal(0.085, QuantityParser.DataPrice("$85/TB").Value.PerGigabyte.Dollars, 12);
        Assert.Equal(1.35, QuantityParser.HourlyPrice("$1.35/h").Value.PerHour.Dollars, 12);
        Assert.Equal(0.023, QuantityParser.StoragePrice("$0.023/GB-month").Value.PerGigabyteMonth.Dollars, 12);
        Assert.Equal(0.5, QuantityParser.BitratePrice("$0.50/Mbps-month").Value.PerMegabitMonth.Dollars, 12);
        Assert.Equal(12.8e6, QuantityParser.Money("$12.8M").Value.Dollars, 3);
        Assert.False(QuantityParser.DataPrice("0.085/GB").Ok);
        Assert.False(QuantityParser.DataPrice("$0.085").Ok);
    }

    [Fact]
    public void Rates_parse_per_time_unit()
    {
        Assert.Equal(1000, QuantityParser.Rate("1000/s").Value.PerSecond, 9);
        Assert.Equal(0.05 / 60, QuantityParser.Rate("0.05/min").Value.PerSecond, 12);
        Assert.Equal(20000, QuantityParser.Rate("20k/s").Value.PerSecond, 9);
        Assert.False(QuantityParser.Rate("1000").Ok);
    }

    [Theory] // Regression: '٥٠' (Arabic-Indic digits) matched \d and then threw FormatException from double.Parse.
    [InlineData("٥٠")]
    [InlineData("٥٠ Mbps")]
    [InlineData("$٥/GB")]
    [InlineData("१२%")]
    [InlineData("1٥ s")]
    public void Digits_of_other_scripts_are_an_error_not_a_crash(string text)
    {
        foreach (var parse in AllKinds)
        {
            var parsed = parse(text);
            Assert.False(parsed.Ok, text);
            Assert.Contains("write numbers with the digits 0-9", parsed.Error);
        }
    }

    [Theory]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    [InlineData(".inf")]
    [InlineData("NaN")]
    [InlineData(".nan")]
    [InlineData("∞")]
    [InlineData("Infinity Gbps")]
    [InlineData("$Infinity/GB")]
    [InlineData("NaN%")]
    public void Non_finite_numbers_are_refused_by_every_kind(string text)
    {
        foreach (var parse in AllKinds)
        {
            var parsed = parse(text);
            Assert.False(parsed.Ok, text);
            Assert.Contains("is not a finite number", parsed.Error);
        }
    }

    [Fact]
    public void Numbers_too_large_for_a_double_are_refused()
    {
        foreach (var parse in AllKinds) Assert.False(parse("1e999").Ok);
        Assert.Contains("too large", QuantityParser.Count("1e308T").Error);
        Assert.Contains("too large", QuantityParser.Money("$1e300B").Error);
        Assert.Contains("too large", QuantityParser.Bitrate("1e308 Tbps").Error);
        Assert.Contains("too large", QuantityParser.DataPrice("$1e300B/GB").Error);
    }

    /// <summary>Every kind's parser, reduced to whether it succeeded and its message.</summary>
    private static readonly Func<string, (bool Ok, string? Error)>[] AllKinds =
    [
        t => Result(QuantityParser.Bitrate(t)), t => Result(QuantityParser.DataSize(t)), t => Result(QuantityParser.Duration(t)),
        t => Result(QuantityParser.Count(t)), t => Result(QuantityParser.Percent(t)), t => Result(QuantityParser.Rate(t + "/s")),
        t => Result(QuantityParser.Money(t.StartsWith('$') ? t : "$" + t)), t => Result(QuantityParser.DataPrice(t.StartsWith('$') ? t : "$" + t + "/GB")),
        t => Result(QuantityParser.Number(t)),
    ];

    private static (bool, string?) Result<T>(Parsed<T> p) => (p.Ok, p.Error);
}
