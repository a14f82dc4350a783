namespace Matchday.Core.Units;

/// <summary>A number of viewers (concurrent or cumulative). Fractional during planning math: 35% of 1.68B.</summary>
public readonly record struct ViewerCount(double Value) : IComparable<ViewerCount>
{
    public static ViewerCount Zero => default;
    public static ViewerCount Of(double viewers) => new(viewers);
    public static ViewerCount Millions(double m) => new(m * 1e6);
    public static ViewerCount Billions(double b) => new(b * 1e9);

    public static ViewerCount operator +(ViewerCount a, ViewerCount b) => new(a.Value + b.Value);
    public static ViewerCount operator -(ViewerCount a, ViewerCount b) => new(a.Value - b.Value);
    public static ViewerCount operator *(ViewerCount a, double k) => new(a.Value * k);
    public static ViewerCount operator *(double k, ViewerCount a) => new(a.Value * k);
    public static ViewerCount operator *(ViewerCount a, Ratio r) => new(a.Value * r.Value);
    public static ViewerCount operator /(ViewerCount a, double k) => new(a.Value / k);
    public static double operator /(ViewerCount a, ViewerCount b) => a.Value / b.Value;

    /// <summary>Total rate pulled by this many viewers each at the given bitrate.</summary>
    public static Bitrate operator *(ViewerCount n, Bitrate each) => each * n.Value;
    public static Bitrate operator *(Bitrate each, ViewerCount n) => each * n.Value;
    /// <summary>Viewer-hours (or viewer-seconds) watched.</summary>
    public static ViewerTime operator *(ViewerCount n, Duration t) => new(n.Value * t.Seconds);

    public static bool operator <(ViewerCount a, ViewerCount b) => a.Value < b.Value;
    public static bool operator >(ViewerCount a, ViewerCount b) => a.Value > b.Value;
    public static bool operator <=(ViewerCount a, ViewerCount b) => a.Value <= b.Value;
    public static bool operator >=(ViewerCount a, ViewerCount b) => a.Value >= b.Value;
    public int CompareTo(ViewerCount other) => Value.CompareTo(other.Value);

    /// <summary><c>1.68B</c>, <c>350M</c>, <c>60,000</c>.</summary>
    public override string ToString() => Humanize.Compact(Value);
}

/// <summary>Viewing time summed over viewers, in viewer-seconds (reported in viewer-hours).</summary>
public readonly record struct ViewerTime(double ViewerSeconds)
{
    public double ViewerHours => ViewerSeconds / 3600;
    public static ViewerTime operator +(ViewerTime a, ViewerTime b) => new(a.ViewerSeconds + b.ViewerSeconds);
    public static ViewerTime operator *(ViewerTime a, double k) => new(a.ViewerSeconds * k);
    /// <summary>The data delivered to this much viewing at an average bitrate.</summary>
    public static DataSize operator *(ViewerTime t, Bitrate each) => DataSize.FromBytes(t.ViewerSeconds * each.BitsPerSecond / 8);
    public override string ToString() => Humanize.Compact(ViewerHours) + " viewer-hours";
}
