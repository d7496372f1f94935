/// What one import transaction changed: rows added as new entries and rows merged into
/// entries the bank already held (including duplicates within the input).
public struct ImportCounts: Hashable, Sendable, Codable {
    public var inserted: Int
    public var merged: Int

    public init(inserted: Int = 0, merged: Int = 0) {
        self.inserted = inserted
        self.merged = merged
    }
}
