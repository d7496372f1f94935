/// What kind of work a case is. The kind chooses the deadline clock (see ``DeadlinePolicy``)
/// and tells a reviewer where the case came from at a glance.
///
/// Kinds are open strings so a deployment can add its own (e.g. a national order type) and
/// give it a clock in configuration; the well-known ones are static members.
public struct CaseKind: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    /// Any kind name: 1 to 64 characters of `a-z`, `0-9`, `-`, `.`.
    public init?(rawValue: String) {
        guard (1...64).contains(rawValue.utf8.count),
              rawValue.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7a) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2d || $0 == 0x2e })
        else { return nil }
        self.rawValue = rawValue
    }

    private init(known: String) { rawValue = known }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let kind = CaseKind(rawValue: text) else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath, debugDescription: "case kind '\(text)' must be 1-64 characters of a-z, 0-9, '-', '.'"))
        }
        self = kind
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }

    /// A match against a hash bank.
    public static let bankMatch = CaseKind(known: "bank-match")
    /// A provenance finding (C2PA, IPTC or generator metadata).
    public static let provenance = CaseKind(known: "provenance")
    /// A model-file finding (ModelScan).
    public static let model = CaseKind(known: "model")
    /// A text or prompt finding (TextSafety).
    public static let text = CaseKind(known: "text")
    /// A report sent by a user or partner through the API.
    public static let externalReport = CaseKind(known: "report")
    /// An administrative removal order from an authority (short clock).
    public static let removalOrder = CaseKind(known: "removal-order")
    /// A request to remove a non-consensual intimate image.
    public static let intimateImageRequest = CaseKind(known: "intimate-image-request")
}
