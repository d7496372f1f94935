/// A forward-only stream of bytes that parsers read from without doing I/O themselves: a
/// file (``FileByteSource``) in the scanner, memory (``MemoryByteSource``) in tests.
public protocol ByteSource {
    /// Reads up to `buffer.count` bytes; returns how many were read, 0 at the end.
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(DatasetScanError) -> Int
    /// Moves forward up to `count` bytes without returning them; returns how many were
    /// skipped (fewer than `count` only at the end).
    mutating func skip(_ count: Int) throws(DatasetScanError) -> Int
}

extension ByteSource {
    /// Fills `buffer` completely unless the end comes first; returns how many bytes were read.
    mutating func readFully(into buffer: UnsafeMutableRawBufferPointer) throws(DatasetScanError) -> Int {
        var filled = 0
        while filled < buffer.count {
            guard let base = buffer.baseAddress else { return 0 }
            let got = try read(into: UnsafeMutableRawBufferPointer(start: base + filled, count: buffer.count - filled))
            if got == 0 { break }
            filled += got
        }
        return filled
    }

    /// Reads into `array[start...]`: completely unless the end comes first (`fully`), or
    /// whatever one read returns. Returns how many bytes were read.
    mutating func read(into array: inout [UInt8], from start: Int = 0, fully: Bool) throws(DatasetScanError) -> Int {
        var result: Result<Int, DatasetScanError> = .success(0)
        array.withUnsafeMutableBytes { raw in
            let target = UnsafeMutableRawBufferPointer(rebasing: raw[start...])
            do throws(DatasetScanError) {
                result = .success(fully ? try readFully(into: target) : try read(into: target))
            } catch {
                result = .failure(error)
            }
        }
        return try result.get()
    }
}

/// Bytes held in memory, read as a ``ByteSource``.
public struct MemoryByteSource: ByteSource {
    private let bytes: [UInt8]
    /// How far reading has got.
    public private(set) var position = 0

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(DatasetScanError) -> Int {
        let count = min(buffer.count, bytes.count - position)
        guard count > 0, let base = buffer.baseAddress else { return 0 }
        bytes.withUnsafeBytes { source in
            if let from = source.baseAddress { base.copyMemory(from: from + position, byteCount: count) }
        }
        position += count
        return count
    }

    public mutating func skip(_ count: Int) throws(DatasetScanError) -> Int {
        let skipped = max(0, min(count, bytes.count - position))
        position += skipped
        return skipped
    }
}
