using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Sstp.Protocol.Crypto;
using Sstp.Protocol.Ppp.Auth;
using Sstp.Protocol.Sstp;

namespace Sstp.Benchmarks;

/// <summary>
/// Control-plane crypto paid once per session: MS-CHAPv2 verification on the server, the NT hash, the MPPE/HLAK
/// derivation and SSTP crypto binding (SSTP.md §8). The baseline is one SHA-256 of a 112-byte CALL_CONNECTED,
/// the smallest unit of hashing work the handshake does. These may allocate (an AuthDecision, a string).
/// </summary>
[MemoryDiagnoser]
public class AuthBenchmarks
{
    private const string User = "alice";
    private const string Password = "correct horse battery staple";

    private readonly byte[] _ntHash = new byte[NtHash.Length];
    private readonly byte[] _hashOut = new byte[NtHash.Length];
    private readonly byte[] _hlak = new byte[MppeKeys.HlakLength];
    private readonly byte[] _hlakOut = new byte[MppeKeys.HlakLength];
    private readonly byte[] _nonce = new byte[32];
    private readonly byte[] _certSha1 = new byte[20];
    private readonly byte[] _certSha256 = new byte[32];
    private readonly byte[] _callConnectedSha1 = new byte[SstpControlMessage.CallConnectedLength];
    private readonly byte[] _callConnectedSha256 = new byte[SstpControlMessage.CallConnectedLength];
    private readonly byte[] _written = new byte[SstpControlMessage.CallConnectedLength];
    private readonly byte[] _digest = new byte[32];
    private byte[][] _acceptableSha1 = null!;
    private byte[][] _acceptableSha256 = null!;
    private MsChapV2Request _request = null!;

    /// <summary>Builds a valid MS-CHAPv2 response and both CALL_CONNECTED variants, and checks they verify.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var authenticatorChallenge = Enumerable.Range(0x10, MsChapV2.ChallengeLength).Select(i => (byte)i).ToArray();
        var peerChallenge = Enumerable.Range(0x80, MsChapV2.ChallengeLength).Select(i => (byte)i).ToArray();
        var ntResponse = new byte[MsChapV2.NtResponseLength];
        NtHash.Compute(Password, _ntHash);
        MsChapV2.GenerateNtResponse(authenticatorChallenge, peerChallenge, Encoding.UTF8.GetBytes(User), _ntHash, ntResponse);
        _request = new MsChapV2Request(User, authenticatorChallenge, peerChallenge, ntResponse, 1);
        MppeKeys.GetHlak(_ntHash, ntResponse, _hlak);

        for (int i = 0; i < _nonce.Length; i++)
        {
            _nonce[i] = (byte)(0xA0 + i);
            _certSha256[i] = (byte)(i + 1);
        }

        _certSha1.AsSpan().Fill(0x5A);
        _acceptableSha1 = [_certSha1];
        _acceptableSha256 = [_certSha256];
        CryptoBinding.WriteCallConnected(_callConnectedSha1, CertHashProtocol.Sha1, _nonce, _certSha1, _hlak);
        CryptoBinding.WriteCallConnected(_callConnectedSha256, CertHashProtocol.Sha256, _nonce, _certSha256, _hlak);

        Check(MsChapV2Verify() == AuthDecisionKind.Accept, "MS-CHAPv2 response rejected");
        Check(CryptoBindingVerifySha1() == CryptoBindingResult.Ok, "SHA-1 crypto binding rejected");
        Check(CryptoBindingVerifySha256() == CryptoBindingResult.Ok, "SHA-256 crypto binding rejected");
    }

    /// <summary>Baseline: one SHA-256 of 112 bytes.</summary>
    [Benchmark(Baseline = true)]
    public int Sha256Of112Bytes() => SHA256.HashData(_callConnectedSha256, _digest);

    /// <summary>Server: <see cref="MsChapV2Verifier.Verify(ReadOnlySpan{byte}, MsChapV2Request)"/> with a stored NT hash (accepting).</summary>
    [Benchmark]
    public AuthDecisionKind MsChapV2Verify() => MsChapV2Verifier.Verify((ReadOnlySpan<byte>)_ntHash, _request).Kind;

    /// <summary>NT hash of a 28-character password: MD4 of its UTF-16LE bytes.</summary>
    [Benchmark]
    public void NtHashOfPassword() => NtHash.Compute(Password, _hashOut);

    /// <summary>MPPE master keys and the 32-byte HLAK from the NT hash and NT-Response (RFC 3079, SSTP.md §8.3).</summary>
    [Benchmark]
    public void HlakDerivation() => MppeKeys.GetHlak(_ntHash, _request.NtResponse, _hlakOut);

    /// <summary>Server: <see cref="CryptoBinding.Verify"/> of a SHA-1 CALL_CONNECTED (HMAC-SHA1 CMK and MAC).</summary>
    [Benchmark]
    public CryptoBindingResult CryptoBindingVerifySha1() =>
        CryptoBinding.Verify(_callConnectedSha1, _nonce, CertHashProtocol.Sha1 | CertHashProtocol.Sha256, _acceptableSha1, _acceptableSha256, _hlak);

    /// <summary>Server: <see cref="CryptoBinding.Verify"/> of a SHA-256 CALL_CONNECTED (HMAC-SHA256 CMK and MAC).</summary>
    [Benchmark]
    public CryptoBindingResult CryptoBindingVerifySha256() =>
        CryptoBinding.Verify(_callConnectedSha256, _nonce, CertHashProtocol.Sha1 | CertHashProtocol.Sha256, _acceptableSha1, _acceptableSha256, _hlak);

    /// <summary>Client: <see cref="CryptoBinding.WriteCallConnected"/> with SHA-1.</summary>
    [Benchmark]
    public int WriteCallConnectedSha1() => CryptoBinding.WriteCallConnected(_written, CertHashProtocol.Sha1, _nonce, _certSha1, _hlak);

    /// <summary>Client: <see cref="CryptoBinding.WriteCallConnected"/> with SHA-256.</summary>
    [Benchmark]
    public int WriteCallConnectedSha256() => CryptoBinding.WriteCallConnected(_written, CertHashProtocol.Sha256, _nonce, _certSha256, _hlak);

    private static void Check(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"Benchmark setup failed: {what}.");
        }
    }
}
