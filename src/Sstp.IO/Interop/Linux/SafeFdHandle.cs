using System.Runtime.InteropServices;

namespace Sstp.IO.Interop.Linux;

/// <summary>
/// Owns a Linux file descriptor and closes it exactly once. Descriptor 0 is valid; -1 is the invalid value
/// that failing syscalls return.
/// </summary>
internal sealed class SafeFdHandle : SafeHandle
{
    /// <summary>Takes ownership of a descriptor returned by a syscall (-1 makes an invalid handle).</summary>
    /// <param name="fd">The descriptor, or -1.</param>
    public SafeFdHandle(int fd)
        : base(invalidHandleValue: -1, ownsHandle: true)
    {
        SetHandle(fd);
    }

    /// <inheritdoc/>
    public override bool IsInvalid => handle == -1;

    /// <summary>The raw descriptor number, for poll(2) sets; valid only while a reference is held.</summary>
    internal int Fd => (int)handle;

    /// <inheritdoc/>
    protected override bool ReleaseHandle() => Interop.Close((int)handle) == 0;
}
