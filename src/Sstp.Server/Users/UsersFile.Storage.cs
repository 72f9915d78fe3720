using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Sstp.Server.Users;

/// <summary>Loading and atomically saving the users file (mode 0600; its directory 0700 when created).</summary>
public sealed partial class UsersFile
{
    /// <summary>Owner read and write only: the file holds password hashes (and maybe passwords).</summary>
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Owner only, for a directory created to hold the file.</summary>
    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private const UnixFileMode GroupOrOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>
    /// Reads and parses the file at <paramref name="path"/>. A missing or unreadable file is one error
    /// (line 0). A file that group or others can access loads with a warning.
    /// </summary>
    public static UsersFileLoadResult Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string text;
        try
        {
            text = File.ReadAllText(path, Encoding.UTF8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            string message = e is FileNotFoundException or DirectoryNotFoundException
                ? "the file does not exist (add a user with `sstp user add NAME --users FILE`)"
                : $"cannot read the file: {e.Message}";
            return new UsersFileLoadResult(null, [new UsersFileError(path, 0, message)], []);
        }

        var result = Parse(text, path);
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & GroupOrOther) != 0)
        {
            string mode = Convert.ToString((int)File.GetUnixFileMode(path), 8).PadLeft(4, '0');
            result = result with
            {
                Warnings = [.. result.Warnings, $"{path}: group or others can access it (mode {mode}); run chmod 600 {path}"],
            };
        }

        return result;
    }

    /// <summary>
    /// Writes the file atomically: a temporary file in the same directory, created with mode 0600 and
    /// flushed to disk, then renamed over <paramref name="path"/> (readers see the old or the new file, never
    /// half of one). Creates the directory with mode 0700 when it is missing.
    /// </summary>
    /// <exception cref="IOException">The file could not be written; <paramref name="path"/> is unchanged.</exception>
    /// <exception cref="UnauthorizedAccessException">No permission to write there.</exception>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full) ?? "/";
        if (!Directory.Exists(directory))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(directory);
            }
            else
            {
                Directory.CreateDirectory(directory, DirectoryMode);
            }
        }

        string suffix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        string temp = Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $".{Path.GetFileName(full)}.{suffix}.tmp"));
        var options = new FileStreamOptions { Mode = System.IO.FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = FileMode;
        }

        try
        {
            using (var stream = new FileStream(temp, options))
            {
                byte[] bytes = Encoding.UTF8.GetBytes(Format());
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            if (!OperatingSystem.IsWindows())
            {
                // The create mode is filtered by the umask, which only removes bits; set it exactly anyway.
                File.SetUnixFileMode(temp, FileMode);
            }

            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }
}
