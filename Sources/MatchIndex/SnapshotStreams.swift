/// Where a snapshot decoder reads bytes from. The decoder never does I/O itself.
public protocol SnapshotByteSource {
    /// Fills `buffer` from the current position as far as possible and returns the number
    /// of bytes read; fewer than `buffer.count` only at the end of the data.
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(SnapshotError) -> Int
}

/// Where a snapshot encoder writes bytes to.
public protocol SnapshotByteSink {
    /// Writes all of `bytes`.
    mutating func write(_ bytes: UnsafeRawBufferPointer) throws(SnapshotError)
}

/// Snapshot bytes held in memory (for tests and small indexes).
public struct InMemorySnapshot: SnapshotByteSource, SnapshotByteSink {
    /// The snapshot's bytes; reading starts at the first.
    public var bytes: [UInt8]
    private var position = 0

    /// A source over `bytes`, or an empty sink.
    public init(bytes: [UInt8] = []) { self.bytes = bytes }

    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(SnapshotError) -> Int {
        let count = min(buffer.count, bytes.count - position)
        guard count > 0 else { return 0 }
        bytes.withUnsafeBytes { source in
            guard let from = source.baseAddress, let to = buffer.baseAddress else { return }
            to.copyMemory(from: from + position, byteCount: count)
        }
        position += count
        return count
    }

    public mutating func write(_ source: UnsafeRawBufferPointer) throws(SnapshotError) {
        bytes.append(contentsOf: source)
    }
}
