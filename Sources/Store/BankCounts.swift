import BulwarkCore

/// How many entries a bank holds, in total and per signal type, and how many were removed.
public struct BankCounts: Hashable, Sendable {
    public var entries: Int
    public var entriesByType: [SignalType: Int]
    public var tombstones: Int

    public init(entries: Int, entriesByType: [SignalType: Int], tombstones: Int) {
        self.entries = entries
        self.entriesByType = entriesByType
        self.tombstones = tombstones
    }
}
