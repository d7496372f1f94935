#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import BulwarkCore

/// A file on disk read with `pread`, so several readers may share it without a shared cursor.
///
/// This is the only type in the module that touches the file system; the descriptor is
/// closed when the last reference goes away.
public final class FileByteSource: ModelByteSource, @unchecked Sendable {
    // @unchecked: the descriptor and size never change after init, and pread has no shared state.
    /// The path the file was opened from.
    public let path: String
    /// The open file descriptor.
    public let descriptor: Int32
    /// The file's size when it was opened.
    public let size: UInt64

    /// Opens `path` read-only.
    public init(path: String) throws(BulwarkError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw BulwarkError.io(path: path, reason: Self.errnoText("cannot open")) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            close(fd)
            throw BulwarkError.io(path: path, reason: Self.errnoText("cannot stat"))
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            throw BulwarkError.io(path: path, reason: "not a regular file")
        }
        self.path = path
        self.descriptor = fd
        self.size = UInt64(max(0, info.st_size))
    }

    deinit { close(descriptor) }

    /// Up to `count` bytes at `offset` (fewer only at the end of the file).
    public func read(at offset: UInt64, count: Int) throws(BulwarkError) -> [UInt8] {
        guard count > 0, offset < size else { return [] }
        let wanted = Int(min(UInt64(count), size - offset))
        var buffer = [UInt8](repeating: 0, count: wanted)
        let outcome: Result<Int, BulwarkError> = buffer.withUnsafeMutableBytes { raw in
            do throws(BulwarkError) { return .success(try readInto(raw, at: offset)) } catch { return .failure(error) }
        }
        let got = try outcome.get()
        if got < wanted { buffer.removeLast(wanted - got) }
        return buffer
    }

    /// Fills as much of `buffer` as the file allows from `offset`; returns the number of bytes read.
    public func readInto(_ buffer: UnsafeMutableRawBufferPointer, at offset: UInt64) throws(BulwarkError) -> Int {
        var done = 0
        while done < buffer.count {
            guard let base = buffer.baseAddress else { return 0 }
            let n = pread(descriptor, base + done, buffer.count - done, off_t(offset) + off_t(done))
            if n < 0 {
                if errno == EINTR { continue }
                throw BulwarkError.io(path: path, reason: Self.errnoText("read failed at byte \(offset + UInt64(done))"))
            }
            if n == 0 { break }
            done += n
        }
        return done
    }

    private static func errnoText(_ what: String) -> String {
        "\(what): \(String(cString: strerror(errno)))"
    }
}
