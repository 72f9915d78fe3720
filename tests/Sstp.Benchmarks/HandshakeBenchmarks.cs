using System.Text;
using BenchmarkDotNet.Attributes;
using Sstp.Protocol.Crypto;
using Sstp.Protocol.Ppp.Auth;
using Sstp.Protocol.Ppp.Lcp;
using Sstp.Protocol.Session;
using Sstp.TestKit;

namespace Sstp.Benchmarks;

/// <summary>
/// Protocol CPU per session setup without TLS: a ClientSession and a ServerSession, joined in memory by the
/// TestKit <see cref="SessionPair"/>, run HTTP → SSTP → LCP → MS-CHAPv2 → crypto binding → IPCP until both raise
/// TunnelUp. Both ends' work is counted, plus the harness (it copies bytes through lists and records every unit,
/// so Allocated is an upper bound for the core). The baseline is the server's password check alone
/// (NT hash + MS-CHAPv2 verify), so the ratio shows how much of a setup is authentication crypto.
/// </summary>
[MemoryDiagnoser]
public class HandshakeBenchmarks
{
    private const string User = "alice";
    private const string Password = "correct horse battery staple";

    private readonly Dictionary<string, string> _users = new() { [User] = Password };
    private ServerSessionSettings _server = null!;
    private ClientSessionSettings _client = null!;
    private MsChapV2Request _request = null!;

    /// <summary>Prepares settings and checks that a setup reaches TunnelUp on both sides.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _server = SessionPair.ServerSettings(AuthProtocolOption.MsChapV2);
        _client = SessionPair.ClientSettings(User, Password);
        var authenticatorChallenge = Enumerable.Range(0x10, MsChapV2.ChallengeLength).Select(i => (byte)i).ToArray();
        var peerChallenge = Enumerable.Range(0x80, MsChapV2.ChallengeLength).Select(i => (byte)i).ToArray();
        var ntHash = new byte[NtHash.Length];
        var ntResponse = new byte[MsChapV2.NtResponseLength];
        NtHash.Compute(Password, ntHash);
        MsChapV2.GenerateNtResponse(authenticatorChallenge, peerChallenge, Encoding.UTF8.GetBytes(User), ntHash, ntResponse);
        _request = new MsChapV2Request(User, authenticatorChallenge, peerChallenge, ntResponse, 1);

        if (!SessionSetupMsChapV2() || ServerPasswordCheck() != AuthDecisionKind.Accept)
        {
            throw new InvalidOperationException("Benchmark setup failed: the session pair did not come up.");
        }
    }

    /// <summary>Baseline: the server's MS-CHAPv2 check from a clear-text password (NT hash + verify).</summary>
    [Benchmark(Baseline = true)]
    public AuthDecisionKind ServerPasswordCheck() => MsChapV2Verifier.Verify(Password.AsSpan(), _request).Kind;

    /// <summary>A whole client↔server setup to TunnelUp with MS-CHAPv2 and SHA-256 crypto binding.</summary>
    [Benchmark]
    public bool SessionSetupMsChapV2()
    {
        var pair = new SessionPair(_server, _client, _users, seed: 1, maxChunk: 4095);
        pair.RunUntilUp();
        return pair.BothUp;
    }
}
