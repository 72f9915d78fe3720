using System.Net;

namespace Sstp.IO.Radius;

/// <summary>One RADIUS server: where to send authentication and accounting, its shared secret and its rank.</summary>
/// <param name="Auth">Access-Request destination (usually port 1812).</param>
/// <param name="Accounting">Accounting-Request destination (usually port 1813).</param>
/// <param name="Secret">The shared secret (RFC 2865 §3), used for both ports.</param>
/// <param name="Priority">Lower is tried first; equal priorities keep their configured order.</param>
public sealed record RadiusServerEndpoint(IPEndPoint Auth, IPEndPoint Accounting, byte[] Secret, int Priority);
