import BulwarkCore

/// One XMP property value, with its qualified name like `dc:description` or
/// `xmpMM:History/stEvt:softwareAgent` for fields inside structures.
public struct XMPProperty: Sendable, Hashable, Codable {
    public var namespace: String
    public var path: String
    public var values: [String]
}

/// One entry of `xmpMM:History`: an edit a tool recorded.
public struct XMPHistoryEvent: Sendable, Hashable, Codable {
    public var action: String?
    public var softwareAgent: String?
    public var when: String?
    public var changed: String?
}

/// The XMP fields that say who or what made an image.
public struct XMPFields: Sendable, Hashable, Codable {
    public var creatorTool: String?
    public var digitalSourceType: String?
    public var descriptions: [String] = []
    public var creators: [String] = []
    public var credit: String?
    public var history: [XMPHistoryEvent] = []
    /// Every simple property, flattened, in document order.
    public var properties: [XMPProperty] = []

    public init() {}

    /// The first value of the property `namespace`:`name` at the top level.
    public func value(_ namespace: String, _ name: String) -> String? {
        let path = XMPNamespace.prefixed(namespace, name)
        return properties.first { $0.namespace == namespace && $0.path == path }?.values.first
    }
}

/// Reads XMP packets (RDF/XML) with the strict ``XMLParser``.
public enum XMPReader {
    public static func read(_ packet: String, limits: ProvenanceLimits = .init(), context: String = "XMP") throws(ProvenanceError) -> XMPFields {
        let root = try XMLParser.parse(packet, maxBytes: limits.maxBlockBytes, maxDepth: limits.maxXMLDepth, context: context)
        var fields = XMPFields()
        var descriptions: [XMLNode] = []
        collectDescriptions(root, into: &descriptions, depth: 0)
        for description in descriptions {
            for attribute in description.attributes where attribute.namespace != XMPNamespace.rdf && !attribute.namespace.isEmpty {
                fields.properties.append(XMPProperty(namespace: attribute.namespace,
                                                     path: XMPNamespace.prefixed(attribute.namespace, attribute.name),
                                                     values: [attribute.value]))
            }
            for child in description.children {
                flatten(child, prefix: "", into: &fields.properties)
                if child.namespace == XMPNamespace.xmpMM && child.name == "History" {
                    fields.history.append(contentsOf: historyEvents(child))
                }
            }
        }
        fields.creatorTool = fields.value(XMPNamespace.xmp, "CreatorTool")
        fields.digitalSourceType = fields.value(XMPNamespace.iptcExt, "DigitalSourceType")
        fields.credit = fields.value(XMPNamespace.photoshop, "Credit")
        for property in fields.properties {
            if property.path == "dc:description" { fields.descriptions.append(contentsOf: property.values) }
            if property.path == "dc:creator" { fields.creators.append(contentsOf: property.values) }
        }
        return fields
    }

    private static func collectDescriptions(_ node: XMLNode, into result: inout [XMLNode], depth: Int) {
        if node.namespace == XMPNamespace.rdf && node.name == "Description" {
            result.append(node)
            return
        }
        guard depth < 8 else { return }
        for child in node.children { collectDescriptions(child, into: &result, depth: depth + 1) }
    }

    /// Flattens a property element: simple text, rdf:resource, arrays (Alt/Seq/Bag of li) and structures.
    private static func flatten(_ node: XMLNode, prefix: String, into properties: inout [XMPProperty]) {
        let path = prefix + XMPNamespace.prefixed(node.namespace, node.name)
        if let resource = node.attribute(XMPNamespace.rdf, "resource") {
            properties.append(XMPProperty(namespace: node.namespace, path: path, values: [resource]))
            return
        }
        var values: [String] = []
        var structures: [XMLNode] = []
        for child in node.children {
            if child.namespace == XMPNamespace.rdf && ["Alt", "Seq", "Bag"].contains(child.name) {
                for item in child.children where item.namespace == XMPNamespace.rdf && item.name == "li" {
                    if item.children.isEmpty && item.attributes.allSatisfy({ $0.namespace == XMPNamespace.rdf || $0.namespace == "http://www.w3.org/XML/1998/namespace" }) {
                        values.append(item.text.trimmingWhitespace())
                    } else {
                        structures.append(item)
                    }
                }
            } else if child.namespace == XMPNamespace.rdf && child.name == "Description" {
                structures.append(child)
            } else {
                structures.append(node)
                break
            }
        }
        if node.children.isEmpty {
            let text = node.text.trimmingWhitespace()
            for attribute in node.attributes where attribute.namespace != XMPNamespace.rdf && !attribute.namespace.isEmpty {
                properties.append(XMPProperty(namespace: attribute.namespace, path: path + "/" + XMPNamespace.prefixed(attribute.namespace, attribute.name), values: [attribute.value]))
            }
            if !text.isEmpty || node.attributes.isEmpty { values.append(text) }
        }
        if !values.isEmpty { properties.append(XMPProperty(namespace: node.namespace, path: path, values: values)) }
        for structure in structures.prefix(256) {
            for attribute in structure.attributes where attribute.namespace != XMPNamespace.rdf && !attribute.namespace.isEmpty {
                properties.append(XMPProperty(namespace: attribute.namespace, path: path + "/" + XMPNamespace.prefixed(attribute.namespace, attribute.name), values: [attribute.value]))
            }
            for field in structure.children where field.namespace != XMPNamespace.rdf {
                flatten(field, prefix: path + "/", into: &properties)
            }
        }
    }

    private static func historyEvents(_ history: XMLNode) -> [XMPHistoryEvent] {
        var events: [XMPHistoryEvent] = []
        for sequence in history.children where sequence.namespace == XMPNamespace.rdf {
            for item in sequence.children.prefix(1024) where item.name == "li" {
                var sources: [(String, String)] = item.attributes.filter { $0.namespace == XMPNamespace.stEvt }.map { ($0.name, $0.value) }
                let fieldNodes = item.children.first { $0.namespace == XMPNamespace.rdf && $0.name == "Description" }?.children ?? item.children
                if let description = item.children.first(where: { $0.namespace == XMPNamespace.rdf && $0.name == "Description" }) {
                    sources += description.attributes.filter { $0.namespace == XMPNamespace.stEvt }.map { ($0.name, $0.value) }
                }
                sources += fieldNodes.filter { $0.namespace == XMPNamespace.stEvt }.map { ($0.name, $0.text.trimmingWhitespace()) }
                var event = XMPHistoryEvent()
                for (name, value) in sources {
                    switch name {
                    case "action": event.action = value
                    case "softwareAgent": event.softwareAgent = value
                    case "when": event.when = value
                    case "changed": event.changed = value
                    default: break
                    }
                }
                events.append(event)
            }
        }
        return events
    }
}
