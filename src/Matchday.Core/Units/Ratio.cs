namespace Matchday.Core.Units;

/// <summary>A dimensionless fraction, written as a percentage in scenario files (<c>97.3%</c>).</summary>
public readonly record struct Ratio(double Value) : IComparable<Ratio>
{
    public static Ratio Zero => default;
    public static Ratio One => new(1);
    public static Ratio FromPercent(double percent) => new(percent / 100);
    public static Ratio FromFraction(double fraction) => new(fraction);

    public double Percent => Value * 100;
    public Ratio Complement => new(1 - Value);

    public static double operator *(Ratio r, double x) => r.Value * x;
    public static double operator *(double x, Ratio r) => r.Value * x;
    public static bool operator <(Ratio a, Ratio b) => a.Value < b.Value;
    public static bool operator >(Ratio a, Ratio b) => a.Value > b.Value;
    public static bool operator <=(Ratio a, Ratio b) => a.Value <= b.Value;
    public static bool operator >=(Ratio a, Ratio b) => a.Value >= b.Value;
    public int CompareTo(Ratio other) => Value.CompareTo(other.Value);

    /// <summary><c>97.3%</c>, with as many decimals as it needs (up to four).</summary>
    public override string ToString() => Humanize.Percent(Value);
}

/// <summary>Something per second: requests/s, events/s, viewers/s.</summary>
public readonly record struct Rate(double PerSecond) : IComparable<Rate>
{
    public static Rate Zero => default;
    public static Rate FromPerSecond(double x) => new(x);
    public static Rate FromPerMinute(double x) => new(x / 60);
    public static Rate FromPerHour(double x) => new(x / 3600);
    public double PerMinute => PerSecond * 60;
    public double PerHour => PerSecond * 3600;

    public static Rate operator +(Rate a, Rate b) => new(a.PerSecond + b.PerSecond);
    public static Rate operator *(Rate a, double k) => new(a.PerSecond * k);
    public static Rate operator *(double k, Rate a) => new(a.PerSecond * k);
    public static Rate operator /(Rate a, double k) => new(a.PerSecond / k);
    public static double operator /(Rate a, Rate b) => a.PerSecond / b.PerSecond;
    /// <summary>How many events happen in a duration.</summary>
    public static double operator *(Rate a, Duration t) => a.PerSecond * t.Seconds;
    public static bool operator <(Rate a, Rate b) => a.PerSecond < b.PerSecond;
    public static bool operator >(Rate a, Rate b) => a.PerSecond > b.PerSecond;
    public static bool operator <=(Rate a, Rate b) => a.PerSecond <= b.PerSecond;
    public static bool operator >=(Rate a, Rate b) => a.PerSecond >= b.PerSecond;
    public int CompareTo(Rate other) => PerSecond.CompareTo(other.PerSecond);

    public override string ToString() => Humanize.Compact(PerSecond) + "/s";
}
