import Foundation

/// An output file that only grows, written with POSIX calls. Its committed length lives in
/// the scan's checkpoint; on resume it is cut back to that length, so bytes written after
/// the last checkpoint (by a killed run) are dropped and rewritten exactly once.
final class AppendOnlyFile {
    let path: String
    private(set) var length: Int
    private let descriptor: Int32

    /// Opens (creating) `path` and cuts it to `length` bytes.
    init(path: String, truncatingTo length: Int) throws(DatasetScanError) {
        self.path = path
        let descriptor = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .io(path: path, reason: String(cString: strerror(errno))) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            close(descriptor)
            throw .io(path: path, reason: String(cString: strerror(errno)))
        }
        guard Int(info.st_size) >= length else {
            close(descriptor)
            throw .outputMismatch(path: path, reason: "is \(info.st_size) bytes, shorter than the \(length) bytes the checkpoint committed")
        }
        guard ftruncate(descriptor, off_t(length)) == 0, lseek(descriptor, off_t(length), SEEK_SET) >= 0 else {
            close(descriptor)
            throw .io(path: path, reason: String(cString: strerror(errno)))
        }
        self.descriptor = descriptor
        self.length = length
    }

    deinit { close(descriptor) }

    func append(_ bytes: [UInt8]) throws(DatasetScanError) {
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { raw in write(descriptor, raw.baseAddress.map { $0 + written }, bytes.count - written) }
            if result < 0 {
                if errno == EINTR { continue }
                throw .io(path: path, reason: String(cString: strerror(errno)))
            }
            written += result
        }
        length += bytes.count
    }

    /// Flushes to stable storage.
    func sync() throws(DatasetScanError) {
        guard fsync(descriptor) == 0 else { throw .io(path: path, reason: String(cString: strerror(errno))) }
    }
}
