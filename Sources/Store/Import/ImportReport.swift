/// The outcome of a committed import.
public struct ImportReport: Hashable, Sendable, Codable {
    /// The bank written to.
    public var bankID: Int64
    /// Records read (header and blank lines excluded).
    public var rows: Int
    /// Entries added and entries merged.
    public var counts: ImportCounts
    /// How many invalid rows were skipped (only with `skipInvalid`).
    public var skippedCount: Int
    /// The first skipped rows with their line numbers and reasons.
    public var skipped: [InvalidRow]

    public init(bankID: Int64, rows: Int, counts: ImportCounts, skippedCount: Int, skipped: [InvalidRow]) {
        self.bankID = bankID
        self.rows = rows
        self.counts = counts
        self.skippedCount = skippedCount
        self.skipped = skipped
    }
}
