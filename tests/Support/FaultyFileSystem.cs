using System.IO.Abstractions;
using Microsoft.Win32.SafeHandles;

namespace FuncLog.Tests.Support;

/// <summary>
/// The real file system, except for the faults it is told to inject: writes fail (a full disk), renames or
/// deletes fail, opening is refused (permission denied). Counts the operations it refused.
/// </summary>
public sealed class FaultyFileSystem : IFileSystem
{
    private readonly FileSystem _real = new();
    public bool FailWrites { get; set; }
    public bool FailMoves { get; set; }
    public bool FailDeletes { get; set; }
    public bool DenyOpens { get; set; }
    public int Refused;
    public FaultyFileSystem()
    {
        FileStream = new Factory(this);
        File = new FaultyFile(this);
    }
    public IFile File { get; }
    public IDirectory Directory => _real.Directory;
    public IFileInfoFactory FileInfo => _real.FileInfo;
    public IFileStreamFactory FileStream { get; }
    public IPath Path => _real.Path;
    public IDirectoryInfoFactory DirectoryInfo => _real.DirectoryInfo;
    public IDriveInfoFactory DriveInfo => _real.DriveInfo;
    public IFileSystemWatcherFactory FileSystemWatcher => _real.FileSystemWatcher;

    private sealed class FaultyFile(FaultyFileSystem owner) : FileWrapper(owner)
    {
        private void Check(bool fail, string what)
        {
            if (!fail) return;
            Interlocked.Increment(ref owner.Refused);
            throw new IOException(what + ": Operation not permitted (injected)");
        }
        public override void Move(string sourceFileName, string destFileName) { Check(owner.FailMoves, "rename"); base.Move(sourceFileName, destFileName); }
        public override void Move(string sourceFileName, string destFileName, bool overwrite) { Check(owner.FailMoves, "rename"); base.Move(sourceFileName, destFileName, overwrite); }
        public override void Delete(string path) { Check(owner.FailDeletes, "delete"); base.Delete(path); }
    }

    private sealed class Factory(FaultyFileSystem owner) : IFileStreamFactory
    {
        private Stream Wrap(Stream s) => new FaultyStream(s, owner);
        private FileStream Deny(Func<FileStream> open)
        {
            if (!owner.DenyOpens) return open();
            Interlocked.Increment(ref owner.Refused);
            throw new UnauthorizedAccessException("Access to the path is denied (injected)");
        }
        public Stream Create(string path, FileMode mode) => Wrap(Deny(() => new FileStream(path, mode)));
        public Stream Create(string path, FileMode mode, FileAccess access) => Wrap(Deny(() => new FileStream(path, mode, access)));
        public Stream Create(string path, FileMode mode, FileAccess access, FileShare share) => Wrap(Deny(() => new FileStream(path, mode, access, share)));
        public Stream Create(string path, FileMode mode, FileAccess access, FileShare share, int bufferSize) => Wrap(Deny(() => new FileStream(path, mode, access, share, bufferSize)));
        public Stream Create(string path, FileMode mode, FileAccess access, FileShare share, int bufferSize, FileOptions options) => Wrap(Deny(() => new FileStream(path, mode, access, share, bufferSize, options)));
        public Stream Create(string path, FileMode mode, FileAccess access, FileShare share, int bufferSize, bool useAsync) => Wrap(Deny(() => new FileStream(path, mode, access, share, bufferSize, useAsync)));
        public Stream Create(SafeFileHandle handle, FileAccess access) => throw new NotSupportedException();
        public Stream Create(SafeFileHandle handle, FileAccess access, int bufferSize) => throw new NotSupportedException();
        public Stream Create(SafeFileHandle handle, FileAccess access, int bufferSize, bool isAsync) => throw new NotSupportedException();
        public Stream Create(IntPtr handle, FileAccess access) => throw new NotSupportedException();
        public Stream Create(IntPtr handle, FileAccess access, bool ownsHandle) => throw new NotSupportedException();
        public Stream Create(IntPtr handle, FileAccess access, bool ownsHandle, int bufferSize) => throw new NotSupportedException();
        public Stream Create(IntPtr handle, FileAccess access, bool ownsHandle, int bufferSize, bool isAsync) => throw new NotSupportedException();
    }

    private sealed class FaultyStream(Stream inner, FaultyFileSystem owner) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => inner.CanSeek;
        public override bool CanWrite => true;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => inner.Position = value; }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);
        public override void SetLength(long value) => inner.SetLength(value);
        public override void Write(byte[] buffer, int offset, int count)
        {
            if (owner.FailWrites) throw new IOException("No space left on device");
            inner.Write(buffer, offset, count);
        }
        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (owner.FailWrites) throw new IOException("No space left on device");
            inner.Write(buffer);
        }
        protected override void Dispose(bool disposing) { if (disposing) inner.Dispose(); base.Dispose(disposing); }
    }
}
