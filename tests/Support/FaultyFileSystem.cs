using System.IO.Abstractions;
using Microsoft.Win32.SafeHandles;

namespace FuncLog.Tests.Support;

/// <summary>The real file system, except that file streams fail writes once told to (a full disk).</summary>
public sealed class FaultyFileSystem : IFileSystem
{
    private readonly FileSystem _real = new();
    public bool FailWrites { get; set; }
    public FaultyFileSystem() => FileStream = new Factory(this);
    public IFile File => _real.File;
    public IDirectory Directory => _real.Directory;
    public IFileInfoFactory FileInfo => _real.FileInfo;
    public IFileStreamFactory FileStream { get; }
    public IPath Path => _real.Path;
    public IDirectoryInfoFactory DirectoryInfo => _real.DirectoryInfo;
    public IDriveInfoFactory DriveInfo => _real.DriveInfo;
    public IFileSystemWatcherFactory FileSystemWatcher => _real.FileSystemWatcher;

    private sealed class Factory(FaultyFileSystem owner) : IFileStreamFactory
    {
        private Stream Wrap(Stream s) => new FaultyStream(s, owner);
        public Stream Create(string path, FileMode mode) => Wrap(new FileStream(path, mode));
        public Stream Create(string path, FileMode mode, FileAccess access) => Wrap(new FileStream(path, mode, access));
        public Stream Create(string path, FileMode mode, FileAccess access, FileShare share) => Wrap(new FileStream(path, mode, access, share));
        public Stream Create(string path, FileMode mode, FileAccess access, FileShare share, int bufferSize) => Wrap(new FileStream(path, mode, access, share, bufferSize));
        public Stream Create(string path, FileMode mode, FileAccess access, FileShare share, int bufferSize, FileOptions options) => Wrap(new FileStream(path, mode, access, share, bufferSize, options));
        public Stream Create(string path, FileMode mode, FileAccess access, FileShare share, int bufferSize, bool useAsync) => Wrap(new FileStream(path, mode, access, share, bufferSize, useAsync));
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
