using System.CommandLine;
using Microsoft.Extensions.Logging;
using Sstp.Cli.Logging;
using Sstp.IO.Privileges;
using Sstp.IO.Tls;
using Sstp.IO.Tun;
using Sstp.Server.Configuration;
using Sstp.Server.Hosting;
using Sstp.Server.Pools;
using Sstp.Server.Users;

namespace Sstp.Cli.Commands;

/// <summary>
/// <c>sstp server</c>: loads and checks the configuration (file, then command line), the users and the
/// certificate, then serves until SIGINT or SIGTERM and stops gracefully; SIGHUP reloads (<see cref="ServerReloader"/>).
/// Exit codes: 0 stopped normally; 1 could not start (TUN, listener, certificate); 2 bad configuration or users.
/// </summary>
public static partial class ServerCommand
{
    /// <summary>Builds the <c>server</c> command.</summary>
    public static Command Create()
    {
        var options = new ServerCommandOptions();
        var command = new Command("server", "Run the SSTP server (TLS on port 443, TUN device, local users).");
        options.AddTo(command);
        command.SetAction((parse, cancel) => RunAsync(options, parse, cancel));
        return command;
    }

    private static async Task<int> RunAsync(ServerCommandOptions cli, ParseResult parse, CancellationToken cancel)
    {
        // Output that cannot be written (disk full, closed pipe) is dropped rather than stopping the server.
        DroppingTextWriter.InstallForConsole();
        var error = Console.Error;
        string? path = cli.GetConfigPath(parse);
        var loaded = ServerOptionsLoader.Load(path ?? ServerOptionsLoader.DefaultConfigPath, path is not null, cli.GetOverlay(parse));
        if (!loaded.Succeeded)
        {
            foreach (var problem in loaded.Errors)
            {
                await error.WriteLineAsync($"sstp: configuration error: {problem}").ConfigureAwait(false);
            }

            return 2;
        }

        var options = loaded.Options!;
        if (!TryFindUser(options, error, out var account))
        {
            return 2;
        }

        var users = LoadUsers(options, error);
        if (users is null)
        {
            return 2;
        }

        CertificateSource certificate;
        try
        {
            certificate = LoadCertificate(options, Console.Out);
            if (options.OffloadCertificatePath is { } offloadCert)
            {
                // Read once here too, so a missing or wrong file is a clean start-up error rather than a crash.
                LoadBalancerSupport.LoadOffloadHashes(offloadCert);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            await error.WriteLineAsync($"sstp: cannot load the certificate: {e.Message}").ConfigureAwait(false);
            return 1;
        }

        using var _ = certificate;
        var level = new LogLevelSwitch(options.LogLevel);
        using var loggers = LoggerFactory.Create(b => b
            .SetMinimumLevel(LogLevel.Trace)
            .AddFilter((_, _, l) => level.Allows(l))
            .AddSstpConsole(options.LogFormat, "yyyy-MM-ddTHH:mm:ss.fffZ ", textUtc: true));

        using var stop = new StopSignals(cancel);
        await using var server = new SstpServer(options, users, certificate, loggers);
        var notifier = new ServiceNotifier(loggers.CreateLogger("sstp.systemd"));
        var service = AttachService(server, notifier, account, loggers, stop.Token);

        // SIGHUP reloads the configuration, users and certificate (SstpServer.ReloadAsync).
        using var reloader = new ServerReloader(cli, parse, server, level, loggers.CreateLogger("sstp.server"), notifier);
        server.ReloadHandler = async ct =>
        {
            var result = await reloader.ReloadAsync("sstp ctl", ct).ConfigureAwait(false);
            return result.Succeeded ? result.ToString() : throw new InvalidOperationException($"nothing was changed: {result.Error}");
        };
        try
        {
            await server.RunAsync(stop.Token).ConfigureAwait(false);
        }
        catch (PrivilegeDropException e)
        {
            await error.WriteLineAsync($"sstp: cannot switch to user '{options.User}': {e.Message}").ConfigureAwait(false);
            return 1;
        }
        catch (TunDeviceException e)
        {
            await error.WriteLineAsync($"sstp: cannot create the TUN device '{options.Tunnel.Name}': {e.Message}").ConfigureAwait(false);
            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"sstp: cannot start: {e.Message}").ConfigureAwait(false);
            return 1;
        }
        finally
        {
            await service.DisposeAsync().ConfigureAwait(false);
        }

        return 0;
    }

    internal static UserStore? LoadUsers(ServerOptions options, TextWriter error)
    {
        if (options.Radius.Enabled && !File.Exists(options.UsersFile))
        {
            // RADIUS authenticates; the users file only adds static addresses when it exists.
            return UserStore.Empty;
        }

        var result = UsersFile.Load(options.UsersFile);
        foreach (string warning in result.Warnings)
        {
            error.WriteLine($"sstp: warning: {warning}");
        }

        if (!result.Succeeded)
        {
            foreach (var problem in result.Errors)
            {
                error.WriteLine($"sstp: {problem}");
            }

            return null;
        }

        var store = result.File!.ToStore();
        if (store.Count == 0 && !options.Radius.Enabled)
        {
            error.WriteLine($"sstp: no users in {options.UsersFile}; the server refuses to start without one.");
            error.WriteLine($"      add one with: sstp user add NAME --users {options.UsersFile}");
            return null;
        }

        var problems = Ipv4Pool.CheckReservations(options.Pool.Ipv4, store.StaticIPv4).ToList();
        if (options.Pool.Ipv6 is { } v6)
        {
            problems.AddRange(Ipv6PrefixPool.CheckReservations(v6, store.StaticIPv6));
        }

        foreach (string problem in problems)
        {
            error.WriteLine($"sstp: {options.UsersFile}: {problem}");
        }

        return problems.Count == 0 ? store : null;
    }

    internal static CertificateSource LoadCertificate(ServerOptions options, TextWriter output)
    {
        CertificateSource certificate;
        if (options.Tls.CertificatePath is { } certPath)
        {
            certificate = LoadFile(certPath, options.Tls.KeyPath);
            if (options.Tls.SniCertificates.Count > 0)
            {
                certificate = WithSniCertificates(certificate, options.Tls.SniCertificates, output);
            }
        }
        else
        {
            // Embedded default: a self-signed certificate kept in the state directory, so its pin stays stable.
            string certFile = Path.Combine(options.StateDirectory, "cert.pem");
            string keyFile = Path.Combine(options.StateDirectory, "key.pem");
            if (File.Exists(certFile) && File.Exists(keyFile))
            {
                certificate = CertificateSource.LoadPem(certFile, keyFile);
            }
            else
            {
                if (OperatingSystem.IsWindows())
                {
                    Directory.CreateDirectory(options.StateDirectory);
                }
                else
                {
                    Directory.CreateDirectory(options.StateDirectory, UsersFile.DirectoryMode);
                }

                certificate = CertificateSource.CreateSelfSigned(Environment.MachineName);
                certificate.SavePem(certFile, keyFile);
                output.WriteLine($"sstp: created a self-signed certificate for '{Environment.MachineName}' in {certFile}");
            }
        }

        output.WriteLine($"sstp: certificate {certificate.Leaf.Subject}, SHA-256 {Convert.ToHexString(certificate.LeafSha256.Span)} (clients pin this)");
        return certificate;
    }

    private static CertificateSource LoadFile(string certPath, string? keyPath)
    {
        bool pfx = certPath.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) || certPath.EndsWith(".p12", StringComparison.OrdinalIgnoreCase);
        return pfx ? CertificateSource.LoadPfx(certPath, null) : CertificateSource.LoadPem(certPath, keyPath);
    }

    /// <summary>Loads the server.sni-certs files and attaches them to the default certificate; all or none.</summary>
    private static CertificateSource WithSniCertificates(CertificateSource primary, IReadOnlyList<SniCertificate> entries, TextWriter output)
    {
        var loaded = new List<CertificateSource>();
        try
        {
            foreach (var entry in entries)
            {
                var source = LoadFile(entry.CertificatePath, entry.KeyPath);
                loaded.Add(source);
                string names = string.Join(", ", ServerNameMatch.NamesOf(source.Leaf));
                output.WriteLine($"sstp: SNI certificate {source.Leaf.Subject} for {(names.Length == 0 ? "no DNS name" : names)}, SHA-256 {Convert.ToHexString(source.LeafSha256.Span)}");
            }

            return CertificateSource.WithAlternates(primary, loaded);
        }
        catch
        {
            foreach (var source in loaded)
            {
                source.Dispose();
            }

            primary.Dispose();
            throw;
        }
    }
}
