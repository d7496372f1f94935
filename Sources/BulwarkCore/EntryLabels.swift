/// The labels a bank entry carries besides its signal: where it came from and what it is.
public struct EntryLabels: Hashable, Sendable, Codable {
    /// Which list or programme supplied the entry (e.g. an exchange or hotline name).
    public var source: String?
    /// A free category label: an IWF-style A/B/C, a ThreatExchange category, or a platform's own.
    public var category: String?
    /// Whether the item is known to be AI-generated.
    public var aiGenerated: AIGenerated
    /// A free-text note from the curator.
    public var note: String?

    public init(source: String? = nil, category: String? = nil, aiGenerated: AIGenerated = .unknown, note: String? = nil) {
        self.source = source.flatMap(Self.nonEmpty)
        self.category = category.flatMap(Self.nonEmpty)
        self.aiGenerated = aiGenerated
        self.note = note.flatMap(Self.nonEmpty)
    }

    /// These labels updated by `newer`: every label `newer` states replaces the old one, and
    /// labels it leaves empty (or `unknown`) keep their old value. This is how duplicate
    /// entries merge.
    public func merged(with newer: EntryLabels) -> EntryLabels {
        EntryLabels(
            source: newer.source ?? source,
            category: newer.category ?? category,
            aiGenerated: newer.aiGenerated == .unknown ? aiGenerated : newer.aiGenerated,
            note: newer.note ?? note)
    }

    private static func nonEmpty(_ text: String) -> String? {
        let trimmed = text.trimmingWhitespace()
        return trimmed.isEmpty ? nil : trimmed
    }
}
