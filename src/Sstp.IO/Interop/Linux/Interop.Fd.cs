// open(2), close(2), read(2), write(2). All return -1 and set errno on failure.

using System.Runtime.InteropServices;

namespace Sstp.IO.Interop.Linux;

internal static partial class Interop
{
    /// <summary>O_RDWR from &lt;fcntl.h&gt;.</summary>
    internal const int O_RDWR = 0x2;

    /// <summary>O_CLOEXEC from &lt;fcntl.h&gt; (x86-64 and arm64 value): do not leak the fd into children.</summary>
    internal const int O_CLOEXEC = 0x80000;

    /// <summary>open(2). Returns an invalid handle and leaves errno in <see cref="LastErrno"/> on failure.</summary>
    internal static SafeFdHandle Open(string path, int flags) => new(OpenRaw(path, flags));

    // The C functions return int; marshalling the result straight into a SafeHandle would read a
    // pointer-sized register whose upper half is not defined, so -1 would not be recognised as invalid.
    [LibraryImport(Libc, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenRaw(string path, int flags);

    /// <summary>close(2). Returns 0, or -1 with errno; the fd is released either way on Linux.</summary>
    [LibraryImport(Libc, EntryPoint = "close", SetLastError = true)]
    internal static partial int Close(int fd);

    /// <summary>read(2). Returns the bytes read, 0 at end of file, or -1 with errno.</summary>
    [LibraryImport(Libc, EntryPoint = "read", SetLastError = true)]
    internal static unsafe partial nint Read(SafeHandle fd, byte* buffer, nuint count);

    /// <summary>write(2). Returns the bytes written or -1 with errno.</summary>
    [LibraryImport(Libc, EntryPoint = "write", SetLastError = true)]
    internal static unsafe partial nint Write(SafeHandle fd, byte* buffer, nuint count);

    /// <summary>struct iovec for readv(2)/writev(2).</summary>
    internal unsafe struct IoVec
    {
        /// <summary>iov_base.</summary>
        public byte* Base;

        /// <summary>iov_len.</summary>
        public nuint Length;
    }

    /// <summary>readv(2). Returns the bytes read, or -1 with errno.</summary>
    [LibraryImport(Libc, EntryPoint = "readv", SetLastError = true)]
    internal static unsafe partial nint ReadV(SafeHandle fd, IoVec* iov, int count);

    /// <summary>writev(2). Returns the bytes written, or -1 with errno.</summary>
    [LibraryImport(Libc, EntryPoint = "writev", SetLastError = true)]
    internal static unsafe partial nint WriteV(SafeHandle fd, IoVec* iov, int count);
}
