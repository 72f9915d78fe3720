using System.Diagnostics;
using Microsoft.Win32.SafeHandles;
using Sstp.IO.Tun;
using Native = Sstp.IO.Interop.Linux.Interop;

namespace Sstp.IO.Tests.Tun;

/// <summary>
/// A network namespace created for one test under a unique name and deleted on dispose (which also
/// destroys any interface still inside it). Work inside it runs on a dedicated thread that setns()es in.
/// </summary>
internal sealed class TestNamespace : IAsyncDisposable
{
    private TestNamespace(string name) => Name = name;

    public string Name { get; }

    public LinkConfigurator Links => new(Name);

    public static async Task<TestNamespace> CreateAsync(CancellationToken cancellationToken)
    {
        var ns = new TestNamespace("sstpio-" + RootOnly.UniqueSuffix());
        await new LinkConfigurator().RunAsync(["netns", "add", ns.Name], cancellationToken);
        return ns;
    }

    /// <summary>Runs <paramref name="work"/> on a new thread that has joined this namespace.</summary>
    public Task<T> RunInsideAsync<T>(Func<T> work)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                using SafeFileHandle nsFd = File.OpenHandle($"/run/netns/{Name}", FileMode.Open, FileAccess.Read);
                if (Native.SetNs(nsFd, Native.CLONE_NEWNET) != 0)
                {
                    throw new IOException($"setns failed: errno {Native.LastErrno}");
                }

                done.SetResult(work());
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        })
        {
            Name = "netns " + Name,
            IsBackground = true,
        };
        thread.Start();
        return done.Task;
    }

    /// <summary>Runs a program inside the namespace (<c>ip netns exec NAME ...</c>) and returns its exit code.</summary>
    public async Task<int> ExecAsync(string program, string[] args, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in (string[])["netns", "exec", Name, program, .. args])
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        TestContext.Current.TestOutputHelper?.WriteLine(await stdout + await stderr);
        return process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await new LinkConfigurator().RunAsync(["netns", "del", Name], CancellationToken.None);
        }
        catch (LinkConfigurationException e)
        {
            TestContext.Current.TestOutputHelper?.WriteLine($"cleanup: {e.Message}");
        }
    }
}
