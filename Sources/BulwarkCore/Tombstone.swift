#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The record left behind when an entry is removed from a bank, kept for the audit trail.
public struct Tombstone: Hashable, Sendable, Codable, Identifiable {
    /// The store's identifier of the tombstone.
    public let id: Int64
    /// The bank the entry was removed from.
    public let bankID: Int64
    /// The identifier the entry had.
    public let entryID: Int64
    /// The signal the entry held.
    public let signal: Signal
    /// When the entry was removed.
    public let removedAt: Date
    /// Why it was removed (free text from the curator, or e.g. "bank deleted").
    public let reason: String

    public init(id: Int64, bankID: Int64, entryID: Int64, signal: Signal, removedAt: Date, reason: String) {
        self.id = id
        self.bankID = bankID
        self.entryID = entryID
        self.signal = signal
        self.removedAt = removedAt
        self.reason = reason
    }
}
