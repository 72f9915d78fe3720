using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Sstp.IO.Primitives;

namespace Sstp.Server.Users;

/// <summary>
/// Loading and atomically saving the users file (mode 0600; its directory 0700 when created). An admin may make
/// it readable by one group (<c>chgrp sstp users; chmod 640 users</c>) so that a server running as that group after
/// its privilege drop can read it again on reload; saving keeps that group and its read bit.
/// </summary>
public sealed partial class UsersFile
{
    /// <summary>Owner read and write only: the file holds password hashes (and maybe passwords).</summary>
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Owner only, for a directory created to hold the file.</summary>
    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Bits that make the file too open: anything for others, and group write or execute (group read is allowed).</summary>
    private const UnixFileMode TooOpen =
        UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>
    /// Reads and parses the file at <paramref name="path"/>. A missing or unreadable file is one error
    /// (line 0). A file that others can access, or that its group can write, loads with a warning.
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
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & TooOpen) != 0)
        {
            string mode = Convert.ToString((int)File.GetUnixFileMode(path), 8).PadLeft(4, '0');
            result = result with
            {
                Warnings = [.. result.Warnings, $"{path}: others can access it or its group can write it (mode {mode}); run chmod 600 {path} (or 640 for a group that only reads it)"],
            };
        }

        return result;
    }

    /// <summary>
    /// Writes the file atomically: a temporary file in the same directory, created with mode 0600 and
    /// flushed to disk, then renamed over <paramref name="path"/> (readers see the old or the new file, never
    /// half of one). Creates the directory with mode 0700 when it is missing. When the file exists and its group may
    /// read it, the new file gets the same group and mode 0640.
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

        // Keep a group an admin gave the file (rename creates a new inode with our own group).
        uint keepGroup = uint.MaxValue;
        if (!OperatingSystem.IsWindows() && File.Exists(full)
            && (File.GetUnixFileMode(full) & UnixFileMode.GroupRead) != 0
            && UnixFileGroup.TryGet(full, out uint gid))
        {
            keepGroup = gid;
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
                bool groupRead = keepGroup != uint.MaxValue && UnixFileGroup.TrySet(temp, keepGroup);
                File.SetUnixFileMode(temp, groupRead ? FileMode | UnixFileMode.GroupRead : FileMode);
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
