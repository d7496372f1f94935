#if canImport(FoundationEssentials)
import FoundationEssentials
#endif
import Foundation
import BulwarkCore

/// Where an import reads its bytes from, chunk by chunk, so memory stays flat however
/// large the input is.
public protocol ByteChunkSource {
    /// The next chunk of bytes, or `nil` at the end.
    mutating func nextChunk() async throws -> [UInt8]?
    /// The total size when known in advance (for progress percentages).
    var totalBytes: Int64? { get }
}

/// Reads a file in chunks of `chunkSize` bytes.
public struct FileChunkSource: ByteChunkSource {
    private let handle: FileHandle
    private let path: String
    private let chunkSize: Int
    public let totalBytes: Int64?

    /// Opens the file at `path` (or standard input for `-`).
    public init(path: String, chunkSize: Int = 1 << 20) throws {
        self.path = path
        self.chunkSize = max(4096, chunkSize)
        if path == "-" {
            handle = FileHandle.standardInput
            totalBytes = nil
            return
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw BulwarkError.io(path: path, reason: "cannot open for reading")
        }
        self.handle = handle
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        totalBytes = (attributes?[.size] as? NSNumber)?.int64Value
    }

    public mutating func nextChunk() async throws -> [UInt8]? {
        let data: Data?
        do {
            data = try handle.read(upToCount: chunkSize)
        } catch {
            throw BulwarkError.io(path: path, reason: "read failed: \(error)")
        }
        guard let data, !data.isEmpty else { return nil }
        return [UInt8](data)
    }
}

/// Bytes already in memory (tests, small uploads), handed out in chunks.
public struct MemoryChunkSource: ByteChunkSource {
    private let bytes: [UInt8]
    private var offset = 0
    private let chunkSize: Int

    public init(_ bytes: [UInt8], chunkSize: Int = 1 << 16) {
        self.bytes = bytes
        self.chunkSize = max(1, chunkSize)
    }

    public init(_ text: String, chunkSize: Int = 1 << 16) {
        self.init(Array(text.utf8), chunkSize: chunkSize)
    }

    public var totalBytes: Int64? { Int64(bytes.count) }

    public mutating func nextChunk() async throws -> [UInt8]? {
        guard offset < bytes.count else { return nil }
        let end = min(bytes.count, offset + chunkSize)
        defer { offset = end }
        return Array(bytes[offset..<end])
    }
}

/// Chunks from any async sequence of byte arrays, such as a request body being received.
public struct AsyncChunkSource<Base: AsyncSequence>: ByteChunkSource where Base.Element == [UInt8] {
    private var iterator: Base.AsyncIterator
    public let totalBytes: Int64?

    /// Reads `base` to its end; `totalBytes` is the announced size, if any (a Content-Length).
    public init(_ base: Base, totalBytes: Int64? = nil) {
        iterator = base.makeAsyncIterator()
        self.totalBytes = totalBytes
    }

    public mutating func nextChunk() async throws -> [UInt8]? {
        try await iterator.next()
    }
}
