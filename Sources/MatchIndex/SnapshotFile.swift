#if canImport(Glibc)
import Glibc
private let systemRead = Glibc.read
private let systemWrite = Glibc.write
#elseif canImport(Musl)
import Musl
private let systemRead = Musl.read
private let systemWrite = Musl.write
#elseif canImport(Darwin)
import Darwin
private let systemRead = Darwin.read
private let systemWrite = Darwin.write
#endif

/// A snapshot file read with large sequential reads.
public final class SnapshotFileReader: SnapshotByteSource {
    private let descriptor: Int32
    /// The file read.
    public let path: String

    /// Opens `path` for reading.
    public init(path: String) throws(SnapshotError) {
        self.path = path
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw SnapshotError.io(path: path, operation: "open", errno: errno) }
    }

    deinit { close(descriptor) }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(SnapshotError) -> Int {
        guard let base = buffer.baseAddress else { return 0 }
        var done = 0
        while done < buffer.count {
            let chunk = min(buffer.count - done, 1 << 26)
            let got = systemRead(descriptor, base + done, chunk)
            if got < 0 {
                if errno == EINTR { continue }
                throw SnapshotError.io(path: path, operation: "read", errno: errno)
            }
            if got == 0 { break }
            done += got
        }
        return done
    }
}

/// A snapshot file written to a temporary name, flushed, and renamed into place on
/// ``commit()``, so a crash never leaves a half-written snapshot under the real name.
public final class SnapshotFileWriter: SnapshotByteSink {
    private let descriptor: Int32
    /// The final name of the file.
    public let path: String
    private let temporaryPath: String
    private var committed = false

    /// Creates `path + ".tmp"` for writing.
    public init(path: String) throws(SnapshotError) {
        self.path = path
        temporaryPath = path + ".tmp"
        descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw SnapshotError.io(path: temporaryPath, operation: "create", errno: errno) }
    }

    deinit {
        close(descriptor)
        if !committed { unlink(temporaryPath) }
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws(SnapshotError) {
        guard let base = bytes.baseAddress else { return }
        var done = 0
        while done < bytes.count {
            let wrote = systemWrite(descriptor, base + done, min(bytes.count - done, 1 << 26))
            if wrote < 0 {
                if errno == EINTR { continue }
                throw SnapshotError.io(path: temporaryPath, operation: "write", errno: errno)
            }
            done += wrote
        }
    }

    /// Flushes the file to disk and renames it to `path`.
    public func commit() throws(SnapshotError) {
        guard fsync(descriptor) == 0 else { throw SnapshotError.io(path: temporaryPath, operation: "fsync", errno: errno) }
        guard rename(temporaryPath, path) == 0 else { throw SnapshotError.io(path: path, operation: "rename", errno: errno) }
        committed = true
    }
}
