import BulwarkCore

/// A JSON value parsed with size and depth limits, for generator metadata (ComfyUI graphs,
/// InvokeAI, NovelAI, SwarmUI, Fooocus). Object keys keep their document order.
enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double, text: String)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.number(_, a), .number(_, b)): return a == b
        case let (.string(a), .string(b)): return a == b
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)): return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case let .bool(value): hasher.combine(value)
        case let .number(_, text): hasher.combine(text)
        case let .string(value): hasher.combine(value)
        case let .array(values): hasher.combine(values)
        case let .object(members): for (key, value) in members { hasher.combine(key); hasher.combine(value) }
        }
    }

    subscript(key: String) -> JSONValue? {
        if case let .object(members) = self { return members.first { $0.0 == key }?.1 }
        return nil
    }

    var members: [(String, JSONValue)] { if case let .object(members) = self { return members }; return [] }
    var elements: [JSONValue] { if case let .array(values) = self { return values }; return [] }
    var string: String? { if case let .string(value) = self { return value }; return nil }
    var double: Double? {
        switch self {
        case let .number(value, _): return value
        case let .string(text): return Double(text.trimmingWhitespace())
        default: return nil
        }
    }
    var int: Int? { double.flatMap { $0.isFinite && abs($0) < 9e15 ? Int($0) : nil } }
    /// An unsigned integer read from the number's text, exact for seeds above 2^53.
    var uint64: UInt64? {
        switch self {
        case let .number(_, text): return UInt64(text) ?? double.flatMap { $0 >= 0 && $0 < 1.8e19 ? UInt64($0) : nil }
        case let .string(text): return UInt64(text.trimmingWhitespace())
        default: return nil
        }
    }
    /// The value as display text: strings as they are, numbers as written, others as JSON.
    var text: String? {
        switch self {
        case let .string(value): return value
        case let .number(_, text): return text
        case let .bool(value): return value ? "true" : "false"
        case .null: return nil
        default: return nil
        }
    }

    /// Parses `text`; throws a ``ProvenanceError`` naming the byte offset on bad input.
    static func parse(_ text: String, maxDepth: Int, context: String) throws(ProvenanceError) -> JSONValue {
        var parser = JSONParser(bytes: Array(text.utf8), maxDepth: maxDepth, context: context)
        parser.skipSpace()
        let value = try parser.value(depth: 0)
        parser.skipSpace()
        guard parser.index == parser.bytes.count else { throw parser.fail("trailing characters after the JSON value") }
        return value
    }

    /// Whether `text` looks like a JSON object (cheap test before parsing).
    static func looksLikeObject(_ text: String) -> Bool {
        text.utf8.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) == UInt8(ascii: "{")
    }
}

private struct JSONParser {
    let bytes: [UInt8]
    var index = 0
    let maxDepth: Int
    let context: String

    init(bytes: [UInt8], maxDepth: Int, context: String) {
        self.bytes = bytes
        self.maxDepth = maxDepth
        self.context = context
    }

    func fail(_ reason: String, _ kind: ProvenanceError.Kind = .malformed) -> ProvenanceError {
        ProvenanceError(index >= bytes.count ? .truncated : kind, context, at: index, reason)
    }

    mutating func skipSpace() {
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 { index += 1 }
    }

    mutating func value(depth: Int) throws(ProvenanceError) -> JSONValue {
        guard depth <= maxDepth else { throw fail("nesting deeper than \(maxDepth)", .limitExceeded) }
        guard let byte = bytes.u8(at: index) else { throw fail("expected a value") }
        switch byte {
        case UInt8(ascii: "{"):
            index += 1
            var members: [(String, JSONValue)] = []
            skipSpace()
            if bytes.u8(at: index) == UInt8(ascii: "}") { index += 1; return .object(members) }
            while true {
                skipSpace()
                guard bytes.u8(at: index) == UInt8(ascii: "\"") else { throw fail("expected a string key") }
                let key = try string()
                skipSpace()
                guard bytes.u8(at: index) == UInt8(ascii: ":") else { throw fail("expected ':' after key \"\(key.prefix(40))\"") }
                index += 1
                skipSpace()
                members.append((key, try value(depth: depth + 1)))
                skipSpace()
                guard let next = bytes.u8(at: index) else { throw fail("unterminated object") }
                index += 1
                if next == UInt8(ascii: "}") { return .object(members) }
                guard next == UInt8(ascii: ",") else { index -= 1; throw fail("expected ',' or '}'") }
            }
        case UInt8(ascii: "["):
            index += 1
            var values: [JSONValue] = []
            skipSpace()
            if bytes.u8(at: index) == UInt8(ascii: "]") { index += 1; return .array(values) }
            while true {
                skipSpace()
                values.append(try value(depth: depth + 1))
                skipSpace()
                guard let next = bytes.u8(at: index) else { throw fail("unterminated array") }
                index += 1
                if next == UInt8(ascii: "]") { return .array(values) }
                guard next == UInt8(ascii: ",") else { index -= 1; throw fail("expected ',' or ']'") }
            }
        case UInt8(ascii: "\""):
            return .string(try string())
        case UInt8(ascii: "t"):
            guard bytes.matches(Array("true".utf8), at: index) else { throw fail("invalid literal") }
            index += 4; return .bool(true)
        case UInt8(ascii: "f"):
            guard bytes.matches(Array("false".utf8), at: index) else { throw fail("invalid literal") }
            index += 5; return .bool(false)
        case UInt8(ascii: "n"):
            guard bytes.matches(Array("null".utf8), at: index) else { throw fail("invalid literal") }
            index += 4; return .null
        case UInt8(ascii: "N"):  // Python's json.dumps writes NaN; accept it as null
            guard bytes.matches(Array("NaN".utf8), at: index) else { throw fail("invalid literal") }
            index += 3; return .null
        default:
            return try number()
        }
    }

    mutating func number() throws(ProvenanceError) -> JSONValue {
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            guard (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") else { break }
            index += 1
        }
        let text = bytes[start..<index].latin1String()
        guard index > start, let value = Double(text) else { throw fail("invalid number") }
        return .number(value, text: text)
    }

    mutating func string() throws(ProvenanceError) -> String {
        index += 1
        var out: [UInt8] = []
        while true {
            guard index < bytes.count else { throw fail("unterminated string") }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") { index += 1; return out.utf8String() }
            if byte == UInt8(ascii: "\\") {
                guard let escape = bytes.u8(at: index + 1) else { throw fail("unterminated escape") }
                index += 2
                switch escape {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "u"):
                    var unit = try hex4()
                    if (0xD800..<0xDC00).contains(unit), bytes.matches(Array("\\u".utf8), at: index) {
                        index += 2
                        let low = try hex4()
                        if (0xDC00..<0xE000).contains(low) {
                            unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                        }
                    }
                    let scalar = Unicode.Scalar(unit) ?? "\u{FFFD}"
                    out.append(contentsOf: String(Character(scalar)).utf8)
                default: out.append(escape)
                }
            } else {
                out.append(byte)
                index += 1
            }
        }
    }

    mutating func hex4() throws(ProvenanceError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = bytes.u8(at: index), let nibble = Hex.nibble(byte) else { throw fail("invalid \\u escape") }
            value = value << 4 | UInt32(nibble)
            index += 1
        }
        return value
    }
}
