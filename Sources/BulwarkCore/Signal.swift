/// One hash value of one type, as extracted from content or stored in a bank.
public struct Signal: Hashable, Sendable, Codable, CustomStringConvertible {
    public let type: SignalType
    /// The value in its canonical text form (lowercase hex for digests and PDQ).
    public let value: String

    public init(type: SignalType, value: String) {
        self.type = type
        self.value = value
    }

    /// Builds a signal after checking the value's form for the type: fixed-length
    /// digests must be hex of the right length, and types with a registered
    /// ``SignalValueChecks`` check must pass it. The value is lowercased.
    public static func validated(type: SignalType, value: String) throws(BulwarkError) -> Signal {
        let trimmed = value.trimmingWhitespace().lowercased()
        if let length = type.hexLength {
            guard trimmed.utf8.count == length, trimmed.utf8.allSatisfy(\.isHexDigit) else {
                throw BulwarkError.invalidInput(
                    what: "\(type) value", where: nil,
                    reason: "expected \(length) hex digits, got \"\(trimmed.prefix(80))\"")
            }
        } else if trimmed.isEmpty {
            throw BulwarkError.invalidInput(what: "\(type) value", where: nil, reason: "empty value")
        } else if let check = SignalValueChecks.check(for: type) {
            try check(trimmed)
        }
        return Signal(type: type, value: trimmed)
    }

    public var description: String { "\(type):\(value)" }
}

extension UInt8 {
    /// Whether this ASCII byte is 0-9, a-f or A-F.
    @inlinable public var isHexDigit: Bool {
        (self >= 0x30 && self <= 0x39) || (self >= 0x61 && self <= 0x66) || (self >= 0x41 && self <= 0x46)
    }
}

extension StringProtocol {
    /// The string without leading and trailing ASCII/Unicode white space and newlines.
    public func trimmingWhitespace() -> String {
        // Most values have nothing to trim: an ASCII first and last byte that is not white
        // space settles it without walking the scalars.
        let text = Substring(self)
        if let first = text.utf8.first, let last = text.utf8.last, first > 0x20, first < 0x80, last > 0x20, last < 0x80 {
            return String(text)
        }
        var scalars = text.unicodeScalars[...]
        while let first = scalars.first, first.properties.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
        return String(String.UnicodeScalarView(scalars))
    }
}
