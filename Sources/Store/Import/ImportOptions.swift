import BulwarkCore

/// How an import treats its input.
public struct ImportOptions: Sendable {
    /// The file layout.
    public var format: BankFileFormat
    /// Import the valid rows and report the invalid ones, instead of refusing the whole file.
    public var skipInvalid: Bool
    /// Labels for rows that do not state their own (e.g. the list's source for a plain list).
    public var defaultLabels: EntryLabels
    /// Signal types accepted; rows of other types are invalid. Extend it to bank new types.
    public var acceptedTypes: Set<SignalType>
    /// Rows written per batch inside the transaction.
    public var batchSize: Int
    /// At most this many invalid rows are listed in the report or error (all are counted).
    public var maxListedInvalidRows: Int
    /// Longest record accepted, in bytes.
    public var maxRecordBytes: Int

    public init(
        format: BankFileFormat, skipInvalid: Bool = false, defaultLabels: EntryLabels = EntryLabels(),
        acceptedTypes: Set<SignalType> = ImportOptions.standardTypes, batchSize: Int = 5_000,
        maxListedInvalidRows: Int = 1_000, maxRecordBytes: Int = 1 << 20
    ) {
        self.format = format
        self.skipInvalid = skipInvalid
        self.defaultLabels = defaultLabels
        self.acceptedTypes = acceptedTypes
        self.batchSize = max(1, batchSize)
        self.maxListedInvalidRows = max(0, maxListedInvalidRows)
        self.maxRecordBytes = max(64, maxRecordBytes)
    }

    /// The signal types Bulwark hashes and matches today.
    public static let standardTypes: Set<SignalType> = [.pdq, .vpdq, .md5, .sha1, .sha256, .modelSHA256, .modelAutoV2]
}
