using Sstp.Server.Hosting;

namespace Sstp.Server.Tests.Hosting;

public sealed class PrivilegeDropStepTests
{
    [Theory]
    [InlineData(0UL, "none")]
    [InlineData(1UL << 12, "cap_net_admin")]
    [InlineData((1UL << 12) | (1UL << 10), "cap_net_bind_service,cap_net_admin")]
    [InlineData((1UL << 40) | (1UL << 7), "cap_setuid,cap_40")]
    public void CapabilityNames_ListsEachBit(ulong mask, string expected) =>
        Assert.Equal(expected, PrivilegeDropStep.CapabilityNames(mask));
}
