import Crypto
import Foundation

/// A ``ReportFileSource`` reading files by name from one directory (for example an export of
/// preserved evidence). Only the last path component of a file name is used, so a name can
/// never point outside the directory; the bytes must match the file's SHA-256 and size.
public struct DirectoryFileSource: ReportFileSource {
    public let directory: String
    /// Files larger than this are refused (default 512 MiB).
    public let maxBytes: Int64

    public init(directory: String, maxBytes: Int64 = 512 << 20) {
        self.directory = directory
        self.maxBytes = maxBytes
    }

    public func bytes(for file: ReportFile) async throws -> [UInt8] {
        let name = (file.name as NSString).lastPathComponent
        guard !name.isEmpty, name != ".", name != ".." else {
            throw ReportingError.invalidField(field: "file.name", reason: "\"\(file.name)\" does not name a file")
        }
        guard file.size <= maxBytes else {
            throw ReportingError.invalidField(field: "file.size", reason: "\(file.size) bytes exceeds the limit of \(maxBytes)")
        }
        let path = directory + "/" + name
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ReportingError.invalidState("cannot read \(path)")
        }
        guard Int64(data.count) == file.size else {
            throw ReportingError.invalidState("\(path) has \(data.count) bytes, the report says \(file.size)")
        }
        let digest = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
        guard digest == file.sha256.lowercased() else {
            throw ReportingError.invalidState("\(path) does not match the report's SHA-256")
        }
        return Array(data)
    }
}
