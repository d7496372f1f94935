import Foundation

/// A regular file read as a ``ByteSource`` with POSIX calls; skipping seeks instead of reading.
public final class FileByteSource: ByteSource {
    public let path: String
    /// The file's size when it was opened.
    public let size: Int
    /// Bytes read or skipped so far.
    public private(set) var position = 0
    private let descriptor: Int32

    /// Opens `path` for reading.
    public init(path: String) throws(DatasetScanError) {
        self.path = path
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw .io(path: path, reason: String(cString: strerror(errno))) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw .io(path: path, reason: reason)
        }
        self.descriptor = descriptor
        size = Int(info.st_size)
    }

    deinit { close(descriptor) }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(DatasetScanError) -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        while true {
            let got = Foundation.read(descriptor, base, buffer.count)
            if got < 0 {
                if errno == EINTR { continue }
                throw .io(path: path, reason: String(cString: strerror(errno)))
            }
            position += got
            return got
        }
    }

    public func skip(_ count: Int) throws(DatasetScanError) -> Int {
        let skipped = max(0, min(count, size - position))
        guard lseek(descriptor, off_t(position + skipped), SEEK_SET) >= 0 else {
            throw .io(path: path, reason: String(cString: strerror(errno)))
        }
        position += skipped
        return skipped
    }
}
