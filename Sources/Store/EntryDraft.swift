import BulwarkCore

/// An entry to add to a bank: a validated signal and its labels. Adding a draft whose
/// signal the bank already holds merges the labels instead of adding a second row.
public struct EntryDraft: Hashable, Sendable {
    public var signal: Signal
    public var labels: EntryLabels

    public init(signal: Signal, labels: EntryLabels = EntryLabels()) {
        self.signal = signal
        self.labels = labels
    }
}
