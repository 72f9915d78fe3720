using Sstp.IO.Tls;
using Sstp.Protocol.Session;
using Sstp.Server.Diagnostics;

namespace Sstp.Server.Hosting;

/// <summary>
/// The server certificate while serving: its status (expiry, chain) checked at start, at each reload and daily,
/// and the session settings that bind each session to the certificate its handshake actually used.
/// </summary>
public sealed partial class SstpServer
{
    private volatile CertificateStatus _certificateStatus;

    /// <summary>The certificate new connections get, and what is wrong with it; refreshed at each reload and daily.</summary>
    public CertificateStatus CertificateStatus => _certificateStatus;

    /// <summary>Logs the status of the current certificate (at start, after a reload, and daily).</summary>
    internal void LogCertificateStatus(bool withSummary)
    {
        var status = _certificateStatus;
        if (withSummary)
        {
            ServerLog.CertificateInUse(_log, status.Subject, status.Sha256, status.NotAfter, status.DaysLeft);
            if (status.SelfSigned)
            {
                ServerLog.CertificateSelfSigned(_log, status.Subject);
            }
        }

        switch (status.Expiry)
        {
            case CertificateExpiry.Expired:
                ServerLog.CertificateExpired(_log, status.Subject, status.NotAfter);
                break;
            case CertificateExpiry.Within7Days:
                ServerLog.CertificateExpiresVerySoon(_log, status.Subject, status.DaysLeft, status.NotAfter);
                break;
            case CertificateExpiry.Within30Days:
                ServerLog.CertificateExpiresSoon(_log, status.Subject, status.DaysLeft, status.NotAfter);
                break;
        }

        if (!status.ChainComplete)
        {
            ServerLog.CertificateChainIncomplete(_log, status.Subject, status.Warnings[^1]);
        }

        // The SNI certificates expire on their own schedules: the same warnings, by subject.
        var now = _time.GetUtcNow();
        foreach (var alternate in _acceptor.Certificate.Alternates)
        {
            string subject = alternate.Leaf.Subject;
            var notAfter = new DateTimeOffset(alternate.Leaf.NotAfter.ToUniversalTime(), TimeSpan.Zero);
            switch (CertificateCheck.Classify(notAfter, now, out int daysLeft))
            {
                case CertificateExpiry.Expired:
                    ServerLog.CertificateExpired(_log, subject, notAfter);
                    break;
                case CertificateExpiry.Within7Days:
                    ServerLog.CertificateExpiresVerySoon(_log, subject, daysLeft, notAfter);
                    break;
                case CertificateExpiry.Within30Days:
                    ServerLog.CertificateExpiresSoon(_log, subject, daysLeft, notAfter);
                    break;
            }
        }
    }

    /// <summary>The session settings for a connection: crypto binding uses the certificate that connection got.</summary>
    private ServerSessionSettings SessionSettingsFor(TlsConnection tls)
    {
        var settings = _sessionSettings;
        if (settings.Sstp.CertHashesSha256.Count == 1 && tls.ServerLeafSha256.Span.SequenceEqual(settings.Sstp.CertHashesSha256[0]))
        {
            return settings;
        }

        // The handshake began before a reload swapped the certificate.
        return settings with
        {
            Sstp = settings.Sstp with
            {
                CertHashesSha1 = [tls.ServerLeafSha1.ToArray()],
                CertHashesSha256 = [tls.ServerLeafSha256.ToArray()],
            },
        };
    }

    /// <summary>Checks the certificate once a day and logs what is wrong with it.</summary>
    private void StartCertificateWatch(CancellationToken stopping)
    {
        LogCertificateStatus(withSummary: true);
        _ = Task.Run(
            async () =>
            {
                while (!stopping.IsCancellationRequested)
                {
                    try
                    {
                        await Task.Delay(TimeSpan.FromDays(1), _time, stopping).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }

                    _certificateStatus = CertificateCheck.Check(_acceptor.Certificate, _time.GetUtcNow());
                    LogCertificateStatus(withSummary: false);
                }
            },
            CancellationToken.None);
    }
}
