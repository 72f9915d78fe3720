using Sstp.IO.Primitives;
using Sstp.IO.Radius;
using Sstp.Protocol.Ppp.Auth;
using Sstp.Protocol.Radius;

namespace Sstp.Server.Aaa;

/// <summary>
/// Authenticates PPP credentials against RADIUS [AUTH.md §7.3, §7.4]: the core's
/// <see cref="RadiusAuthMapper.TryBuildAccessRequest"/> builds the Access-Request for each server tried (its
/// secret, an Identifier from its pool), <see cref="RadiusClient"/> carries it, and
/// <see cref="RadiusAuthMapper.MapResponse"/> turns the verified answer into a decision (for MS-CHAPv2 with the
/// HLAK from the MS-MPPE keys).
/// </summary>
/// <param name="client">The shared RADIUS client.</param>
public sealed class RadiusAuthenticator(RadiusClient client)
{
    private readonly RadiusClient _client = client ?? throw new ArgumentNullException(nameof(client));

    /// <summary>Asks the RADIUS servers about <paramref name="request"/>.</summary>
    /// <param name="request">The peer's credentials.</param>
    /// <param name="nas">Our NAS attributes (Calling-Station-Id = the client's address).</param>
    /// <param name="state">EAP: the State of the previous Access-Challenge, or null.</param>
    /// <param name="cancellationToken">Ends the wait (the session went away).</param>
    /// <returns>
    /// The mapped answer; a reject when the request cannot be encoded (an over-long field); null when no
    /// RADIUS server answered (the host then rejects and logs).
    /// </returns>
    public Task<RadiusAuthResult?> AuthenticateAsync(AuthRequest request, RadiusNasAttributes nas, byte[]? state, CancellationToken cancellationToken) =>
        AuthenticateAsync(request, nas, state, userName: null, cancellationToken);

    /// <summary>
    /// As <see cref="AuthenticateAsync(AuthRequest, RadiusNasAttributes, byte[], CancellationToken)"/>, with the
    /// User-Name for EAP rounds after the identity exchange (RFC 3579 §2.1; null = take it from an
    /// EAP-Response/Identity, or leave it out).
    /// </summary>
    public async Task<RadiusAuthResult?> AuthenticateAsync(AuthRequest request, RadiusNasAttributes nas, byte[]? state, string? userName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(nas);
        bool unencodable = false;
        var exchange = await _client.AuthenticateAsync(
            (secret, identifier) =>
            {
                if (RadiusAuthMapper.TryBuildAccessRequest(request, nas, secret, identifier, CryptoRandom.Instance, out var packet, state, userName))
                {
                    return packet;
                }

                unencodable = true;
                return null;
            },
            cancellationToken).ConfigureAwait(false);

        if (exchange is null)
        {
            return unencodable
                ? new RadiusAuthResult(request is EapPassThroughRequest ? AuthDecision.EapReject() : AuthDecision.Reject("The request cannot be encoded for RADIUS."), null, null, null)
                : null;
        }

        return RadiusAuthMapper.MapResponse(exchange.Response, request, exchange.RequestAuthenticator, exchange.Secret);
    }
}
