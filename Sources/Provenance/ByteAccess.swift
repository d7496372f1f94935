/// Bounds-checked integer reads over untrusted bytes. Each returns `nil` instead of trapping
/// when the read would leave the buffer.
extension Array where Element == UInt8 {
    @inlinable func fits(_ offset: Int, _ length: Int) -> Bool {
        offset >= 0 && length >= 0 && offset <= count && length <= count - offset
    }

    @inlinable func u8(at offset: Int) -> UInt8? {
        offset >= 0 && offset < count ? self[offset] : nil
    }

    @inlinable func be16(at offset: Int) -> UInt16? {
        guard fits(offset, 2) else { return nil }
        return UInt16(self[offset]) << 8 | UInt16(self[offset + 1])
    }

    @inlinable func le16(at offset: Int) -> UInt16? {
        guard fits(offset, 2) else { return nil }
        return UInt16(self[offset + 1]) << 8 | UInt16(self[offset])
    }

    @inlinable func be32(at offset: Int) -> UInt32? {
        guard fits(offset, 4) else { return nil }
        return UInt32(self[offset]) << 24 | UInt32(self[offset + 1]) << 16
            | UInt32(self[offset + 2]) << 8 | UInt32(self[offset + 3])
    }

    @inlinable func le32(at offset: Int) -> UInt32? {
        guard fits(offset, 4) else { return nil }
        return UInt32(self[offset + 3]) << 24 | UInt32(self[offset + 2]) << 16
            | UInt32(self[offset + 1]) << 8 | UInt32(self[offset])
    }

    @inlinable func be64(at offset: Int) -> UInt64? {
        guard let high = be32(at: offset), let low = be32(at: offset + 4) else { return nil }
        return UInt64(high) << 32 | UInt64(low)
    }

    /// The bytes in `offset..<offset+length`, or `nil` when that range leaves the buffer.
    @inlinable func slice(_ offset: Int, _ length: Int) -> ArraySlice<UInt8>? {
        fits(offset, length) ? self[offset..<(offset + length)] : nil
    }

    /// Whether the bytes at `offset` equal `prefix`.
    @inlinable func matches(_ prefix: [UInt8], at offset: Int) -> Bool {
        guard fits(offset, prefix.count) else { return false }
        for index in 0..<prefix.count where self[offset + index] != prefix[index] { return false }
        return true
    }

    /// The index of the first `byte` at or after `start` and before `end`, if any.
    @inlinable func firstIndex(of byte: UInt8, from start: Int, before end: Int) -> Int? {
        var index = Swift.max(start, 0)
        let stop = Swift.min(end, count)
        while index < stop {
            if self[index] == byte { return index }
            index += 1
        }
        return nil
    }
}

extension Collection where Element == UInt8 {
    /// The bytes as Latin-1 text (each byte one Unicode scalar), as PNG tEXt requires.
    func latin1String() -> String {
        if allSatisfy({ $0 < 0x80 }) { return String(decoding: self, as: UTF8.self) }
        var scalars = String.UnicodeScalarView()
        for byte in self { scalars.append(Unicode.Scalar(byte)) }
        return String(scalars)
    }

    /// The bytes as UTF-8 text, with invalid sequences replaced.
    func utf8String() -> String { String(decoding: self, as: UTF8.self) }
}

/// Four ASCII characters as a big-endian code, as used for PNG chunk, RIFF and ISOBMFF box types.
@inlinable func fourCC(_ text: StaticString) -> UInt32 {
    let pointer = text.utf8Start
    return UInt32(pointer[0]) << 24 | UInt32(pointer[1]) << 16 | UInt32(pointer[2]) << 8 | UInt32(pointer[3])
}

/// The printable form of a four-character code.
func fourCCName(_ code: UInt32) -> String {
    let bytes = [UInt8(code >> 24), UInt8((code >> 16) & 0xff), UInt8((code >> 8) & 0xff), UInt8(code & 0xff)]
    return bytes.map { $0 >= 0x20 && $0 < 0x7f ? String(UnicodeScalar($0)) : "?" }.joined()
}

/// Byte-level substring search, much cheaper than Foundation's `range(of:)` for the short
/// ASCII needles the readers look for.
enum ByteSearch {
    /// The first index of `needle` in `haystack` at or after `from`, if any.
    static func firstIndex(of needle: [UInt8], in haystack: UnsafeBufferPointer<UInt8>, from: Int = 0) -> Int? {
        guard let first = needle.first, needle.count <= haystack.count else { return nil }
        var index = Swift.max(from, 0)
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == first {
                var matched = true
                var offset = 1
                while offset < needle.count {
                    if haystack[index + offset] != needle[offset] { matched = false; break }
                    offset += 1
                }
                if matched { return index }
            }
            index += 1
        }
        return nil
    }

    /// Whether `text` contains `needle`.
    static func contains(_ text: some StringProtocol, _ needle: String) -> Bool {
        let needleBytes = Array(needle.utf8)
        var text = String(text)
        return text.withUTF8 { firstIndex(of: needleBytes, in: $0) != nil }
    }
}
