using System.Net;

namespace Sstp.IO.Radius;

/// <summary>A verified answer and what is needed to interpret it.</summary>
/// <param name="Response">The verified reply, exactly Length octets.</param>
/// <param name="RequestAuthenticator">The Request Authenticator of the request it answers (decrypts MPPE keys).</param>
/// <param name="Secret">The secret of the server that answered.</param>
/// <param name="Server">The endpoint that answered.</param>
/// <param name="Latency">From the last transmission to the answer.</param>
public sealed record RadiusExchange(byte[] Response, byte[] RequestAuthenticator, byte[] Secret, IPEndPoint Server, TimeSpan Latency);
