using Matchday.Core.Text;

namespace Matchday.Core.Tests.Text;

public class SuggestionsTests
{
    [Theory]
    [InlineData("ewmaa", "ewma")]             // one edit
    [InlineData("Live", "live")]              // regression: a case difference suggested nothing
    [InlineData("REFERENCE", "reference")]
    [InlineData("referencex", "reference")]
    public void A_near_miss_suggests_the_known_word(string given, string expected) =>
        Assert.Equal(expected, Suggestions.Nearest(given, ["live", "vod", "reference", "ewma", "sliding"]));

    [Theory]
    [InlineData("live")]       // the word itself: nothing to suggest
    [InlineData("reference")]  // not even by its (long) common prefix
    [InlineData("zzz")]        // nothing close
    public void A_known_or_far_word_suggests_nothing(string given) =>
        Assert.Null(Suggestions.Nearest(given, ["live", "vod", "reference"]));

    [Fact]
    public void The_hint_is_empty_or_a_did_you_mean() =>
        Assert.Equal((" (did you mean 'vod'?)", ""), (Suggestions.Hint("VOD", ["vod"]), Suggestions.Hint("vod", ["vod"])));
}
