namespace Sstp.Server.Aaa;

/// <summary>Session counters for Interim-Update and Stop. "Input" is what the user sent (RFC 2866 §5.3).</summary>
/// <param name="InputOctets">Octets received from the user (sent as Acct-Input-Octets + Acct-Input-Gigawords).</param>
/// <param name="OutputOctets">Octets sent to the user (Acct-Output-Octets + Acct-Output-Gigawords).</param>
/// <param name="InputPackets">Packets received from the user (Acct-Input-Packets, modulo 2^32).</param>
/// <param name="OutputPackets">Packets sent to the user (Acct-Output-Packets, modulo 2^32).</param>
/// <param name="SessionTime">Acct-Session-Time, whole seconds.</param>
public readonly record struct AccountingCounters(long InputOctets, long OutputOctets, long InputPackets, long OutputPackets, TimeSpan SessionTime);
