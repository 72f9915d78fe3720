using Sstp.Protocol.Ppp.Negotiation;

namespace Sstp.Protocol.Tests.Ppp.Negotiation;

public class TransitionTableTests
{
    public static TheoryData<string, int> Cells => Rfc1661Table.AllCells();

    [Theory]
    [MemberData(nameof(Cells))]
    public void Lookup_EveryCell_MatchesPppMdTable(string eventName, int state)
    {
        // PPP.md §4.2 (RFC 1661 §4.1), one row per cell.
        var expected = Rfc1661Table.Expected(eventName, state);
        var actual = TransitionTable.Lookup((AutomatonState)state, Rfc1661Table.EventOf(eventName));

        Assert.Equal(expected.IsDefined, actual.IsDefined);
        if (expected.IsDefined)
        {
            Assert.Equal(expected.Actions, actual.Actions);
            Assert.Equal(expected.Next, actual.Next);
        }
    }

    [Fact]
    public void Table_Has160CellsOf10States()
    {
        Assert.Equal(160, Rfc1661Table.AllCells().Count);
    }
}
