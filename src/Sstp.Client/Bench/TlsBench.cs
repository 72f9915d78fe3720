// The TLS baseline for the tunnel figures: the server's TlsAcceptor and the client's TlsConnector, talking over
// 127.0.0.1 (ephemeral port) inside this one process, with no SSTP or PPP on top.
//   stream     - one connection per direction. The sender writes WriteSize bytes per call (what the session
//                driver writes when it merges packets), the receiver reads ReadSize at a time (the driver's
//                receive buffer). Bytes received after the warm-up, over the measured time, give Mbit/s.
//   handshakes - Concurrency workers loop: TCP connect, TLS handshake, close; the server accepts and runs the
//                acceptor's handshake for each. One shared connector with one target name, as sstp bench setup
//                uses, so TLS resumption behaves the same. Handshakes completed in the measured time per second.
// The certificate is the kind `sstp server` makes by default: self-signed ECDSA P-256. The client pins it.

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Sstp.IO.Tls;

namespace Sstp.Client.Bench;

/// <summary>Runs <c>sstp bench tls</c>: TLS throughput and handshake rate over loopback, no SSTP.</summary>
public sealed class TlsBench
{
    private readonly TlsBenchOptions _options;
    private long _failed;

    /// <summary>Creates a run with <paramref name="options"/>.</summary>
    public TlsBench(TlsBenchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <summary>Runs the mode chosen in the options.</summary>
    /// <param name="stop">Ends the run early; the figures then cover the time measured so far.</param>
    public Task<TlsBenchReport> RunAsync(CancellationToken stop) =>
        _options.Mode == TlsBenchMode.Stream ? RunStreamAsync(stop) : RunHandshakesAsync(stop);

    private async Task<TlsBenchReport> RunStreamAsync(CancellationToken stop)
    {
        using var certificate = CertificateSource.CreateSelfSigned(IPAddress.Loopback.ToString());
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var acceptor = new TlsAcceptor(certificate, new TlsAcceptorOptions());
        using var connector = Connector(certificate);
        var cpu = CpuTime();
        var (up, protocol, cipher) = await MeasureOneWayAsync(listener, acceptor, connector, clientSends: true, stop).ConfigureAwait(false);
        var (down, _, _) = await MeasureOneWayAsync(listener, acceptor, connector, clientSends: false, stop).ConfigureAwait(false);
        return new TlsBenchReport
        {
            Mode = "stream",
            Seconds = Math.Round(_options.Duration.TotalSeconds, 2),
            Protocol = protocol,
            CipherSuite = cipher,
            WriteSize = _options.WriteSize,
            UpMbps = Math.Round(up, 1),
            DownMbps = Math.Round(down, 1),
            Failed = Interlocked.Read(ref _failed),
            CpuSeconds = Math.Round((CpuTime() - cpu).TotalSeconds, 2),
        };
    }

    private async Task<(double Mbps, string Protocol, string Cipher)> MeasureOneWayAsync(
        TcpListener listener, TlsAcceptor acceptor, TlsConnector connector, bool clientSends, CancellationToken stop)
    {
        var accepted = AcceptOneAsync(listener, acceptor, stop);
        await using var client = await ConnectAsync(connector, (IPEndPoint)listener.LocalEndpoint, stop).ConfigureAwait(false);
        await using var server = await accepted.ConfigureAwait(false);
        var (sender, receiver) = clientSends ? (client, server) : (server, client);

        using var done = CancellationTokenSource.CreateLinkedTokenSource(stop);
        long received = 0;
        // An error once the run is over is teardown, not a failure: the sender never reads, so the TLS 1.3 session
        // tickets wait unread in its socket and closing it sends a reset instead of a FIN.
        bool Teardown(Exception e) => done.IsCancellationRequested && e is IOException or ObjectDisposedException;
        var reading = Task.Run(
            async () =>
            {
                var buffer = new byte[_options.ReadSize];
                try
                {
                    int n;
                    while ((n = await receiver.Stream.ReadAsync(buffer, CancellationToken.None).ConfigureAwait(false)) > 0)
                    {
                        Interlocked.Add(ref received, n);
                    }
                }
                catch (Exception e) when (Teardown(e))
                {
                    // Closed by the sender at the end.
                }
            },
            CancellationToken.None);
        var writing = Task.Run(
            async () =>
            {
                var buffer = new byte[_options.WriteSize];
                Random.Shared.NextBytes(buffer);
                try
                {
                    while (!done.IsCancellationRequested)
                    {
                        await sender.Stream.WriteAsync(buffer, CancellationToken.None).ConfigureAwait(false);
                    }

                    await sender.Stream.ShutdownAsync().ConfigureAwait(false);
                }
                catch (Exception e) when (Teardown(e))
                {
                    // The receiver went away at the end.
                }
                finally
                {
                    await sender.DisposeAsync().ConfigureAwait(false);
                }
            },
            CancellationToken.None);

        double mbps = 0;
        try
        {
            await Task.Delay(_options.Warmup, stop).ConfigureAwait(false);
            long start = Interlocked.Read(ref received);
            long t0 = Stopwatch.GetTimestamp();
            try
            {
                await Task.Delay(_options.Duration, stop).ConfigureAwait(false);
            }
            finally
            {
                double seconds = Stopwatch.GetElapsedTime(t0).TotalSeconds;
                mbps = seconds > 0 ? (Interlocked.Read(ref received) - start) * 8 / seconds / 1e6 : 0;
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopped early: report what was measured.
        }

        await done.CancelAsync().ConfigureAwait(false);
        try
        {
            await writing.ConfigureAwait(false);
            if (await Task.WhenAny(reading, Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None)).ConfigureAwait(false) != reading)
            {
                // No end of stream reached the receiver: close it so the read ends.
                await receiver.DisposeAsync().ConfigureAwait(false);
            }

            await reading.ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // An error while the data was still flowing.
            Interlocked.Increment(ref _failed);
        }

        return (mbps, client.Protocol.ToString(), client.CipherSuite.ToString());
    }

    private async Task<TlsBenchReport> RunHandshakesAsync(CancellationToken stop)
    {
        using var certificate = CertificateSource.CreateSelfSigned(IPAddress.Loopback.ToString());
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start(_options.Concurrency * 4);
        var acceptor = new TlsAcceptor(certificate, new TlsAcceptorOptions());
        using var connector = Connector(certificate);
        var endpoint = (IPEndPoint)listener.LocalEndpoint;
        using var end = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var serving = ServeHandshakesAsync(listener, acceptor, end.Token);

        long completed = 0;
        string protocol = string.Empty, cipher = string.Empty;
        var workers = Enumerable.Range(0, _options.Concurrency).Select(_ => Task.Run(
            async () =>
            {
                while (!end.IsCancellationRequested)
                {
                    try
                    {
                        await using var connection = await ConnectAsync(connector, endpoint, end.Token).ConfigureAwait(false);
                        protocol = connection.Protocol.ToString();
                        cipher = connection.CipherSuite.ToString();
                        Interlocked.Increment(ref completed);
                    }
                    catch (OperationCanceledException) when (end.IsCancellationRequested)
                    {
                        return;
                    }
                    catch (Exception e) when (e is IOException or SocketException or System.Security.Authentication.AuthenticationException or TimeoutException)
                    {
                        Interlocked.Increment(ref _failed);
                    }
                }
            },
            CancellationToken.None)).ToList();

        long counted = 0, failedAtStart = 0;
        double seconds = 0;
        TimeSpan cpu = CpuTime();
        try
        {
            await Task.Delay(_options.Warmup, stop).ConfigureAwait(false);
            long start = Interlocked.Read(ref completed);
            failedAtStart = Interlocked.Read(ref _failed);
            cpu = CpuTime();
            long t0 = Stopwatch.GetTimestamp();
            try
            {
                await Task.Delay(_options.Duration, stop).ConfigureAwait(false);
            }
            finally
            {
                seconds = Stopwatch.GetElapsedTime(t0).TotalSeconds;
                counted = Interlocked.Read(ref completed) - start;
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopped early: report what was measured.
        }

        double cpuSeconds = (CpuTime() - cpu).TotalSeconds;
        long failed = Interlocked.Read(ref _failed) - failedAtStart;
        await end.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(workers).ConfigureAwait(false);
        listener.Stop();
        await serving.ConfigureAwait(false);
        return new TlsBenchReport
        {
            Mode = "handshakes",
            Seconds = Math.Round(seconds, 2),
            Protocol = protocol,
            CipherSuite = cipher,
            Concurrency = _options.Concurrency,
            Handshakes = counted,
            HandshakesPerSecond = seconds > 0 ? Math.Round(counted / seconds, 1) : 0,
            Failed = failed,
            CpuSeconds = Math.Round(cpuSeconds, 2),
        };
    }

    private static async Task ServeHandshakesAsync(TcpListener listener, TlsAcceptor acceptor, CancellationToken end)
    {
        var running = new List<Task>();
        while (!end.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptSocketAsync(end).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                break;
            }

            socket.NoDelay = true;
            running.RemoveAll(t => t.IsCompleted);
            running.Add(Task.Run(
                async () =>
                {
                    var transport = new NetworkStream(socket, ownsSocket: true);
                    try
                    {
                        await using var connection = await acceptor.AcceptAsync(transport, end).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is OperationCanceledException or IOException or System.Security.Authentication.AuthenticationException or TimeoutException)
                    {
                        await transport.DisposeAsync().ConfigureAwait(false);
                    }
                },
                CancellationToken.None));
        }

        await Task.WhenAll(running).ConfigureAwait(false);
    }

    private static async Task<TlsConnection> AcceptOneAsync(TcpListener listener, TlsAcceptor acceptor, CancellationToken stop)
    {
        var socket = await listener.AcceptSocketAsync(stop).ConfigureAwait(false);
        socket.NoDelay = true;
        var transport = new NetworkStream(socket, ownsSocket: true);
        try
        {
            return await acceptor.AcceptAsync(transport, stop).ConfigureAwait(false);
        }
        catch
        {
            await transport.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task<TlsConnection> ConnectAsync(TlsConnector connector, IPEndPoint server, CancellationToken stop)
    {
        var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(server, stop).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var transport = new NetworkStream(socket, ownsSocket: true);
        try
        {
            return await connector.ConnectAsync(transport, stop).ConfigureAwait(false);
        }
        catch
        {
            await transport.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static TlsConnector Connector(CertificateSource certificate) => new(new TlsConnectorOptions
    {
        TargetHost = IPAddress.Loopback.ToString(),
        Validation = ServerCertificateValidation.PinnedSha256,
        PinnedSha256 = certificate.LeafSha256,
    });

    private static TimeSpan CpuTime()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }
}
