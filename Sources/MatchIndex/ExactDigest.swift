import BulwarkCore

/// A digest of up to 32 bytes (MD5, SHA-1, SHA-256, model hashes...) held inline as
/// bytes, so an exact index stores no strings: four words and a length.
public struct ExactDigest: Hashable, Sendable, CustomStringConvertible {
    /// The largest digest, in bytes.
    public static let maxBytes = 32

    private var words: (UInt64, UInt64, UInt64, UInt64)
    /// The number of bytes (1...32).
    public let count: UInt8

    /// The digest whose bytes `bytes` are (1...32 of them).
    public init(bytes: some Collection<UInt8>) throws(BulwarkError) {
        guard !bytes.isEmpty, bytes.count <= Self.maxBytes else {
            throw BulwarkError.invalidInput(what: "digest", where: nil,
                                            reason: "\(bytes.count) bytes; a digest has 1...\(Self.maxBytes)")
        }
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        var offset = 0
        for byte in bytes {
            let shifted = UInt64(byte) << UInt64(56 - 8 * (offset & 7))
            switch offset >> 3 {
            case 0: words.0 |= shifted
            case 1: words.1 |= shifted
            case 2: words.2 |= shifted
            default: words.3 |= shifted
            }
            offset += 1
        }
        self.words = words
        count = UInt8(offset)
    }

    /// Parses a hex digest (either case, even length, 2...64 digits). Errors name the
    /// position of the first bad character.
    public init(hex: some StringProtocol) throws(BulwarkError) {
        let utf8 = Array(hex.utf8)
        guard !utf8.isEmpty else {
            throw BulwarkError.invalidInput(what: "digest", where: nil, reason: "empty value")
        }
        guard utf8.count <= Self.maxBytes * 2 else {
            throw BulwarkError.invalidInput(what: "digest", where: nil,
                                            reason: "\(utf8.count) characters; at most \(Self.maxBytes * 2) hex digits")
        }
        guard utf8.count % 2 == 0 else {
            throw BulwarkError.invalidInput(what: "digest", where: nil, reason: "odd number of hex digits (\(utf8.count))")
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count / 2)
        var index = 0
        while index < utf8.count {
            guard let high = Hex.nibble(utf8[index]) else { throw Self.badCharacter(utf8[index], at: index) }
            guard let low = Hex.nibble(utf8[index + 1]) else { throw Self.badCharacter(utf8[index + 1], at: index + 1) }
            bytes.append(high << 4 | low)
            index += 2
        }
        try self.init(bytes: bytes)
    }

    private static func badCharacter(_ byte: UInt8, at index: Int) -> BulwarkError {
        let shown = byte < 0x80 && byte >= 0x20 ? "\"\(Character(Unicode.Scalar(byte)))\"" : "byte 0x\(String(byte, radix: 16))"
        return BulwarkError.invalidInput(what: "digest", where: "character \(index + 1)", reason: "\(shown) is not a hex digit")
    }

    /// The digest's bytes.
    public var bytes: [UInt8] {
        let all = [words.0, words.1, words.2, words.3].flatMap { word in
            stride(from: 56, through: 0, by: -8).map { UInt8(truncatingIfNeeded: word >> UInt64($0)) }
        }
        return Array(all.prefix(Int(count)))
    }

    /// Lowercase hex.
    public var hex: String { Hex.encode(bytes) }

    public var description: String { hex }

    public static func == (lhs: ExactDigest, rhs: ExactDigest) -> Bool {
        lhs.count == rhs.count && lhs.words.0 == rhs.words.0 && lhs.words.1 == rhs.words.1
            && lhs.words.2 == rhs.words.2 && lhs.words.3 == rhs.words.3
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
        hasher.combine(count)
    }
}
