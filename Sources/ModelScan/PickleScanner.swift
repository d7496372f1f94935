import BulwarkCore

/// A `module.name` a pickle imports through GLOBAL, INST or STACK_GLOBAL.
public struct PickleImport: Hashable, Sendable, Codable, Comparable {
    /// The module, e.g. `torch._utils`; `unknown` when it could not be resolved statically.
    public var module: String
    /// The attribute, e.g. `_rebuild_tensor_v2`; `unknown` when it could not be resolved statically.
    public var name: String

    /// Creates an import.
    public init(module: String, name: String) {
        self.module = module
        self.name = name
    }

    public static func < (lhs: PickleImport, rhs: PickleImport) -> Bool {
        (lhs.module, lhs.name) < (rhs.module, rhs.name)
    }
}

/// What a static walk over a pickle stream found.
public struct PickleStreamScan: Sendable, Hashable {
    /// Every distinct import, in order of first appearance.
    public var imports: [PickleImport] = []
    /// How many pickles ended with STOP.
    public var completePickles = 0
    /// The first parse error (with its byte offset), if the stream was malformed or truncated.
    public var error: String?
    /// Where scanning stopped.
    public var endOffset: UInt64 = 0
    /// Opcodes seen.
    public var opcodeCount = 0
    /// Short strings the pickle pushes (dictionary keys such as tensor names), when asked for.
    public var strings: [String] = []
}

/// Limits for the static pickle scan.
public struct PickleScanLimits: Sendable, Hashable, Codable {
    /// The longest text line (protocol 0 arguments) accepted.
    public var maxLineBytes = 65_536
    /// Strings longer than this are skipped, not kept; a STACK_GLOBAL that uses one counts as `unknown`.
    public var maxKeptStringBytes = 65_536
    /// Total bytes of strings remembered for memo lookups.
    public var maxMemoBytes = 64 << 20
    /// The most opcodes walked in one stream.
    public var maxOpcodes = 200_000_000

    /// The default limits.
    public init() {}

    /// Decodes limits from JSON; missing keys keep their defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = PickleScanLimits()
        maxLineBytes = try c.decodeIfPresent(Int.self, forKey: .maxLineBytes) ?? defaults.maxLineBytes
        maxKeptStringBytes = try c.decodeIfPresent(Int.self, forKey: .maxKeptStringBytes) ?? defaults.maxKeptStringBytes
        maxMemoBytes = try c.decodeIfPresent(Int.self, forKey: .maxMemoBytes) ?? defaults.maxMemoBytes
        maxOpcodes = try c.decodeIfPresent(Int.self, forKey: .maxOpcodes) ?? defaults.maxOpcodes
    }
}

/// Lists the globals a pickle would import without ever unpickling it.
///
/// Opcodes of protocols 0-5 are decoded as CPython's `pickletools.genops` does; GLOBAL and
/// INST give the import directly, and STACK_GLOBAL's module and name are resolved from the two
/// preceding value-pushing opcodes, following memo PUT/GET as picklescan does. Anything that
/// cannot be resolved to a string becomes `unknown` (which the classifier treats as dangerous).
public enum PickleScanner {
    private enum ArgValue {
        case none
        case text(String)
        /// A value that is not a string, by its Python `str()` form.
        case nonText(String)
        /// A string or bytes too long to keep, or bytes.
        case opaque
    }

    private enum Pushed {
        case text(String)
        case memoGet(UInt64?)
        case other
    }

    /// Scans the pickles in `source[start..<end]`. With `maxPickles` nil it continues through
    /// concatenated pickles until the end of the range or the first error.
    ///
    /// With `collectStrings` above zero it also keeps up to that many distinct short strings
    /// (at most 256 bytes each), which lets tensor names be read without unpickling.
    public static func scan(source: some ModelByteSource, start: UInt64 = 0, end: UInt64? = nil,
                            maxPickles: Int? = nil, limits: PickleScanLimits = .init(), collectStrings: Int = 0) -> PickleStreamScan {
        var cursor = ByteCursor(source: source, start: start, end: end, what: "pickle")
        var result = PickleStreamScan()
        var seen = Set<PickleImport>()
        var memo: [UInt64: ArgValue] = [:]
        var memoBytes = 0
        var collected = Set<String>()

        func record(_ item: PickleImport) {
            if seen.insert(item).inserted { result.imports.append(item) }
        }

        pickles: while !cursor.isAtEnd {
            if let maxPickles, result.completePickles >= maxPickles { break }
            var recent: [Pushed] = []
            var previousArg: ArgValue?
            while true {
                let position = cursor.offset
                do {
                    guard let code = try cursor.readByte() else {
                        result.error = "pickle exhausted before seeing STOP at byte \(position)"
                        break pickles
                    }
                    guard let opcode = PickleOpcode.table[code] else {
                        result.error = "unknown opcode 0x\(Hex.encode([code])) at byte \(position)"
                        break pickles
                    }
                    result.opcodeCount += 1
                    guard result.opcodeCount <= limits.maxOpcodes else {
                        result.error = "more than \(limits.maxOpcodes) opcodes (limit) at byte \(position)"
                        break pickles
                    }
                    let arg = try readArgument(opcode, cursor: &cursor, limits: limits, position: position)
                    switch opcode.name {
                    case "MEMOIZE", "PUT", "BINPUT", "LONG_BINPUT":
                        if let previousArg {
                            let key: UInt64
                            if opcode.name == "MEMOIZE" { key = UInt64(memo.count) } else { key = memoKey(arg) ?? UInt64.max }
                            var stored = previousArg
                            if case let .text(s) = previousArg {
                                if memoBytes + s.utf8.count > limits.maxMemoBytes { stored = .opaque } else { memoBytes += s.utf8.count }
                            }
                            memo[key] = stored
                        }
                    case "GLOBAL", "INST":
                        if case let .text(pair) = arg {
                            let parts = pair.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false)
                            record(PickleImport(module: String(parts[0]), name: parts.count > 1 ? String(parts[1]) : ""))
                        }
                        recent.append(.other)
                    case "STACK_GLOBAL":
                        if recent.count < 2 {
                            record(PickleImport(module: "unknown", name: "unknown"))
                            result.error = "STACK_GLOBAL at byte \(position) has \(recent.count) values before it, not 2"
                            break pickles
                        }
                        let name = resolve(recent[recent.count - 1], memo: memo)
                        let module = resolve(recent[recent.count - 2], memo: memo)
                        record(PickleImport(module: module, name: name))
                        recent.append(.other)
                    case "GET", "BINGET", "LONG_BINGET":
                        recent.append(.memoGet(memoKey(arg)))
                    case "SHORT_BINUNICODE", "UNICODE", "BINUNICODE", "BINUNICODE8", "STRING", "BINSTRING", "SHORT_BINSTRING":
                        if case let .text(s) = arg {
                            recent.append(.text(s))
                            if collected.count < collectStrings, s.utf8.count <= 256, collected.insert(s).inserted { result.strings.append(s) }
                        } else {
                            recent.append(.other)
                        }
                    default:
                        recent.append(.other)
                    }
                    if recent.count > 2 { recent.removeFirst(recent.count - 2) }
                    previousArg = arg
                    if opcode.name == "STOP" {
                        result.completePickles += 1
                        break
                    }
                } catch {
                    result.error = "\(error)"
                    break pickles
                }
            }
        }
        result.endOffset = cursor.offset
        return result
    }

    private static func resolve(_ pushed: Pushed, memo: [UInt64: ArgValue]) -> String {
        switch pushed {
        case let .text(s): return s
        case .other: return "unknown"
        case let .memoGet(key):
            guard let key, let value = memo[key] else { return "unknown" }
            switch value {
            case let .text(s): return s
            case let .nonText(s): return s
            case .none: return "None"
            case .opaque: return "unknown"
            }
        }
    }

    private static func memoKey(_ arg: ArgValue) -> UInt64? {
        switch arg {
        case let .nonText(s): return UInt64(s) ?? (s == "True" ? 1 : s == "False" ? 0 : nil)
        default: return nil
        }
    }

    private static func readArgument(_ opcode: PickleOpcode, cursor: inout ByteCursor, limits: PickleScanLimits, position: UInt64) throws(BulwarkError) -> ArgValue {
        let field = "\(opcode.name) argument (opcode at byte \(position))"
        switch opcode.argument {
        case .none:
            return .none
        case .uint1: return .nonText(String(try cursor.readUInt(width: 1, field: field)))
        case .uint2: return .nonText(String(try cursor.readUInt(width: 2, field: field)))
        case .uint4: return .nonText(String(try cursor.readUInt(width: 4, field: field)))
        case .int4: return .nonText(String(Int32(truncatingIfNeeded: try cursor.readUInt(width: 4, field: field))))
        case .uint8:
            let value = try cursor.readUInt(width: 8, field: field)
            return opcode.name == "BINFLOAT" ? .nonText(String(Double(bitPattern: value.byteSwapped))) : .nonText(String(value))
        case .decimalLine, .longLine, .floatLine:
            let line = try line(&cursor, limits: limits, field: field)
            var text = String(decoding: line, as: UTF8.self).trimmingWhitespace()
            if case .longLine = opcode.argument, text.hasSuffix("L") { text.removeLast() }
            if case .floatLine = opcode.argument {
                guard Double(text) != nil else { throw malformed(field, "\"\(text.prefix(40))\" is not a float") }
                return .nonText(text)
            }
            if text == "00" { return .nonText("False") }
            if text == "01" { return .nonText("True") }
            let digits = text.replacingUnderscores()
            guard let normalized = normalizedInteger(digits) else { throw malformed(field, "\"\(text.prefix(40))\" is not an integer") }
            return .nonText(normalized)
        case .quotedStringLine:
            let raw = try line(&cursor, limits: limits, field: field)
            guard let quote = raw.first, quote == 0x22 || quote == 0x27 else { throw malformed(field, "no string quotes") }
            guard raw.count >= 2, raw.last == quote else { throw malformed(field, "string quote not found at both ends") }
            return .text(try unescapeASCII(Array(raw[1..<(raw.count - 1)]), field: field))
        case .rawLine:
            return .text(try unescapeASCII(try line(&cursor, limits: limits, field: field), field: field))
        case .unicodeLine:
            return .text(try rawUnicodeEscape(try line(&cursor, limits: limits, field: field), field: field))
        case .linePair:
            let module = try unescapeASCII(try line(&cursor, limits: limits, field: field), field: field)
            let name = try unescapeASCII(try line(&cursor, limits: limits, field: field), field: field)
            return .text(module + " " + name)
        case let .counted(prefix, signed, kind):
            let rawLength = try cursor.readUInt(width: prefix, field: field)
            var length = rawLength
            if signed, prefix == 4 {
                let value = Int32(truncatingIfNeeded: rawLength)
                guard value >= 0 else { throw malformed(field, "negative length \(value)") }
                length = UInt64(value)
            }
            guard length <= UInt64(Int64.max) else { throw malformed(field, "length \(length) exceeds the maximum") }
            if kind == .long {
                guard length <= 8 else {
                    try cursor.skip(length, field: field)
                    return .nonText("long")
                }
                return .nonText(String(littleEndianSigned(try cursor.readBytes(Int(length), field: field))))
            }
            if kind == .bytes || length > UInt64(limits.maxKeptStringBytes) {
                try cursor.skip(length, field: field)
                return .opaque
            }
            let bytes = try cursor.readBytes(Int(length), field: field)
            if kind == .latin1 {
                return .text(String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) })))
            }
            guard let text = String(validating: bytes, as: UTF8.self) else { throw malformed(field, "invalid UTF-8") }
            return .text(text)
        }
    }

    private static func line(_ cursor: inout ByteCursor, limits: PickleScanLimits, field: String) throws(BulwarkError) -> [UInt8] {
        guard let line = try cursor.readLine(maxLength: limits.maxLineBytes) else {
            throw malformed(field, "no newline found within \(limits.maxLineBytes) bytes or before the end")
        }
        return line
    }

    private static func malformed(_ field: String, _ reason: String) -> BulwarkError {
        .invalidInput(what: "pickle", where: field, reason: reason)
    }

    /// Python's `codecs.escape_decode(...).decode("ascii")` for the escapes that matter.
    private static func unescapeASCII(_ bytes: [UInt8], field: String) throws(BulwarkError) -> String {
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x5c, i + 1 < bytes.count {
                let e = bytes[i + 1]
                switch e {
                case 0x5c, 0x27, 0x22: out.append(e); i += 2; continue
                case UInt8(ascii: "n"): out.append(0x0a); i += 2; continue
                case UInt8(ascii: "t"): out.append(0x09); i += 2; continue
                case UInt8(ascii: "r"): out.append(0x0d); i += 2; continue
                case UInt8(ascii: "x"):
                    guard i + 3 < bytes.count, let h = Hex.nibble(bytes[i + 2]), let l = Hex.nibble(bytes[i + 3]) else {
                        throw malformed(field, "invalid \\x escape")
                    }
                    out.append(h << 4 | l); i += 4; continue
                default: break
                }
            }
            out.append(b)
            i += 1
        }
        guard out.allSatisfy({ $0 < 0x80 }) else { throw malformed(field, "non-ASCII text") }
        return String(decoding: out, as: UTF8.self)
    }

    /// Python's `raw-unicode-escape` decoding: Latin-1 bytes with `\uXXXX` and `\UXXXXXXXX` escapes.
    private static func rawUnicodeEscape(_ bytes: [UInt8], field: String) throws(BulwarkError) -> String {
        var scalars = String.UnicodeScalarView()
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x5c, i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "u") || bytes[i + 1] == UInt8(ascii: "U") {
                let width = bytes[i + 1] == UInt8(ascii: "u") ? 4 : 8
                guard i + 2 + width <= bytes.count else { throw malformed(field, "truncated \\u escape") }
                var value: UInt32 = 0
                for j in 0..<width {
                    guard let n = Hex.nibble(bytes[i + 2 + j]) else { throw malformed(field, "invalid \\u escape") }
                    value = value << 4 | UInt32(n)
                }
                guard let scalar = Unicode.Scalar(value) else { throw malformed(field, "escape \\u\(value) is not a scalar") }
                scalars.append(scalar)
                i += 2 + width
            } else {
                scalars.append(Unicode.Scalar(bytes[i]))
                i += 1
            }
        }
        return String(scalars)
    }

    private static func normalizedInteger(_ text: String) -> String? {
        if let v = Int64(text) { return String(v) }
        var body = Substring(text)
        var negative = false
        if body.hasPrefix("+") { body = body.dropFirst() } else if body.hasPrefix("-") { body = body.dropFirst(); negative = true }
        guard !body.isEmpty, body.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        let trimmed = body.drop { $0 == "0" }
        return (negative && !trimmed.isEmpty ? "-" : "") + (trimmed.isEmpty ? "0" : String(trimmed))
    }

    private static func littleEndianSigned(_ bytes: [UInt8]) -> Int64 {
        guard !bytes.isEmpty else { return 0 }
        var value: UInt64 = 0
        for (i, b) in bytes.enumerated() { value |= UInt64(b) << (8 * UInt64(i)) }
        let bits = bytes.count * 8
        if bits < 64, bytes[bytes.count - 1] & 0x80 != 0 { value |= ~0 << UInt64(bits) }
        return Int64(bitPattern: value)
    }
}

extension String {
    fileprivate func replacingUnderscores() -> String {
        String(self.filter { $0 != "_" })
    }
}
