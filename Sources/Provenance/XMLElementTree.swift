/// A small, strict XML parser for XMP packets.
///
/// It accepts elements, attributes, text, CDATA, comments and processing instructions; it
/// refuses DOCTYPE and entity declarations (so no entity can expand), accepts only the five
/// predefined entities and character references, and enforces size and depth limits.
/// Names are resolved against their `xmlns` declarations.
struct XMLNode: Sendable {
    /// The namespace URI of the element ("" when none).
    var namespace: String
    /// The local name.
    var name: String
    /// Attributes other than namespace declarations: (namespace URI, local name, value).
    var attributes: [(namespace: String, name: String, value: String)] = []
    var children: [XMLNode] = []
    /// The concatenated character data directly inside this element.
    var text = ""

    func attribute(_ namespace: String, _ name: String) -> String? {
        attributes.first { $0.namespace == namespace && $0.name == name }?.value
    }
}

/// Markup byte sequences, built once.
private enum Markup {
    static let piOpen: [UInt8] = Array("<?".utf8)
    static let piClose: [UInt8] = Array("?>".utf8)
    static let commentOpen: [UInt8] = Array("<!--".utf8)
    static let commentClose: [UInt8] = Array("-->".utf8)
    static let doctype: [UInt8] = Array("<!DOCTYPE".utf8)
    static let entityDecl: [UInt8] = Array("<!ENTITY".utf8)
    static let declOpen: [UInt8] = Array("<!".utf8)
    static let cdataOpen: [UInt8] = Array("<![CDATA[".utf8)
    static let cdataClose: [UInt8] = Array("]]>".utf8)
    static let emptyClose: [UInt8] = Array("/>".utf8)
    static let endOpen: [UInt8] = Array("</".utf8)
}

struct XMLParser {
    private let bytes: [UInt8]
    private var index = 0
    private let maxDepth: Int
    private let context: String

    /// Parses `text` and returns the root element.
    static func parse(_ text: String, maxBytes: Int, maxDepth: Int, context: String) throws(ProvenanceError) -> XMLNode {
        let bytes = Array(text.utf8)
        guard bytes.count <= maxBytes else {
            throw ProvenanceError(.limitExceeded, context, at: nil, "\(bytes.count) bytes, limit \(maxBytes)")
        }
        var parser = XMLParser(bytes: bytes, maxDepth: maxDepth, context: context)
        return try parser.document()
    }

    private init(bytes: [UInt8], maxDepth: Int, context: String) {
        self.bytes = bytes
        self.maxDepth = maxDepth
        self.context = context
    }

    private func fail(_ reason: String, _ kind: ProvenanceError.Kind = .malformed) -> ProvenanceError {
        ProvenanceError(kind, context, at: index, reason)
    }

    private mutating func document() throws(ProvenanceError) -> XMLNode {
        var root: XMLNode?
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "<") {
                if try skipMarkup() { continue }
                guard root == nil else { throw fail("content after the root element") }
                root = try element(depth: 0, scopes: [["xml": "http://www.w3.org/XML/1998/namespace"]])
            } else {
                index += 1  // whitespace or packet padding outside the root
            }
        }
        guard let root else { throw fail("no root element", .truncated) }
        return root
    }

    /// Skips a comment, processing instruction or CDATA-free declaration at `<`; refuses DOCTYPE/ENTITY.
    /// Returns false when the markup is an element tag.
    private mutating func skipMarkup() throws(ProvenanceError) -> Bool {
        if bytes.matches(Markup.piOpen, at: index) {
            try skip(past: Markup.piClose, what: "processing instruction")
            return true
        }
        if bytes.matches(Markup.commentOpen, at: index) {
            try skip(past: Markup.commentClose, what: "comment")
            return true
        }
        if bytes.matches(Markup.doctype, at: index) || bytes.matches(Markup.entityDecl, at: index) {
            throw fail("DOCTYPE and entity declarations are refused (no entity expansion)", .refused)
        }
        if bytes.matches(Markup.declOpen, at: index) && !bytes.matches(Markup.cdataOpen, at: index) {
            throw fail("unsupported markup declaration", .refused)
        }
        return false
    }

    private mutating func skip(past terminator: [UInt8], what: String) throws(ProvenanceError) {
        var position = index + 2
        while position < bytes.count {
            if bytes[position] == terminator[0] && bytes.matches(terminator, at: position) {
                index = position + terminator.count
                return
            }
            position += 1
        }
        throw fail("unterminated \(what)", .truncated)
    }

    private mutating func element(depth: Int, scopes: [[String: String]]) throws(ProvenanceError) -> XMLNode {
        guard depth < maxDepth else { throw fail("elements nest deeper than \(maxDepth)", .limitExceeded) }
        index += 1  // <
        let qualifiedName = try name()
        var rawAttributes: [(String, String)] = []
        var scope: [String: String] = [:]
        var selfClosing = false
        while true {
            skipSpace()
            guard index < bytes.count else { throw fail("unterminated start tag <\(qualifiedName)>", .truncated) }
            if bytes[index] == UInt8(ascii: ">") { index += 1; break }
            if bytes.matches(Markup.emptyClose, at: index) { index += 2; selfClosing = true; break }
            let attributeName = try name()
            skipSpace()
            guard bytes.u8(at: index) == UInt8(ascii: "=") else { throw fail("attribute \(attributeName) has no value") }
            index += 1
            skipSpace()
            let value = try quoted()
            guard rawAttributes.count < 512 else { throw fail("more than 512 attributes", .limitExceeded) }
            if attributeName == "xmlns" {
                scope[""] = value
            } else if attributeName.hasPrefix("xmlns:") {
                scope[String(attributeName.dropFirst(6))] = value
            } else {
                rawAttributes.append((attributeName, value))
            }
        }
        var scopes = scopes
        if !scope.isEmpty { scopes.append(scope) }
        let (namespace, local) = try resolve(qualifiedName, scopes: scopes, isAttribute: false)
        var node = XMLNode(namespace: namespace, name: local)
        for (attributeName, value) in rawAttributes {
            let (attributeNamespace, attributeLocal) = try resolve(attributeName, scopes: scopes, isAttribute: true)
            node.attributes.append((attributeNamespace, attributeLocal, value))
        }
        if selfClosing { return node }
        while true {
            guard index < bytes.count else { throw fail("element <\(qualifiedName)> is not closed", .truncated) }
            if bytes[index] == UInt8(ascii: "<") {
                if bytes.matches(Markup.endOpen, at: index) {
                    index += 2
                    let closing = try name()
                    guard closing == qualifiedName else { throw fail("</\(closing)> closes <\(qualifiedName)>") }
                    skipSpace()
                    guard bytes.u8(at: index) == UInt8(ascii: ">") else { throw fail("unterminated end tag </\(closing)>", .truncated) }
                    index += 1
                    return node
                }
                if bytes.matches(Markup.cdataOpen, at: index) {
                    let start = index + 9
                    var position = start
                    while position < bytes.count && !bytes.matches(Markup.cdataClose, at: position) { position += 1 }
                    guard position < bytes.count else { throw fail("unterminated CDATA section", .truncated) }
                    node.text += bytes[start..<position].utf8String()
                    index = position + 3
                    continue
                }
                if try skipMarkup() { continue }
                guard node.children.count < 100_000 else { throw fail("too many child elements", .limitExceeded) }
                node.children.append(try element(depth: depth + 1, scopes: scopes))
            } else {
                node.text += try characterData()
            }
        }
    }

    private func resolve(_ qualified: String, scopes: [[String: String]], isAttribute: Bool) throws(ProvenanceError) -> (String, String) {
        let parts = qualified.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        let prefix = parts.count == 2 ? String(parts[0]) : ""
        let local = parts.count == 2 ? String(parts[1]) : qualified
        if prefix.isEmpty && isAttribute { return ("", local) }
        for scope in scopes.reversed() {
            if let uri = scope[prefix] { return (uri, local) }
        }
        if prefix.isEmpty { return ("", local) }
        throw fail("namespace prefix \(prefix) is not declared")
    }

    private mutating func name() throws(ProvenanceError) -> String {
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
                || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "=") || byte == UInt8(ascii: "<")
                || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") { break }
            index += 1
        }
        guard index > start else { throw fail("expected a name") }
        return bytes[start..<index].utf8String()
    }

    private mutating func skipSpace() {
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0A || bytes[index] == 0x0D {
            index += 1
        }
    }

    private mutating func quoted() throws(ProvenanceError) -> String {
        guard let quote = bytes.u8(at: index), quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else {
            throw fail("attribute value is not quoted")
        }
        index += 1
        var out: [UInt8] = []
        while true {
            guard index < bytes.count else { throw fail("unterminated attribute value", .truncated) }
            let byte = bytes[index]
            if byte == quote { index += 1; break }
            if byte == UInt8(ascii: "<") { throw fail("'<' inside an attribute value") }
            if byte == UInt8(ascii: "&") { out.append(contentsOf: try entity()) } else { out.append(byte); index += 1 }
        }
        return out.utf8String()
    }

    private mutating func characterData() throws(ProvenanceError) -> String {
        var out: [UInt8] = []
        while index < bytes.count, bytes[index] != UInt8(ascii: "<") {
            if bytes[index] == UInt8(ascii: "&") { out.append(contentsOf: try entity()) } else { out.append(bytes[index]); index += 1 }
        }
        return out.utf8String()
    }

    /// A predefined entity or character reference at `&`; anything else is refused.
    private mutating func entity() throws(ProvenanceError) -> [UInt8] {
        guard let end = bytes.firstIndex(of: UInt8(ascii: ";"), from: index, before: Swift.min(bytes.count, index + 12)) else {
            throw fail("unterminated entity reference")
        }
        let body = bytes[(index + 1)..<end].latin1String()
        index = end + 1
        switch body {
        case "lt": return [UInt8(ascii: "<")]
        case "gt": return [UInt8(ascii: ">")]
        case "amp": return [UInt8(ascii: "&")]
        case "quot": return [UInt8(ascii: "\"")]
        case "apos": return [UInt8(ascii: "'")]
        default:
            var value: UInt32?
            if body.hasPrefix("#x") || body.hasPrefix("#X") { value = UInt32(body.dropFirst(2), radix: 16) }
            else if body.hasPrefix("#") { value = UInt32(body.dropFirst(), radix: 10) }
            guard let value else { throw fail("entity &\(body); is not predefined (entities are refused)", .refused) }
            guard let scalar = Unicode.Scalar(value), value != 0 else { throw fail("character reference &\(body); is not a character") }
            return Array(String(Character(scalar)).utf8)
        }
    }
}
