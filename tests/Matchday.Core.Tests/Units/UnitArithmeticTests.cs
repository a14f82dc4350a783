using Matchday.Core.Units;

namespace Matchday.Core.Tests.Units;

public class UnitArithmeticTests
{
    [Fact]
    public void Bitrate_times_duration_is_data()
    {
        // 1 Mbps for an hour: 1e6 bit/s x 3600 s / 8 = 450 MB (the seed's "x 450 MB per hour").
        var data = Bitrate.FromMegabits(1) * Duration.FromHours(1);
        Assert.Equal(450e6, data.Bytes, 6);
    }

    [Fact]
    public void Data_over_time_is_bitrate()
    {
        // 847 PB in 90 min: 847e15 x 8 / 5400 s = 1.2548e15 bit/s.
        var rate = DataSize.FromPetabytes(847) / Duration.FromMinutes(90);
        Assert.Equal(847e15 * 8 / 5400, rate.BitsPerSecond, 0);
    }

    [Fact]
    public void Viewers_times_bitrate_is_egress()
    {
        // 1.68B x 2.82 Mbps = 4.7376 Pbps.
        Assert.Equal(4.7376e15, (ViewerCount.Billions(1.68) * Bitrate.FromMegabits(2.82)).BitsPerSecond, 0);
    }

    [Fact]
    public void Prices_times_quantities_are_money()
    {
        Assert.Equal(85, (DataPrice.PerGB(0.085) * DataSize.FromTerabytes(1)).Dollars, 9);
        Assert.Equal(13.5, (HourlyPrice.PerHourOf(1.35) * Duration.FromHours(10)).Dollars, 9);
        // $0.023/GB-month x 1 TB x 60 days = 0.023 x 1000 x 2 = $46.
        Assert.Equal(46, StoragePrice.PerGBMonth(0.023).For(DataSize.FromTerabytes(1), Duration.FromDays(60)).Dollars, 9);
    }

    [Theory]
    [InlineData(5.922e15, "5.92 Pbps")]
    [InlineData(4.7376e15, "4.74 Pbps")]
    [InlineData(650e9, "650 Gbps")]
    [InlineData(2.4e6, "2.40 Mbps")]
    [InlineData(0, "0 bps")]
    public void Bitrates_humanize(double bps, string expected) => Assert.Equal(expected, Bitrate.FromBitsPerSecond(bps).ToString());

    [Theory]
    [InlineData(72.04e6, "$72.0M")]
    [InlineData(12.8e6, "$12.8M")]
    [InlineData(4067.2e6, "$4.07B")]
    [InlineData(12345, "$12,345")]
    [InlineData(0.000305, "$0.000305")]
    public void Money_humanizes(double usd, string expected) => Assert.Equal(expected, Money.FromDollars(usd).ToString());

    [Theory]
    [InlineData(0.973, "97.3%")]
    [InlineData(0.9995, "99.95%")]
    [InlineData(0.99999948, "99.9999%")]
    [InlineData(0.9999999, "99.99999%")]
    [InlineData(0.207254, "20.73%")]
    public void Percentages_humanize(double fraction, string expected) => Assert.Equal(expected, Ratio.FromFraction(fraction).ToString());

    [Fact]
    public void Counts_humanize() => Assert.Equal("1.68B", ViewerCount.Billions(1.68).ToString());
}
