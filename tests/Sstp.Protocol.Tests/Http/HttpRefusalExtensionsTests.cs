using Sstp.Protocol.Http;

namespace Sstp.Protocol.Tests.Http;

public class HttpRefusalExtensionsTests
{
    [Theory]
    [InlineData(HttpRefusal.None, 200)]
    [InlineData(HttpRefusal.Malformed, 400)]
    [InlineData(HttpRefusal.HeaderTooLarge, 431)]
    [InlineData(HttpRefusal.TooManyHeaderLines, 431)]
    [InlineData(HttpRefusal.UnsupportedVersion, 505)]
    [InlineData(HttpRefusal.NotSstpMethod, 404)]
    [InlineData(HttpRefusal.UnknownMethod, 501)]
    [InlineData(HttpRefusal.WrongPath, 404)]
    [InlineData(HttpRefusal.BadContentLength, 400)]
    [InlineData(HttpRefusal.DuplicateHeader, 400)]
    [InlineData(HttpRefusal.LooksLikeTls, 400)]
    public void ToHttpStatus_EachRefusal_ExpectedCode(HttpRefusal refusal, int status)
    {
        Assert.Equal(status, refusal.ToHttpStatus());
    }

    [Fact]
    public void Describe_EveryValue_DistinctAndNotEmpty()
    {
        var texts = Enum.GetValues<HttpRefusal>().Select(r => r.Describe()).ToList();
        Assert.All(texts, t => Assert.False(string.IsNullOrWhiteSpace(t)));
        Assert.Equal(texts.Count, texts.Distinct().Count());
        Assert.DoesNotContain("unknown refusal", texts);
    }

    [Fact]
    public void MaxErrorLength_BoundsEveryErrorResponse()
    {
        foreach (var refusal in Enum.GetValues<HttpRefusal>().Where(r => r != HttpRefusal.None))
        {
            Assert.InRange(HttpResponseWriter.GetErrorLength(refusal), 1, HttpResponseWriter.MaxErrorLength);
        }
    }
}
