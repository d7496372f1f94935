import BulwarkCore
import VideoHashing

/// One bank entry matched by a query signal: which bank, which entry, its labels and how
/// close the match was.
public struct BankMatch: Hashable, Sendable, Codable {
    /// The bank holding the matched entry.
    public var bankID: Int64
    /// The bank's name at match time.
    public var bankName: String
    /// Whether the bank holds material of known real victims (review priority uses it).
    public var holdsKnownRealVictims: Bool
    /// The matched entry's store id.
    public var entryID: Int64
    /// The matched entry's signal as stored.
    public var signal: Signal
    /// The query value that matched it.
    public var query: Signal
    /// The entry's labels (source, category, AI-generated, note).
    public var labels: EntryLabels
    /// Hamming distance for PDQ (0 for exact types and vPDQ).
    public var distance: Int
    /// For vPDQ: how much of the query video and of the entry's video matched.
    public var video: VPDQMatchResult?

    public init(
        bankID: Int64, bankName: String, holdsKnownRealVictims: Bool, entryID: Int64, signal: Signal, query: Signal,
        labels: EntryLabels, distance: Int, video: VPDQMatchResult? = nil
    ) {
        self.bankID = bankID
        self.bankName = bankName
        self.holdsKnownRealVictims = holdsKnownRealVictims
        self.entryID = entryID
        self.signal = signal
        self.query = query
        self.labels = labels
        self.distance = distance
        self.video = video
    }
}
