import BulwarkCore
import Foundation

/// Reads whole files into memory with a size cap checked before reading.
public enum FileReader {
    /// The bytes of the file at `path`, refusing files larger than `limit` bytes.
    public static func readAll(_ path: String, limit: Int) throws(BulwarkError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw .io(path: path, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw .io(path: path, reason: String(cString: strerror(errno))) }
        let size = Int(info.st_size)
        guard size <= limit else {
            throw .limitExceeded(what: "file \(path)", limit: "\(limit) bytes", actual: "\(size) bytes")
        }
        var failure: BulwarkError?
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            var offset = 0
            while offset < size {
                let got = read(descriptor, buffer.baseAddress! + offset, size - offset)
                if got < 0 {
                    if errno == EINTR { continue }
                    failure = .io(path: path, reason: String(cString: strerror(errno)))
                    break
                }
                if got == 0 { break } // the file shrank while we read it
                offset += got
            }
            count = offset
        }
        if let failure { throw failure }
        return bytes
    }
}
