namespace Sstp.E2E.Tests.Client;

/// <content>A server whose standard output and error go to a file of the test's choice (e.g. /dev/full).</content>
internal sealed partial class NamespaceServer
{
    /// <summary>
    /// Like <see cref="StartAsync"/>, but the server's standard output and error both go to <paramref name="outputFile"/>
    /// (through <c>sh -c 'exec … &gt;FILE 2&gt;&amp;1'</c>), so nothing it prints reaches the test: readiness is the
    /// listening socket, and the certificate is not pinned (<see cref="PinSha256"/> is empty; clients use --insecure).
    /// </summary>
    public static async Task<NamespaceServer> StartWithOutputToAsync(
        NamespacePair net, IReadOnlyDictionary<string, string> users, int port, string outputFile, params string[] options)
    {
        string directory = Path.Combine(Path.GetTempPath(), "sstp-ce-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        string usersFile = Path.Combine(directory, "users");
        foreach (var (name, password) in users)
        {
            await AddUserAsync(name, password, usersFile, chap: false);
        }

        // "$@" keeps every argument intact; only the redirection is the shell's.
        string[] command = [
            "ip", "netns", "exec", net.ServerNs, "sh", "-c", $"exec \"$@\" >{outputFile} 2>&1", "sh",
            "dotnet", ClientE2E.Sstp, "server", "--listen", $"{NamespacePair.ServerIPv4}:{port}", "--users", usersFile,
            "--state-dir", Path.Combine(directory, "state"), "--tun", "sstpd0", "--control-socket", Path.Combine(directory, "sstp.sock"), .. options];
        var process = ChildProcess.Start("sstp server (output to " + outputFile + ")", command);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var (_, listening) = await net.InServerAsync("ss", "-Htln", $"sport = :{port}");
            if (listening.Trim().Length > 0)
            {
                return new NamespaceServer(process, directory, command, string.Empty);
            }

            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                await process.DisposeAsync();
                Directory.Delete(directory, recursive: true);
                throw new InvalidOperationException($"the server with its output to {outputFile} never listened on port {port}");
            }

            await Task.Delay(200);
        }
    }
}
