using Sstp.Server.Configuration;
using Sstp.Server.Hosting;

namespace Sstp.Server.Tests.Configuration;

/// <summary>Which peers get merged data writes (<c>tunnel.write-merging</c>).</summary>
public class WriteMergingPolicyTests
{
    [Theory]
    [InlineData("{1A2B-3C-4D-5E6F}")] // sstpc: {%.4X-%.2X-%.2X-%.4X}
    [InlineData("{0000-00-00-0000}")]
    [InlineData("{ABCDEF12-ABCD-AB-1234}")] // %.4X prints more digits for a larger value
    [InlineData("{1a2b-3c-4d-5e6f}")]
    public void SstpcShapedIds_LookLikeSstpc(string id) => Assert.True(WriteMergingPolicy.LooksLikeSstpc(id));

    [Theory]
    [InlineData("{2F6A1D2C-6E55-4B4B-9C1F-0123456789AB}")] // Windows and our client: a braced GUID
    [InlineData("2F6A1D2C-6E55-4B4B-9C1F-0123456789AB")]
    [InlineData("{1A2B-3C-4D}")]
    [InlineData("{1A2B-3C-4D-5E6F-}")]
    [InlineData("{1A2B--4D-5E6F}")]
    [InlineData("{1A2B-3C-4D-5G6F}")]
    [InlineData("1A2B-3C-4D-5E6F")]
    [InlineData("{123456789-3C-4D-5E6F}")]
    [InlineData("{}")]
    [InlineData("")]
    [InlineData(null)]
    public void OtherIds_DoNotLookLikeSstpc(string? id) => Assert.False(WriteMergingPolicy.LooksLikeSstpc(id));

    [Theory]
    [InlineData(WriteMerging.Auto, "{2F6A1D2C-6E55-4B4B-9C1F-0123456789AB}", true)]
    [InlineData(WriteMerging.Auto, null, true)]
    [InlineData(WriteMerging.Auto, "{1A2B-3C-4D-5E6F}", false)]
    [InlineData(WriteMerging.On, "{1A2B-3C-4D-5E6F}", true)]
    [InlineData(WriteMerging.Off, "{2F6A1D2C-6E55-4B4B-9C1F-0123456789AB}", false)]
    public void ShouldMerge_FollowsTheMode(WriteMerging mode, string? id, bool expected) =>
        Assert.Equal(expected, WriteMergingPolicy.ShouldMerge(mode, id));

    [Theory]
    [InlineData("auto", WriteMerging.Auto)]
    [InlineData("AUTO", WriteMerging.Auto)]
    [InlineData("on", WriteMerging.On)]
    [InlineData("true", WriteMerging.On)]
    [InlineData("off", WriteMerging.Off)]
    [InlineData("false", WriteMerging.Off)]
    public void Parse_AcceptsTheModes(string text, WriteMerging expected)
    {
        Assert.True(ServerOptionsValidator.ParseWriteMerging(text, out var mode));
        Assert.Equal(expected, mode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("yes")]
    [InlineData("sstpc")]
    public void Parse_RefusesOtherWords(string text) => Assert.False(ServerOptionsValidator.ParseWriteMerging(text, out _));
}
