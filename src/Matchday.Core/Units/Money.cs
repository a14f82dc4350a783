namespace Matchday.Core.Units;

/// <summary>An amount of money in US dollars.</summary>
public readonly record struct Money(double Dollars) : IComparable<Money>
{
    public static Money Zero => default;

    public static Money FromDollars(double usd) => new(usd);

    public static Money operator +(Money a, Money b) => new(a.Dollars + b.Dollars);
    public static Money operator -(Money a, Money b) => new(a.Dollars - b.Dollars);
    public static Money operator *(Money a, double k) => new(a.Dollars * k);
    public static Money operator *(double k, Money a) => new(a.Dollars * k);
    public static Money operator /(Money a, double k) => new(a.Dollars / k);
    public static double operator /(Money a, Money b) => a.Dollars / b.Dollars;

    public static bool operator <(Money a, Money b) => a.Dollars < b.Dollars;
    public static bool operator >(Money a, Money b) => a.Dollars > b.Dollars;
    public static bool operator <=(Money a, Money b) => a.Dollars <= b.Dollars;
    public static bool operator >=(Money a, Money b) => a.Dollars >= b.Dollars;

    public int CompareTo(Money other) => Dollars.CompareTo(other.Dollars);

    /// <summary>Humanized: <c>$72.0M</c>, <c>$12,345</c>, <c>$0.00305</c>.</summary>
    public override string ToString() => Humanize.Dollars(Dollars);
}
