/// Why a snapshot could not be read or written. Every case says where; a caller that
/// gets one rebuilds the index from the store.
public enum SnapshotError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file does not start with the snapshot magic bytes.
    case notASnapshot(found: String)
    /// The format version is one this build cannot read.
    case unsupportedVersion(UInt32)
    /// The file was written on a machine with the other byte order.
    case wrongByteOrder
    /// The file ends before `section` is complete.
    case truncated(section: String, offset: Int, needed: Int)
    /// A field holds an impossible value.
    case invalid(field: String, offset: Int, reason: String)
    /// The content does not match its checksum.
    case checksumMismatch(stored: UInt64, computed: UInt64)
    /// Bytes follow the end of the snapshot.
    case trailingBytes(offset: Int)
    /// Opening, reading, writing or renaming the file failed.
    case io(path: String, operation: String, errno: Int32)

    public var description: String {
        switch self {
        case let .notASnapshot(found):
            return "not a Bulwark PDQ index snapshot (starts with \(found))"
        case let .unsupportedVersion(version):
            return "unsupported PDQ index snapshot version \(version)"
        case .wrongByteOrder:
            return "the PDQ index snapshot was written with the other byte order"
        case let .truncated(section, offset, needed):
            return "PDQ index snapshot is truncated in \(section) at byte \(offset) (\(needed) more bytes needed)"
        case let .invalid(field, offset, reason):
            return "PDQ index snapshot has an invalid \(field) at byte \(offset): \(reason)"
        case let .checksumMismatch(stored, computed):
            return "PDQ index snapshot is corrupt: checksum \(String(stored, radix: 16)) stored, \(String(computed, radix: 16)) computed"
        case let .trailingBytes(offset):
            return "PDQ index snapshot has unexpected bytes after its end at byte \(offset)"
        case let .io(path, operation, errno):
            return "\(path): \(operation) failed (errno \(errno))"
        }
    }
}
