import BulwarkCore

/// Random-access bytes of one model file, as the parsers in this module see them.
///
/// Parsers never open files themselves: they read through this protocol, so they work the
/// same on a file (``FileByteSource``), on memory (``MemoryByteSource``) or on an upload
/// spooled by the server.
public protocol ModelByteSource: Sendable {
    /// The total number of bytes.
    var size: UInt64 { get }
    /// Up to `count` bytes starting at `offset`; fewer only at the end of the source.
    func read(at offset: UInt64, count: Int) throws(BulwarkError) -> [UInt8]
}

extension ModelByteSource {
    /// Exactly `count` bytes at `offset`, or a clear error naming `what` when the source ends early.
    public func readExactly(at offset: UInt64, count: Int, what: String) throws(BulwarkError) -> [UInt8] {
        let bytes = try read(at: offset, count: count)
        guard bytes.count == count else {
            throw BulwarkError.invalidInput(
                what: what, where: "byte \(offset)",
                reason: "needs \(count) bytes but the file ends after \(bytes.count)")
        }
        return bytes
    }
}

/// Bytes held in memory (tests, small uploads).
public struct MemoryByteSource: ModelByteSource {
    /// The bytes.
    public let bytes: [UInt8]

    /// Wraps `bytes`.
    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The number of bytes held.
    public var size: UInt64 { UInt64(bytes.count) }

    /// Up to `count` bytes at `offset`.
    public func read(at offset: UInt64, count: Int) throws(BulwarkError) -> [UInt8] {
        guard count > 0, offset < size else { return [] }
        let start = Int(offset)
        let end = start + min(count, bytes.count - start)
        return Array(bytes[start..<end])
    }
}
