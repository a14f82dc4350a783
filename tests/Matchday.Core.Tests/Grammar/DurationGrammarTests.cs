using Matchday.Core.Units;

namespace Matchday.Core.Tests.Grammar;

/// <summary>One duration grammar for the scenario file, fault specs, rules and options.</summary>
public class DurationGrammarTests
{
    [Theory]
    [InlineData("6 s", 6)]
    [InlineData("6s", 6)]
    [InlineData("240m", 14_400)]
    [InlineData("240 min", 14_400)]
    [InlineData("2.5 h", 9_000)]
    [InlineData("1h30m", 5_400)]
    [InlineData("1 h 30 min", 5_400)]
    [InlineData("1h5m30s", 3_930)]
    [InlineData("500ms", 0.5)]
    [InlineData("29 d", 2_505_600)]
    [InlineData("2 hours", 7_200)]
    [InlineData("-3m", -180)]
    public void Reads_every_form(string text, double seconds) =>
        Assert.Equal(seconds, QuantityParser.Duration(text).Value.Seconds, 9);

    [Theory]
    [InlineData("6", "has no unit")]
    [InlineData("6 x", "unknown duration unit 'x'")]
    [InlineData("30m1h", "largest first")]
    [InlineData("1h1h", "largest first")]
    [InlineData("1h -30m", "unexpected '-30m'")]
    [InlineData("6 Mbps", "unknown duration unit 'Mbps'")]
    public void Rejects_what_is_not_a_duration(string text, string message) =>
        Assert.Contains(message, QuantityParser.Duration(text).Error, StringComparison.Ordinal);

    [Theory]
    [InlineData(4020, "67m")]
    [InlineData(3600, "1h")]
    [InlineData(90, "90s")]
    [InlineData(0.5, "500ms")]
    [InlineData(0, "0s")]
    public void Spec_form_is_the_shortest_exact_one(double seconds, string text)
    {
        Assert.Equal(text, Duration.FromSeconds(seconds).ToSpecString());
        Assert.Equal(seconds, QuantityParser.Duration(text).Value.Seconds, 12);
    }
}
