namespace Sstp.Protocol.Ppp.Negotiation;

/// <summary>One cell of the RFC 1661 §4.1 transition table: the actions to run and the next state.</summary>
/// <param name="Actions">Actions, run in flag order.</param>
/// <param name="Next">The state after the actions.</param>
/// <param name="IsDefined">False for the table's "-" (cannot happen) cells; such events change nothing.</param>
public readonly record struct Transition(AutomatonActions Actions, AutomatonState Next, bool IsDefined = true);
