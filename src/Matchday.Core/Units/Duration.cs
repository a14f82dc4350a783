namespace Matchday.Core.Units;

/// <summary>A length of time in seconds. Planning durations, not clock instants.</summary>
public readonly record struct Duration(double Seconds) : IComparable<Duration>
{
    public static Duration Zero => default;

    public static Duration FromMilliseconds(double ms) => new(ms / 1e3);
    public static Duration FromSeconds(double s) => new(s);
    public static Duration FromMinutes(double min) => new(min * 60);
    public static Duration FromHours(double h) => new(h * 3600);
    public static Duration FromDays(double d) => new(d * 86400);

    public double Milliseconds => Seconds * 1e3;
    public double Minutes => Seconds / 60;
    public double Hours => Seconds / 3600;
    public double Days => Seconds / 86400;

    public static Duration operator +(Duration a, Duration b) => new(a.Seconds + b.Seconds);
    public static Duration operator -(Duration a, Duration b) => new(a.Seconds - b.Seconds);
    public static Duration operator *(Duration a, double k) => new(a.Seconds * k);
    public static Duration operator *(double k, Duration a) => new(a.Seconds * k);
    public static Duration operator /(Duration a, double k) => new(a.Seconds / k);
    public static double operator /(Duration a, Duration b) => a.Seconds / b.Seconds;

    public static bool operator <(Duration a, Duration b) => a.Seconds < b.Seconds;
    public static bool operator >(Duration a, Duration b) => a.Seconds > b.Seconds;
    public static bool operator <=(Duration a, Duration b) => a.Seconds <= b.Seconds;
    public static bool operator >=(Duration a, Duration b) => a.Seconds >= b.Seconds;

    public int CompareTo(Duration other) => Seconds.CompareTo(other.Seconds);

    /// <summary>Humanized: <c>150 ms</c>, <c>6 s</c>, <c>21.6 min</c>, <c>2.5 h</c>, <c>29 d</c>.</summary>
    public override string ToString()
    {
        var s = Math.Abs(Seconds);
        if (s < 1 && s > 0) return Humanize.Number(Milliseconds, 3) + " ms";
        if (s < 120) return Humanize.Number(Seconds, 3) + " s";
        if (s < 7200) return Humanize.Number(Minutes, 3) + " min";
        if (s < 3 * 86400) return Humanize.Number(Hours, 3) + " h";
        return Humanize.Number(Days, 3) + " d";
    }

    /// <summary>The shortest exact form fault specs and rules write: <c>67m</c>, <c>90s</c>, <c>1h</c>, <c>500ms</c>.</summary>
    public string ToSpecString()
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var s = Seconds;
        if (s == 0) return "0s";
        if (s % 3600 == 0) return (s / 3600).ToString(inv) + "h";
        if (s % 60 == 0) return (s / 60).ToString(inv) + "m";
        if (s == Math.Floor(s)) return s.ToString(inv) + "s";
        return (s * 1000).ToString("0.###", inv) + "ms";
    }

    public string ToScenarioString() => Humanize.Exact(Seconds, [(86400, "d"), (3600, "h"), (60, "min"), (1, "s"), (1e-3, "ms")]);
}
