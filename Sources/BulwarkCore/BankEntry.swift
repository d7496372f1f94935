#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One signal held in a bank, with its labels.
public struct BankEntry: Hashable, Sendable, Codable, Identifiable {
    /// The store's identifier of the entry.
    public let id: Int64
    /// The bank that holds the entry.
    public let bankID: Int64
    /// The signal: its type and canonical value.
    public let signal: Signal
    /// Source, category, AI-generated flag and note.
    public var labels: EntryLabels
    /// When the entry was first added to the bank.
    public let addedAt: Date

    public init(id: Int64, bankID: Int64, signal: Signal, labels: EntryLabels, addedAt: Date) {
        self.id = id
        self.bankID = bankID
        self.signal = signal
        self.labels = labels
        self.addedAt = addedAt
    }
}
