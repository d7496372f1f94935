import BulwarkCore

/// A JSON value as read by ``StrictJSONParser``. Objects keep their member order.
public indirect enum JSONValue: Hashable, Sendable {
    case null
    case bool(Bool)
    /// A number in its source text (exactly as written) so large integers keep every digit.
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([JSONMember])

    /// The member named `key` of an object.
    public subscript(key: String) -> JSONValue? {
        guard case let .object(members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// The string, if this is one.
    public var stringValue: String? {
        if case let .string(s) = self { return s }
        return nil
    }

    /// The value as a non-negative integer, if it is a number written without fraction or exponent.
    public var unsignedValue: UInt64? {
        if case let .number(text) = self { return UInt64(text) }
        return nil
    }

    /// The value as a Double, if it is a number.
    public var doubleValue: Double? {
        if case let .number(text) = self { return Double(text) }
        return nil
    }
}

/// One `"key": value` member of a JSON object, with the byte offset of its key.
public struct JSONMember: Hashable, Sendable {
    /// The member's key.
    public let key: String
    /// The member's value.
    public let value: JSONValue
    /// The offset of the key's opening quote within the parsed text.
    public let offset: Int
}

/// An RFC 8259 JSON parser that is strict where model files are attacked: invalid UTF-8,
/// unpaired surrogate escapes, duplicate object keys, trailing data, excessive nesting.
///
/// Errors give the byte offset (relative to the start of the parsed bytes plus `baseOffset`).
public struct StrictJSONParser {
    /// The deepest nesting of arrays and objects accepted.
    public var maxDepth = 64
    /// Added to offsets in error messages (where the JSON starts in its file).
    public var baseOffset = 0
    /// What the JSON is, for error messages (e.g. `safetensors header`).
    public var what = "JSON"

    /// A parser naming its input `what`, reporting offsets from `baseOffset`.
    public init(what: String = "JSON", baseOffset: Int = 0, maxDepth: Int = 64) {
        self.what = what
        self.baseOffset = baseOffset
        self.maxDepth = maxDepth
    }

    /// Parses exactly one JSON value from `bytes`; white space may surround it.
    public func parse(_ bytes: [UInt8]) throws(BulwarkError) -> JSONValue {
        let outcome: Result<JSONValue, BulwarkError> = bytes.withUnsafeBufferPointer { buffer in
            var state = State(bytes: buffer, parser: self)
            do throws(BulwarkError) {
                state.skipWhitespace()
                let value = try state.parseValue(depth: 0)
                state.skipWhitespace()
                guard state.index == buffer.count else { throw state.error("unexpected data after the JSON value") }
                return .success(value)
            } catch {
                return .failure(error)
            }
        }
        return try outcome.get()
    }

    private struct State {
        /// Valid for the duration of `parse`; every access is checked against `bytes.count` first.
        let bytes: UnsafeBufferPointer<UInt8>
        let parser: StrictJSONParser
        var index = 0

        init(bytes: UnsafeBufferPointer<UInt8>, parser: StrictJSONParser) {
            self.bytes = bytes
            self.parser = parser
        }

        func error(_ reason: String, at position: Int? = nil) -> BulwarkError {
            .invalidInput(what: parser.what, where: "byte \(parser.baseOffset + (position ?? index))", reason: reason)
        }

        mutating func skipWhitespace() {
            while index < bytes.count {
                switch bytes[index] {
                case 0x20, 0x09, 0x0a, 0x0d: index += 1
                default: return
                }
            }
        }

        mutating func expect(_ literal: StaticString, value: JSONValue) throws(BulwarkError) -> JSONValue {
            let count = literal.utf8CodeUnitCount
            guard index + count <= bytes.count else { throw error("truncated literal") }
            let matches = literal.withUTF8Buffer { buffer in
                (0..<count).allSatisfy { bytes[index + $0] == buffer[$0] }
            }
            guard matches else { throw error("invalid literal") }
            index += count
            return value
        }

        mutating func parseValue(depth: Int) throws(BulwarkError) -> JSONValue {
            guard index < bytes.count else { throw error("the JSON ends where a value was expected") }
            switch bytes[index] {
            case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
            case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
            case UInt8(ascii: "\""): return .string(try parseString())
            case UInt8(ascii: "t"): return try expect("true", value: .bool(true))
            case UInt8(ascii: "f"): return try expect("false", value: .bool(false))
            case UInt8(ascii: "n"): return try expect("null", value: .null)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
            default: throw error("unexpected character 0x\(Hex.encode([bytes[index]])) where a value was expected")
            }
        }

        mutating func parseObject(depth: Int) throws(BulwarkError) -> JSONValue {
            guard depth <= parser.maxDepth else { throw error("nesting deeper than \(parser.maxDepth)") }
            index += 1
            var members: [JSONMember] = []
            var seen = Set<String>()
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                index += 1
                return .object(members)
            }
            while true {
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error("expected a string key") }
                let keyOffset = index
                let key = try parseString()
                guard seen.insert(key).inserted else {
                    throw error("duplicate key \"\(key.prefix(200))\"", at: keyOffset)
                }
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("expected ':' after a key") }
                index += 1
                skipWhitespace()
                let value = try parseValue(depth: depth)
                members.append(JSONMember(key: key, value: value, offset: parser.baseOffset + keyOffset))
                skipWhitespace()
                guard index < bytes.count else { throw error("the JSON ends inside an object") }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                if bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
                throw error("expected ',' or '}' in an object")
            }
        }

        mutating func parseArray(depth: Int) throws(BulwarkError) -> JSONValue {
            guard depth <= parser.maxDepth else { throw error("nesting deeper than \(parser.maxDepth)") }
            index += 1
            var elements: [JSONValue] = []
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                index += 1
                return .array(elements)
            }
            while true {
                skipWhitespace()
                elements.append(try parseValue(depth: depth))
                skipWhitespace()
                guard index < bytes.count else { throw error("the JSON ends inside an array") }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                if bytes[index] == UInt8(ascii: "]") { index += 1; return .array(elements) }
                throw error("expected ',' or ']' in an array")
            }
        }

        mutating func parseNumber() throws(BulwarkError) -> JSONValue {
            let start = index
            if bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, isDigit(bytes[index]) else { throw error("a number needs digits", at: start) }
            if bytes[index] == UInt8(ascii: "0") {
                index += 1
                if index < bytes.count, isDigit(bytes[index]) { throw error("leading zero in a number", at: start) }
            } else {
                while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                guard index < bytes.count, isDigit(bytes[index]) else { throw error("a fraction needs digits") }
                while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
                index += 1
                if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
                guard index < bytes.count, isDigit(bytes[index]) else { throw error("an exponent needs digits") }
                while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            }
            return .number(String(decoding: bytes[start..<index], as: UTF8.self))
        }

        func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

        mutating func parseHex4() throws(BulwarkError) -> UInt32 {
            guard index + 4 <= bytes.count else { throw error("truncated \\u escape") }
            var value: UInt32 = 0
            for i in 0..<4 {
                guard let n = Hex.nibble(bytes[index + i]) else { throw error("invalid \\u escape", at: index + i) }
                value = value << 4 | UInt32(n)
            }
            index += 4
            return value
        }

        mutating func parseString() throws(BulwarkError) -> String {
            let quote = index
            index += 1
            // Fast path: no escapes before the closing quote, so the text is a slice of the input.
            var end = index
            while end < bytes.count, bytes[end] != UInt8(ascii: "\""), bytes[end] != UInt8(ascii: "\\"), bytes[end] >= 0x20 { end += 1 }
            if end < bytes.count, bytes[end] == UInt8(ascii: "\"") {
                guard let text = String(validating: bytes[index..<end], as: UTF8.self) else {
                    throw error("invalid UTF-8 in the string starting here", at: quote)
                }
                index = end + 1
                return text
            }
            var out = [UInt8]()
            var runStart = index
            while true {
                guard index < bytes.count else { throw error("unterminated string", at: quote) }
                let b = bytes[index]
                if b == UInt8(ascii: "\"") {
                    out.append(contentsOf: bytes[runStart..<index])
                    index += 1
                    break
                }
                if b < 0x20 { throw error("control character 0x\(Hex.encode([b])) inside a string") }
                if b == UInt8(ascii: "\\") {
                    out.append(contentsOf: bytes[runStart..<index])
                    index += 1
                    guard index < bytes.count else { throw error("truncated escape") }
                    let e = bytes[index]
                    index += 1
                    switch e {
                    case UInt8(ascii: "\""): out.append(0x22)
                    case UInt8(ascii: "\\"): out.append(0x5c)
                    case UInt8(ascii: "/"): out.append(0x2f)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0c)
                    case UInt8(ascii: "n"): out.append(0x0a)
                    case UInt8(ascii: "r"): out.append(0x0d)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "u"):
                        let escapeStart = index - 2
                        var scalar = try parseHex4()
                        if (0xD800...0xDBFF).contains(scalar) {
                            guard index + 6 <= bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                                throw error("unpaired surrogate escape", at: escapeStart)
                            }
                            index += 2
                            let low = try parseHex4()
                            guard (0xDC00...0xDFFF).contains(low) else { throw error("unpaired surrogate escape", at: escapeStart) }
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        } else if (0xDC00...0xDFFF).contains(scalar) {
                            throw error("unpaired surrogate escape", at: escapeStart)
                        }
                        guard let unicode = Unicode.Scalar(scalar) else { throw error("invalid \\u escape", at: escapeStart) }
                        out.append(contentsOf: Array(String(Character(unicode)).utf8))
                    default:
                        throw error("invalid escape \\\(Character(Unicode.Scalar(e)))", at: index - 2)
                    }
                    runStart = index
                    continue
                }
                index += 1
            }
            guard let text = String(validating: out, as: UTF8.self) else {
                throw error("invalid UTF-8 in the string starting here", at: quote)
            }
            return text
        }
    }
}
