/// Parses JUMBF boxes from untrusted bytes with limits on depth and box count.
///
/// Lengths past the end of the enclosing box, lengths shorter than the header and superboxes
/// without a leading description box are errors that name the byte offset.
public struct JUMBFParser: Sendable {
    /// The deepest superbox nesting.
    public var maxDepth: Int
    /// The most boxes in total.
    public var maxBoxes: Int

    /// Makes a parser with the given limits.
    public init(maxDepth: Int = 16, maxBoxes: Int = 10_000) {
        self.maxDepth = maxDepth
        self.maxBoxes = maxBoxes
    }

    /// Makes a parser with the JUMBF limits of `limits`.
    public init(limits: C2PALimits) {
        self.init(maxDepth: limits.maxBoxDepth, maxBoxes: limits.maxBoxes)
    }

    /// Parses the first box of `bytes`, which must be a `jumb` superbox (a C2PA manifest store).
    public func parseSuperbox(_ bytes: [UInt8]) throws(ContentCredentialsError) -> JUMBFSuperbox {
        var state = State(bytes: bytes, parser: self)
        let header = try state.header(at: 0, end: bytes.count)
        guard header.type == "jumb" else {
            throw ContentCredentialsError("JUMBF", at: "byte 0", "expected a jumb superbox, found '\(header.type)'")
        }
        return try state.superbox(header, depth: 0)
    }

    /// A box header: where the box starts, its type and the range of its payload.
    struct Header {
        var offset: Int
        var type: String
        var payload: Range<Int>
    }

    struct State {
        let bytes: [UInt8]
        let parser: JUMBFParser
        var boxes = 0

        func fail(_ offset: Int, _ reason: String) -> ContentCredentialsError {
            ContentCredentialsError("JUMBF", at: "byte \(offset)", reason)
        }

        func uint32(at offset: Int) -> UInt32 {
            bytes[offset..<(offset + 4)].reduce(0) { $0 << 8 | UInt32($1) }
        }

        /// Reads the header of a box at `offset` that must end by `end`.
        mutating func header(at offset: Int, end: Int) throws(ContentCredentialsError) -> Header {
            boxes += 1
            guard boxes <= parser.maxBoxes else { throw fail(offset, "more than \(parser.maxBoxes) boxes") }
            guard end - offset >= 8 else { throw fail(offset, "box header needs 8 bytes, \(end - offset) remain") }
            let length = UInt64(uint32(at: offset))
            let typeBytes = bytes[(offset + 4)..<(offset + 8)]
            let type = typeBytes.allSatisfy({ (0x20...0x7e).contains($0) })
                ? String(decoding: typeBytes, as: UTF8.self)
                : "0x" + typeBytes.map { String($0, radix: 16) }.joined()
            var headerSize = 8
            let boxLength: UInt64
            switch length {
            case 0:
                boxLength = UInt64(end - offset)
            case 1:
                guard end - offset >= 16 else { throw fail(offset, "extended box length needs 16 header bytes, \(end - offset) remain") }
                boxLength = UInt64(uint32(at: offset + 8)) << 32 | UInt64(uint32(at: offset + 12))
                headerSize = 16
            default:
                boxLength = length
            }
            guard boxLength >= UInt64(headerSize) else {
                throw fail(offset, "box '\(type)' length \(boxLength) is shorter than its \(headerSize)-byte header")
            }
            guard boxLength <= UInt64(end - offset) else {
                throw fail(offset, "box '\(type)' length \(boxLength) runs past the end of its container (\(end - offset) bytes remain)")
            }
            let boxEnd = offset + Int(boxLength)
            return Header(offset: offset, type: type, payload: (offset + headerSize)..<boxEnd)
        }

        mutating func superbox(_ header: Header, depth: Int) throws(ContentCredentialsError) -> JUMBFSuperbox {
            guard depth < parser.maxDepth else { throw fail(header.offset, "superboxes nested deeper than \(parser.maxDepth)") }
            let descriptionHeader = try self.header(at: header.payload.lowerBound, end: header.payload.upperBound)
            guard descriptionHeader.type == "jumd" else {
                throw fail(descriptionHeader.offset, "superbox does not start with a jumd description box (found '\(descriptionHeader.type)')")
            }
            let description = try self.description(descriptionHeader)
            var children: [JUMBFNode] = []
            var cursor = descriptionHeader.payload.upperBound
            while cursor < header.payload.upperBound {
                let child = try self.header(at: cursor, end: header.payload.upperBound)
                if child.type == "jumb" {
                    children.append(.superbox(try superbox(child, depth: depth + 1)))
                } else {
                    children.append(.content(JUMBFContentBox(type: child.type, offset: child.offset, payloadRange: child.payload)))
                }
                cursor = child.payload.upperBound
            }
            return JUMBFSuperbox(offset: header.offset, contentRange: header.payload, description: description, children: children)
        }

        func description(_ header: Header) throws(ContentCredentialsError) -> JUMBFDescription {
            var cursor = header.payload.lowerBound
            let end = header.payload.upperBound
            guard end - cursor >= 17 else { throw fail(header.offset, "jumd needs a 16-byte type UUID and a toggles byte") }
            let uuid = Array(bytes[cursor..<(cursor + 16)])
            let toggles = bytes[cursor + 16]
            cursor += 17
            var result = JUMBFDescription(typeUUID: uuid, toggles: toggles)
            if toggles & 0x02 != 0 {
                guard let terminator = bytes[cursor..<end].firstIndex(of: 0) else {
                    throw fail(cursor, "jumd label has no NUL terminator")
                }
                guard let label = String(validating: bytes[cursor..<terminator], as: UTF8.self) else {
                    throw fail(cursor, "jumd label is not valid UTF-8")
                }
                result.label = label
                cursor = terminator + 1
            }
            if toggles & 0x04 != 0 {
                guard end - cursor >= 4 else { throw fail(cursor, "jumd ID needs 4 bytes") }
                result.id = uint32(at: cursor)
                cursor += 4
            }
            if toggles & 0x08 != 0 {
                guard end - cursor >= 32 else { throw fail(cursor, "jumd signature needs 32 bytes") }
                result.signature = Array(bytes[cursor..<(cursor + 32)])
            }
            return result
        }
    }
}
