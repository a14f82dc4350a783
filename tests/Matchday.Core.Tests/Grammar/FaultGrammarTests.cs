using CsCheck;
using Matchday.Core.Grammar;
using Matchday.Core.Scenarios;
using Matchday.Core.Units;

namespace Matchday.Core.Tests.Grammar;

public class FaultGrammarTests
{
    private static readonly Scenario Seed = Presets.Load();
    private static readonly ScenarioNames Names = ScenarioNames.Of(Seed);

    [Fact]
    public void Parses_the_issue_example()
    {
        var r = FaultGrammar.Parse("cdn-outage provider=akamai region=eu at=67m for=10m", Names);
        Assert.True(r.Ok);
        var f = r.Value!;
        Assert.Equal((FaultKind.CdnOutage, "akamai", "eu"), (f.Kind, f.Provider, f.Region));
        Assert.Equal((Duration.FromMinutes(67), (Duration?)Duration.FromMinutes(10)), (f.At, f.For));
        Assert.True(f.IsActive(Duration.FromMinutes(67)));
        Assert.True(f.IsActive(Duration.FromMinutes(76.99)));
        Assert.False(f.IsActive(Duration.FromMinutes(77)));
        Assert.Equal("cdn-outage provider=akamai region=eu at=67m for=10m", f.ToString());
    }

    [Theory]
    [InlineData("origin-region-loss region=us-east at=80m", "origin-region-loss region=us-east at=80m")]
    [InlineData("encoder-failure input=3 at=1h5m for=90s", "encoder-failure input=3 at=65m for=90s")]
    [InlineData("cache-fail-open at=70m for=5m", "cache-fail-open at=70m for=5m")]
    [InlineData("auth-degradation capacity=30% at=-0m for=15m", null)]
    [InlineData("auth-degradation capacity=30% at=0m for=15m", "auth-degradation capacity=30% at=0s for=15m")]
    [InlineData("traffic-surge factor=1.5x region=latam at=23m for=2m", "traffic-surge region=latam factor=1.5x at=23m for=2m")]
    [InlineData("  CDN-Outage   provider=Fastly   at=500ms  ", "cdn-outage provider=fastly at=500ms")]
    [InlineData("cdn-outage provider=akamai at=1h30m for=2min", "cdn-outage provider=akamai at=90m for=2m")]
    public void Parses_every_kind_and_round_trips(string spec, string? canonical)
    {
        var r = FaultGrammar.Parse(spec, Names);
        if (canonical is null)
        {
            Assert.False(r.Ok);
            return;
        }
        Assert.True(r.Ok, string.Join("; ", r.Errors));
        Assert.Equal(canonical, r.Value!.ToString());
        Assert.Equal(r.Value, FaultGrammar.Parse(canonical, Names).Value);
    }

    [Fact]
    public void Reports_every_error_with_its_column()
    {
        // col:       1         11  12            26 27      36 37    43 44       50
        const string spec = "cdn-outage provder=akamai regoin=eu at=67x for=-3m";
        var r = FaultGrammar.Parse(spec);
        Assert.False(r.Ok);
        Assert.Null(r.Value);
        Assert.Equal([12, 27, 40, 48, 51], r.Errors.Select(e => e.Column));
        Assert.Equal("col 12: unknown key 'provder' for cdn-outage: expected one of provider, at, region, for (did you mean 'provider'?)", r.Errors[0].ToString());
        Assert.Contains("did you mean 'region'?", r.Errors[1].Message, StringComparison.Ordinal);
        Assert.Equal("bad at '67x': expected a time into the match, e.g. 67m, 90s, 1h30m", r.Errors[2].Message);
        Assert.StartsWith("bad for '-3m'", r.Errors[3].Message, StringComparison.Ordinal);
        Assert.Equal("cdn-outage needs provider=: expected a CDN provider name, e.g. akamai", r.Errors[4].Message);
    }

    [Theory]
    [InlineData("", 1, "empty fault spec")]
    [InlineData("cdn-outtage provider=akamai at=5m", 1, "unknown fault kind 'cdn-outtage'")]
    [InlineData("cache-fail-open at=5m at=6m", 23, "'at' is given twice")]
    [InlineData("auth-degradation capacity=130% at=10m", 27, "bad capacity '130%'")]
    [InlineData("auth-degradation capacity=30 at=10m", 27, "bad capacity '30'")]
    [InlineData("traffic-surge factor=0 at=10m", 22, "bad factor '0'")]
    [InlineData("traffic-surge factor=11x at=10m", 22, "bad factor '11x'")]
    [InlineData("origin-region-loss at=10m", 26, "origin-region-loss needs region=")]
    [InlineData("cdn-outage provider= at=1m", 21, "'provider=' has no value")]
    [InlineData("cdn-outage provider=akamai at=10", 31, "bad at '10'")]
    [InlineData("cdn-outage provider=akamai at=10m for=0s", 39, "bad for '0s'")]
    public void Locates_single_errors(string spec, int column, string message)
    {
        var r = FaultGrammar.Parse(spec, Names);
        var e = Assert.Single(r.Errors);
        Assert.Equal(column, e.Column);
        Assert.StartsWith(message, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cdn-outage provider=limelight at=10m", 21, "unknown CDN 'limelight': expected one of cloudflare, akamai, fastly, cloudfront")]
    [InlineData("cdn-outage provider=akamia at=10m", 21, "(did you mean 'akamai'?)")]
    [InlineData("cdn-outage provider=akamai region=mars at=10m", 35, "unknown region 'mars': expected one of north-america (na), europe (eu)")]
    [InlineData("cdn-outage provider=akamai region=europ at=10m", 35, "(did you mean 'europe'?)")]
    [InlineData("origin-region-loss region=moon-base at=10m", 27, "unknown origin region 'moon-base': expected one of us-east, eu-west, asia-pacific")]
    [InlineData("origin-region-loss region=eu at=10m", 27, "unknown origin region 'eu'")]
    [InlineData("encoder-failure input=51 at=10m", 23, "input=51: the scenario has 50 encoder input(s)")]
    [InlineData("encoder-failure input=0 at=10m", 23, "bad input '0'")]
    [InlineData("cdn-outage provider=akamai at=181m", 31, "at=181m is not before the end of the longest match (3 h)")]
    public void Names_and_times_are_checked_against_the_scenario(string spec, int column, string message)
    {
        var e = Assert.Single(FaultGrammar.Parse(spec, Names).Errors);
        Assert.Equal(column, e.Column);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_night_checks_its_own_match_and_tick()
    {
        var group = Seed.FindStage("group")!;
        var night = Names.ForNight(Seed, group, Duration.FromSeconds(1));
        // A group match has no extra time or penalties: 135 minutes.
        Assert.Contains("not before the end of the group's 2.25 h", Assert.Single(FaultGrammar.Parse("cdn-outage provider=akamai at=140m", night).Errors).Message);
        Assert.True(FaultGrammar.Parse("cdn-outage provider=akamai at=134m", night).Ok);
        Assert.Contains("shorter than the simulation's 1 s tick", Assert.Single(FaultGrammar.Parse("cdn-outage provider=akamai at=10m for=500ms", night).Errors).Message);
    }

    [Fact]
    public void A_bare_value_is_reported_and_the_missing_key_too()
    {
        var r = FaultGrammar.Parse("cache-fail-open 5m");
        Assert.Equal(["col 17: '5m' is not key=value: expected e.g. at=67m", "col 19: cache-fail-open needs at=: expected a time into the match, e.g. 67m, 90s, 1h30m"],
            r.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Unknown_kind_suggests_the_nearest()
    {
        var r = FaultGrammar.Parse("cdn-outtage provider=akamai at=5m");
        Assert.EndsWith("(did you mean 'cdn-outage'?)", r.Errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Never_throws_on_any_input() =>
        Gen.String.Sample(s =>
        {
            var r = FaultGrammar.Parse(s, Names);
            return r.Ok || !r.Errors.IsEmpty;
        }, iter: 2000);

    [Fact]
    public void Never_throws_on_near_misses() =>
        Gen.OneOfConst("cdn-outage", "traffic-surge", "auth-degradation", "encoder-failure", "origin-region-loss", "x", "")
            .Select(Gen.OneOfConst("at=", "for=", "provider=", "capacity=", "factor=", "region=", "input=", "=", "==").Array[0, 4], Gen.String[0, 6].Array[0, 4])
            .Sample((kind, keys, vals) =>
            {
                var spec = kind + " " + string.Join(' ', keys.Select((k, i) => k + (i < vals.Length ? vals[i] : "")));
                var r = FaultGrammar.Parse(spec, Names);
                return r.Ok || r.Errors.All(e => e.Column >= 1 && e.Column <= spec.Length + 1);
            }, iter: 2000);

    [Fact]
    public void Every_kind_has_a_name_and_parses()
    {
        foreach (var kind in Enum.GetValues<FaultKind>())
        {
            var word = FaultSpec.KindName(kind);
            Assert.Contains(word, FaultGrammar.KindList, StringComparison.Ordinal);
        }
    }
}
