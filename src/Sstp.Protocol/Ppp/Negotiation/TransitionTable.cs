namespace Sstp.Protocol.Ppp.Negotiation;

/// <summary>
/// The RFC 1661 §4.1 state transition table as data, transcribed from PPP.md §4.2 and checked cell by cell
/// against RFC 1661 §4.1 (no cell needed correcting). Rows are events, columns are states 0–9.
/// The RFC's option suffixes are not modelled: "r" (restart: Down/Up on Open in Stopped/Closing/Stopping) is
/// not implemented, so those cells keep their state, and "p"/"x" only annotate passive/crossed cases.
/// </summary>
public static class TransitionTable
{
    private const AutomatonActions Tlu = AutomatonActions.ThisLayerUp;
    private const AutomatonActions Tld = AutomatonActions.ThisLayerDown;
    private const AutomatonActions Tls = AutomatonActions.ThisLayerStarted;
    private const AutomatonActions Tlf = AutomatonActions.ThisLayerFinished;
    private const AutomatonActions Irc = AutomatonActions.InitializeRestartCount;
    private const AutomatonActions Zrc = AutomatonActions.ZeroRestartCount;
    private const AutomatonActions Scr = AutomatonActions.SendConfigureRequest;
    private const AutomatonActions Sca = AutomatonActions.SendConfigureAck;
    private const AutomatonActions Scn = AutomatonActions.SendConfigureNak;
    private const AutomatonActions Str = AutomatonActions.SendTerminateRequest;
    private const AutomatonActions Sta = AutomatonActions.SendTerminateAck;
    private const AutomatonActions Scj = AutomatonActions.SendCodeReject;
    private const AutomatonActions Ser = AutomatonActions.SendEchoReply;
    private const AutomatonActions None = AutomatonActions.None;

    private const AutomatonState S0 = AutomatonState.Initial;
    private const AutomatonState S1 = AutomatonState.Starting;
    private const AutomatonState S2 = AutomatonState.Closed;
    private const AutomatonState S3 = AutomatonState.Stopped;
    private const AutomatonState S4 = AutomatonState.Closing;
    private const AutomatonState S5 = AutomatonState.Stopping;
    private const AutomatonState S6 = AutomatonState.RequestSent;
    private const AutomatonState S7 = AutomatonState.AckReceived;
    private const AutomatonState S8 = AutomatonState.AckSent;
    private const AutomatonState S9 = AutomatonState.Opened;

    /// <summary>The "-" cell: cannot happen; handled defensively by changing nothing.</summary>
    private static readonly Transition X = new(None, S0, IsDefined: false);

    private static Transition T(AutomatonState next) => new(None, next);

    private static Transition T(AutomatonActions actions, AutomatonState next) => new(actions, next);

    // Indexed [event, state]; the row order is the AutomatonEvent order, the column order the AutomatonState order.
    private static readonly Transition[,] Cells =
    {
        //            0 Initial   1 Starting        2 Closed          3 Stopped               4 Closing        5 Stopping       6 Req-Sent        7 Ack-Rcvd        8 Ack-Sent        9 Opened
        /* Up   */  { T(S2),      T(Irc | Scr, S6), X,                X,                      X,               X,               X,                X,                X,                X },
        /* Down */  { X,          X,                T(S0),            T(Tls, S1),             T(S0),           T(S1),           T(S1),            T(S1),            T(S1),            T(Tld, S1) },
        /* Open */  { T(Tls, S1), T(S1),            T(Irc | Scr, S6), T(S3),                  T(S5),           T(S5),           T(S6),            T(S7),            T(S8),            T(S9) },
        /* Close*/  { T(S0),      T(Tlf, S0),       T(S2),            T(S2),                  T(S4),           T(S4),           T(Irc | Str, S4), T(Irc | Str, S4), T(Irc | Str, S4), T(Tld | Irc | Str, S4) },
        /* TO+  */  { X,          X,                X,                X,                      T(Str, S4),      T(Str, S5),      T(Scr, S6),       T(Scr, S6),       T(Scr, S8),       X },
        /* TO-  */  { X,          X,                X,                X,                      T(Tlf, S2),      T(Tlf, S3),      T(Tlf, S3),       T(Tlf, S3),       T(Tlf, S3),       X },
        /* RCR+ */  { X,          X,                T(Sta, S2),       T(Irc | Scr | Sca, S8), T(S4),           T(S5),           T(Sca, S8),       T(Sca | Tlu, S9), T(Sca, S8),       T(Tld | Scr | Sca, S8) },
        /* RCR- */  { X,          X,                T(Sta, S2),       T(Irc | Scr | Scn, S6), T(S4),           T(S5),           T(Scn, S6),       T(Scn, S7),       T(Scn, S6),       T(Tld | Scr | Scn, S6) },
        /* RCA  */  { X,          X,                T(Sta, S2),       T(Sta, S3),             T(S4),           T(S5),           T(Irc, S7),       T(Scr, S6),       T(Irc | Tlu, S9), T(Tld | Scr, S6) },
        /* RCN  */  { X,          X,                T(Sta, S2),       T(Sta, S3),             T(S4),           T(S5),           T(Irc | Scr, S6), T(Scr, S6),       T(Irc | Scr, S8), T(Tld | Scr, S6) },
        /* RTR  */  { X,          X,                T(Sta, S2),       T(Sta, S3),             T(Sta, S4),      T(Sta, S5),      T(Sta, S6),       T(Sta, S6),       T(Sta, S6),       T(Tld | Zrc | Sta, S5) },
        /* RTA  */  { X,          X,                T(S2),            T(S3),                  T(Tlf, S2),      T(Tlf, S3),      T(S6),            T(S6),            T(S8),            T(Tld | Scr, S6) },
        /* RUC  */  { X,          X,                T(Scj, S2),       T(Scj, S3),             T(Scj, S4),      T(Scj, S5),      T(Scj, S6),       T(Scj, S7),       T(Scj, S8),       T(Scj, S9) },
        /* RXJ+ */  { X,          X,                T(S2),            T(S3),                  T(S4),           T(S5),           T(S6),            T(S6),            T(S8),            T(S9) },
        /* RXJ- */  { X,          X,                T(Tlf, S2),       T(Tlf, S3),             T(Tlf, S2),      T(Tlf, S3),      T(Tlf, S3),       T(Tlf, S3),       T(Tlf, S3),       T(Tld | Irc | Str, S5) },
        /* RXR  */  { X,          X,                T(S2),            T(S3),                  T(S4),           T(S5),           T(S6),            T(S7),            T(S8),            T(Ser, S9) },
    };

    /// <summary>Looks up the cell for <paramref name="automatonEvent"/> in <paramref name="state"/>.</summary>
    public static Transition Lookup(AutomatonState state, AutomatonEvent automatonEvent)
        => Cells[(int)automatonEvent, (int)state];
}
