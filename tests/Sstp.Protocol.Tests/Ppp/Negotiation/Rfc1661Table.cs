using Sstp.Protocol.Ppp.Negotiation;

namespace Sstp.Protocol.Tests.Ppp.Negotiation;

/// <summary>
/// The transition table exactly as printed in PPP.md §4.2 (RFC 1661 §4.1), parsed independently of the
/// production table so each cell can be checked against the spec text.
/// </summary>
internal static class Rfc1661Table
{
    // PPP.md §4.2, copied verbatim.
    private const string Text = """
        0 Initial  1 Starting   2 Closed    3 Stopped     4 Closing  5 Stopping  6 Req-Sent  7 Ack-Rcvd  8 Ack-Sent   9 Opened
Up      2          irc,scr/6    -           -             -          -           -           -           -            -
Down    -          -            0           tls/1         0          1           1           1           1            tld/1
Open    tls/1      1            irc,scr/6   3r            5r         5r          6           7           8            9r
Close   0          tlf/0        2           2             4          4           irc,str/4   irc,str/4   irc,str/4    tld,irc,str/4
TO+     -          -            -           -             str/4      str/5       scr/6       scr/6       scr/8        -
TO-     -          -            -           -             tlf/2      tlf/3       tlf/3p      tlf/3p      tlf/3p       -
RCR+    -          -            sta/2       irc,scr,sca/8 4          5           sca/8       sca,tlu/9   sca/8        tld,scr,sca/8
RCR-    -          -            sta/2       irc,scr,scn/6 4          5           scn/6       scn/7       scn/6        tld,scr,scn/6
RCA     -          -            sta/2       sta/3         4          5           irc/7       scr/6x      irc,tlu/9    tld,scr/6x
RCN     -          -            sta/2       sta/3         4          5           irc,scr/6   scr/6x      irc,scr/8    tld,scr/6x
RTR     -          -            sta/2       sta/3         sta/4      sta/5       sta/6       sta/6       sta/6        tld,zrc,sta/5
RTA     -          -            2           3             tlf/2      tlf/3       6           6           8            tld,scr/6
RUC     -          -            scj/2       scj/3         scj/4      scj/5       scj/6       scj/7       scj/8        scj/9
RXJ+    -          -            2           3             4          5           6           6           8            9
RXJ-    -          -            tlf/2       tlf/3       tlf/2      tlf/3       tlf/3       tlf/3       tlf/3        tld,irc,str/5
RXR     -          -            2           3             4          5           6           7           8            ser/9
""";

    private static readonly string[] EventNames =
        ["Up", "Down", "Open", "Close", "TO+", "TO-", "RCR+", "RCR-", "RCA", "RCN", "RTR", "RTA", "RUC", "RXJ+", "RXJ-", "RXR"];

    private static readonly Dictionary<string, AutomatonActions> ActionNames = new()
    {
        ["tlu"] = AutomatonActions.ThisLayerUp,
        ["tld"] = AutomatonActions.ThisLayerDown,
        ["tls"] = AutomatonActions.ThisLayerStarted,
        ["tlf"] = AutomatonActions.ThisLayerFinished,
        ["irc"] = AutomatonActions.InitializeRestartCount,
        ["zrc"] = AutomatonActions.ZeroRestartCount,
        ["scr"] = AutomatonActions.SendConfigureRequest,
        ["sca"] = AutomatonActions.SendConfigureAck,
        ["scn"] = AutomatonActions.SendConfigureNak,
        ["str"] = AutomatonActions.SendTerminateRequest,
        ["sta"] = AutomatonActions.SendTerminateAck,
        ["scj"] = AutomatonActions.SendCodeReject,
        ["ser"] = AutomatonActions.SendEchoReply,
    };

    private static readonly Dictionary<(string Event, int State), string> Cells = Parse();

    /// <summary>Every cell as (event name, state number), 160 rows.</summary>
    public static TheoryData<string, int> AllCells()
    {
        var data = new TheoryData<string, int>();
        foreach (var name in EventNames)
        {
            for (int state = 0; state <= 9; state++)
            {
                data.Add(name, state);
            }
        }

        return data;
    }

    public static AutomatonEvent EventOf(string name) => (AutomatonEvent)Array.IndexOf(EventNames, name);

    /// <summary>The cell text, e.g. "irc,scr/6", "3r" or "-".</summary>
    public static string CellText(string eventName, int state) => Cells[(eventName, state)];

    /// <summary>The cell as a transition; "-" gives IsDefined = false.</summary>
    public static Transition Expected(string eventName, int state)
    {
        string cell = CellText(eventName, state);
        if (cell == "-")
        {
            return new Transition(AutomatonActions.None, AutomatonState.Initial, IsDefined: false);
        }

        string actionsPart = cell.Contains('/', StringComparison.Ordinal) ? cell[..cell.IndexOf('/', StringComparison.Ordinal)] : "";
        string statePart = cell.Contains('/', StringComparison.Ordinal) ? cell[(cell.IndexOf('/', StringComparison.Ordinal) + 1)..] : cell;
        var actions = AutomatonActions.None;
        foreach (var name in actionsPart.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            actions |= ActionNames[name];
        }

        // Suffixes r (restart), p (passive) and x (crossed) annotate the RFC; the state is the digit.
        var next = (AutomatonState)(statePart[0] - '0');
        return new Transition(actions, next);
    }

    private static Dictionary<(string, int), string> Parse()
    {
        var cells = new Dictionary<(string, int), string>();
        var lines = Text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var line in lines.Skip(1))
        {
            var tokens = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            for (int state = 0; state <= 9; state++)
            {
                cells[(tokens[0], state)] = tokens[state + 1];
            }
        }

        return cells;
    }
}
