using CsCheck;
using Sstp.Protocol.Ppp.Negotiation;
using Sstp.TestKit;

namespace Sstp.Protocol.Tests.Ppp.Negotiation;

public class ConfigureOptionListTests
{
    [Fact]
    public void Enumerate_WindowsLcpOptions_YieldsEachOption()
    {
        // PPP.md §5.1 example Windows option bytes.
        var list = new ConfigureOptionList(Hex.Parse("01 04 0F FB 05 06 11 22 33 44 07 02 08 02 0D 03 06 11 04 06 4E"));
        Assert.True(list.IsWellFormed);
        var types = new List<byte>();
        foreach (var option in list)
        {
            types.Add(option.Type);
        }

        Assert.Equal([1, 5, 7, 8, 13, 17], types);
    }

    [Theory]
    [InlineData("01")]
    [InlineData("01 01")]
    [InlineData("01 05 00 00")]
    [InlineData("07 02 01 00")]
    public void IsWellFormed_Malformed_False(string hex)
    {
        Assert.False(new ConfigureOptionList(Hex.Parse(hex)).IsWellFormed);
    }

    [Fact]
    public void WriteThenEnumerate_RoundTrips()
    {
        Gen.Select(Gen.Byte, Gen.Byte.Array[0, 253], (type, data) => (type, data)).Sample((type, data) =>
        {
            var buffer = new byte[300];
            int n = ConfigureOption.Write(buffer, type, data);
            var list = new ConfigureOptionList(buffer.AsSpan(0, n));
            Assert.True(list.IsWellFormed);
            int count = 0;
            foreach (var option in list)
            {
                Assert.Equal(type, option.Type);
                Assert.Equal(data, option.Data.ToArray());
                count++;
            }

            Assert.Equal(1, count);
        });
    }

    [Fact]
    public void Write_TooLong_Throws()
    {
        Assert.Throws<ArgumentException>(() => ConfigureOption.Write(new byte[400], 1, new byte[254]));
    }

    [Fact]
    public void RandomBytes_NeverThrowAndStayInside()
    {
        Gen.Byte.Array[0, 600].Sample(bytes =>
        {
            var list = new ConfigureOptionList(bytes);
            bool wellFormed = list.IsWellFormed;
            int total = 0;
            foreach (var option in list)
            {
                total += option.Raw.Length;
            }

            Assert.True(total <= bytes.Length);
            Assert.Equal(wellFormed, total == bytes.Length);
        });
    }
}
