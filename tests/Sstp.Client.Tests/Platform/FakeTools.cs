namespace Sstp.Client.Tests.Platform;

/// <summary>
/// Stand-in programs (shell scripts in a temporary directory) that record every invocation, one argument per
/// line, and answer from files the test writes: <c>NAME.out</c> is printed on stdout; a file
/// <c>fail-KEY</c> (KEY = the arguments joined by '_', with '/' and ':' also '_') makes that exact call
/// print the file to stderr and exit 2; <c>NAME.stdin</c> receives what the last call read on stdin.
/// </summary>
internal sealed class FakeTools : IDisposable
{
    private const string EndMarker = "--end--";

    public FakeTools()
    {
        Directory = Path.Combine(Path.GetTempPath(), "sstp-client-tools-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Directory { get; }

    /// <summary>Creates the stand-in <paramref name="name"/> and returns its full path.</summary>
    public string Create(string name, bool readsStdin = false)
    {
        string path = Path.Combine(Directory, name);
        string stdin = readsStdin ? $"cat > '{Directory}/{name}.stdin'\n" : string.Empty;
        File.WriteAllText(path, $$"""
            #!/bin/sh
            d='{{Directory}}'
            { for a in "$@"; do printf '%s\n' "$a"; done; echo '{{EndMarker}}'; } >> "$d/{{name}}.calls"
            {{stdin}}key=$(printf '%s' "$*" | tr ' /:' '___')
            if [ -f "$d/fail-$key" ]; then cat "$d/fail-$key" >&2; exit 2; fi
            if [ -f "$d/{{name}}.out" ]; then cat "$d/{{name}}.out"; fi
            exit 0

            """);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    /// <summary>Every call of <paramref name="name"/> so far, as its arguments joined by spaces.</summary>
    public IReadOnlyList<string> Calls(string name)
    {
        string path = Path.Combine(Directory, name + ".calls");
        if (!File.Exists(path))
        {
            return [];
        }

        var calls = new List<string>();
        var current = new List<string>();
        foreach (string line in File.ReadAllLines(path))
        {
            if (line == EndMarker)
            {
                calls.Add(string.Join(' ', current));
                current.Clear();
            }
            else
            {
                current.Add(line);
            }
        }

        return calls;
    }

    public void ClearCalls(string name) => File.Delete(Path.Combine(Directory, name + ".calls"));

    public void SetOutput(string name, string text) => File.WriteAllText(Path.Combine(Directory, name + ".out"), text);

    public string? Stdin(string name)
    {
        string path = Path.Combine(Directory, name + ".stdin");
        return File.Exists(path) ? File.ReadAllText(path) : null;
    }

    /// <summary>Makes the call with exactly these arguments fail with <paramref name="stderr"/>.</summary>
    public void Fail(string arguments, string stderr) =>
        File.WriteAllText(Path.Combine(Directory, "fail-" + Key(arguments)), stderr);

    public void Unfail(string arguments) => File.Delete(Path.Combine(Directory, "fail-" + Key(arguments)));

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);

    private static string Key(string arguments) => arguments.Replace(' ', '_').Replace('/', '_').Replace(':', '_');
}
