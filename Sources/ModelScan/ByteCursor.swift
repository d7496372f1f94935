import BulwarkCore

/// A forward reader over part of a ``ModelByteSource`` with a bounded buffer, for formats
/// read as a stream (pickle opcodes, GGUF key/value records).
///
/// Memory stays at one buffer however long the stream is; large payloads are skipped
/// without being read.
struct ByteCursor {
    let source: any ModelByteSource
    /// One past the last byte this cursor may read.
    let end: UInt64
    /// The absolute offset of the next byte.
    private(set) var offset: UInt64
    private var buffer: [UInt8] = []
    private var bufferStart: UInt64 = 0
    private let chunk: Int
    /// A label for errors, e.g. `pickle` or `GGUF header`.
    let what: String

    init(source: any ModelByteSource, start: UInt64 = 0, end: UInt64? = nil, chunk: Int = 1 << 20, what: String) {
        self.source = source
        self.offset = start
        self.end = min(end ?? source.size, source.size)
        self.chunk = chunk
        self.what = what
    }

    /// The bytes left before `end`.
    var remaining: UInt64 { end > offset ? end - offset : 0 }
    var isAtEnd: Bool { offset >= end }

    private mutating func fill() throws(BulwarkError) {
        let want = Int(min(UInt64(chunk), remaining))
        buffer = try source.read(at: offset, count: want)
        bufferStart = offset
        if buffer.count < want {
            throw BulwarkError.invalidInput(what: what, where: "byte \(offset + UInt64(buffer.count))",
                                            reason: "the file ended while reading")
        }
    }

    /// The next byte, or nil at the end.
    mutating func readByte() throws(BulwarkError) -> UInt8? {
        guard offset < end else { return nil }
        let index = offset &- bufferStart
        if offset < bufferStart || index >= UInt64(buffer.count) { try fill() }
        let byte = buffer[Int(offset - bufferStart)]
        offset += 1
        return byte
    }

    /// Exactly `count` bytes (count must already be checked against a limit), or an error
    /// saying how many were needed for `field`.
    mutating func readBytes(_ count: Int, field: String) throws(BulwarkError) -> [UInt8] {
        guard count >= 0, UInt64(count) <= remaining else {
            throw BulwarkError.invalidInput(what: what, where: "byte \(offset)",
                                            reason: "\(field) needs \(count) bytes but only \(remaining) remain")
        }
        var out = [UInt8]()
        out.reserveCapacity(count)
        while out.count < count {
            let index = offset &- bufferStart
            if offset < bufferStart || index >= UInt64(buffer.count) { try fill() }
            let start = Int(offset - bufferStart)
            let take = min(count - out.count, buffer.count - start)
            out.append(contentsOf: buffer[start..<(start + take)])
            offset += UInt64(take)
        }
        return out
    }

    /// Moves past `count` bytes without reading them.
    mutating func skip(_ count: UInt64, field: String) throws(BulwarkError) {
        guard count <= remaining else {
            throw BulwarkError.invalidInput(what: what, where: "byte \(offset)",
                                            reason: "\(field) needs \(count) bytes but only \(remaining) remain")
        }
        offset += count
    }

    /// Little-endian unsigned integer of `width` bytes (1...8).
    mutating func readUInt(width: Int, field: String) throws(BulwarkError) -> UInt64 {
        let bytes = try readBytes(width, field: field)
        var value: UInt64 = 0
        for (i, b) in bytes.enumerated() { value |= UInt64(b) << (8 * UInt64(i)) }
        return value
    }

    /// The bytes up to (not including) the next `\n`, consuming it; nil if no newline comes
    /// within `maxLength` bytes or before the end.
    mutating func readLine(maxLength: Int) throws(BulwarkError) -> [UInt8]? {
        var out = [UInt8]()
        while out.count <= maxLength {
            guard let byte = try readByte() else { return nil }
            if byte == 0x0a { return out }
            out.append(byte)
        }
        return nil
    }
}
