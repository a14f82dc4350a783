namespace Matchday.Core.Units;

/// <summary>A price per gigabyte transferred (<c>$0.085/GB</c>).</summary>
public readonly record struct DataPrice(Money PerGigabyte)
{
    public static DataPrice PerGB(double usd) => new(Money.FromDollars(usd));
    public static Money operator *(DataPrice price, DataSize size) => price.PerGigabyte * size.Gigabytes;
    public static Money operator *(DataSize size, DataPrice price) => price * size;
    public override string ToString() => $"{Humanize.Dollars(PerGigabyte.Dollars)}/GB";
}

/// <summary>A price per hour of use of one instance (<c>$1.35/h</c>).</summary>
public readonly record struct HourlyPrice(Money PerHour)
{
    public static HourlyPrice PerHourOf(double usd) => new(Money.FromDollars(usd));
    public static Money operator *(HourlyPrice price, Duration time) => price.PerHour * time.Hours;
    public static Money operator *(Duration time, HourlyPrice price) => price * time;
    public override string ToString() => $"{Humanize.Dollars(PerHour.Dollars)}/h";
}

/// <summary>A storage price per gigabyte-month (<c>$0.023/GB-month</c>); a month is 30 days here.</summary>
public readonly record struct StoragePrice(Money PerGigabyteMonth)
{
    public static readonly Duration Month = Duration.FromDays(30);
    public static StoragePrice PerGBMonth(double usd) => new(Money.FromDollars(usd));
    /// <summary>The cost of keeping this much data for this long.</summary>
    public Money For(DataSize size, Duration time) => PerGigabyteMonth * (size.Gigabytes * (time / Month));
    public override string ToString() => $"{Humanize.Dollars(PerGigabyteMonth.Dollars)}/GB-month";
}

/// <summary>A committed-rate price per Mbps per month (95th-percentile billing, <c>$0.50/Mbps-month</c>).</summary>
public readonly record struct BitratePrice(Money PerMegabitMonth)
{
    public static BitratePrice PerMbpsMonth(double usd) => new(Money.FromDollars(usd));
    /// <summary>The bill for a billed (95th-percentile) rate held for this long.</summary>
    public Money For(Bitrate billedRate, Duration time) => PerMegabitMonth * (billedRate.Megabits * (time / StoragePrice.Month));
    public override string ToString() => $"{Humanize.Dollars(PerMegabitMonth.Dollars)}/Mbps-month";
}
