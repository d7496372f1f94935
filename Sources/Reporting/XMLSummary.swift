import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A small, bounded view of an XML document: the root element's name and every element's
/// slash-separated path, attributes and text, in document order. Used to read the
/// endpoint's `reportResponse` documents (and, in the stand-in, the posted reports).
///
/// Limits: at most ``maxBytes`` bytes, nesting depth ``maxDepth``, ``maxElements`` elements;
/// external entities are never resolved. Errors name the line and column.
public struct XMLSummary: Sendable {
    /// One element: its path from the root (e.g. `report/incidentSummary/incidentType`).
    public struct Element: Sendable, Equatable {
        public var path: String
        public var attributes: [String: String]
        public var text: String
    }

    public static let maxBytes = 1 << 20
    public static let maxDepth = 32
    public static let maxElements = 10_000

    /// The root element's name.
    public let root: String
    /// All elements in document order, the root first.
    public let elements: [Element]

    /// The text of the first element at `path`, if any.
    public func text(_ path: String) -> String? { elements.first { $0.path == path }?.text }

    /// The elements at `path`.
    public func all(_ path: String) -> [Element] { elements.filter { $0.path == path } }

    /// Parses `bytes`, throwing ``ReportingError/badResponse(step:reason:)`` for `step`.
    public init(bytes: [UInt8], step: String) throws {
        guard bytes.count <= Self.maxBytes else {
            throw ReportingError.badResponse(step: step, reason: "XML of \(bytes.count) bytes exceeds \(Self.maxBytes)")
        }
        guard !bytes.isEmpty else { throw ReportingError.badResponse(step: step, reason: "empty body, expected XML") }
        let parser = XMLParser(data: Data(bytes))
        parser.shouldResolveExternalEntities = false
        let collector = Collector()
        parser.delegate = collector
        let ok = parser.parse()
        if let limit = collector.limitError {
            throw ReportingError.badResponse(step: step, reason: limit)
        }
        if ok, let root = collector.elements.first?.path, !collector.rootClosed {
            throw ReportingError.badResponse(
                step: step, reason: "XML is not well-formed: truncated, <\(root)> is not closed at line \(parser.lineNumber)")
        }
        guard ok, let root = collector.elements.first?.path else {
            let reason = parser.parserError.map { "\($0.localizedDescription)" } ?? "not well-formed"
            throw ReportingError.badResponse(
                step: step, reason: "XML is not well-formed at line \(parser.lineNumber), column \(parser.columnNumber): \(reason)")
        }
        self.root = root
        elements = collector.elements
    }

    private final class Collector: NSObject, XMLParserDelegate {
        var elements: [Element] = []
        var stack: [(index: Int, path: String)] = []
        var limitError: String?
        var rootClosed = false

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            guard stack.count < XMLSummary.maxDepth else {
                limitError = "nesting deeper than \(XMLSummary.maxDepth) at line \(parser.lineNumber)"
                parser.abortParsing()
                return
            }
            guard elements.count < XMLSummary.maxElements else {
                limitError = "more than \(XMLSummary.maxElements) elements at line \(parser.lineNumber)"
                parser.abortParsing()
                return
            }
            let path = stack.last.map { $0.path + "/" + elementName } ?? elementName
            elements.append(Element(path: path, attributes: attributes, text: ""))
            stack.append((elements.count - 1, path))
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
            if let top = stack.popLast() {
                elements[top.index].text = elements[top.index].text.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            if stack.isEmpty { rootClosed = true }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            guard let top = stack.last else { return }
            elements[top.index].text += string
        }

        func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
            guard let top = stack.last else { return }
            elements[top.index].text += String(decoding: CDATABlock, as: UTF8.self)
        }
    }
}
