/// Bounds-checked reads of integers from untrusted bytes; a read past the end throws
/// ``DecodingError/truncated(_:detail:)`` naming the field and its offset.
struct ByteReader {
    let bytes: UnsafeRawBufferPointer
    let format: ImageFormat

    func uint8(at offset: Int, _ field: String) throws(DecodingError) -> UInt8 {
        try require(offset, 1, field)
        return bytes[offset]
    }

    func uint16LE(at offset: Int, _ field: String) throws(DecodingError) -> UInt16 {
        try require(offset, 2, field)
        return UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    func uint32LE(at offset: Int, _ field: String) throws(DecodingError) -> UInt32 {
        try require(offset, 4, field)
        return (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[offset + $1]) << (8 * UInt32($1)) }
    }

    func int32LE(at offset: Int, _ field: String) throws(DecodingError) -> Int32 {
        Int32(bitPattern: try uint32LE(at: offset, field))
    }

    func uint32BE(at offset: Int, _ field: String) throws(DecodingError) -> UInt32 {
        try require(offset, 4, field)
        return (0..<4).reduce(UInt32(0)) { $0 << 8 | UInt32(bytes[offset + $1]) }
    }

    /// Throws unless `count` bytes exist at `offset`.
    func require(_ offset: Int, _ count: Int, _ field: String) throws(DecodingError) {
        guard offset >= 0, count >= 0, offset <= bytes.count, bytes.count - offset >= count else {
            throw .truncated(format, detail: "\(field): needs \(count) bytes at byte \(offset), data ends at byte \(bytes.count)")
        }
    }
}
