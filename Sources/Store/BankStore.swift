import BulwarkCore

/// Persistent storage of banks, their entries and the tombstones of removed entries.
///
/// Two implementations exist: ``SQLiteBankStore`` (embedded default) and
/// ``PostgresBankStore`` (shared, multi-instance). Both run their migrations when opened.
/// Errors are `BulwarkError`s: `.notFound` for unknown banks and entries, `.conflict` for a
/// duplicate bank name or a second import into a bank, `.invalidInput` for bad values.
public protocol BankStore: Sendable {
    // MARK: Banks

    /// Creates a bank. Throws `.conflict` if the name is taken.
    func createBank(_ draft: BankDraft) async throws -> Bank
    /// All banks, ordered by id.
    func listBanks() async throws -> [Bank]
    /// The bank with this id. Throws `.notFound`.
    func bank(id: Int64) async throws -> Bank
    /// The bank with this name. Throws `.notFound`.
    func bank(named name: String) async throws -> Bank
    /// Applies `changes` to the bank's settings. Throws `.notFound`, or `.conflict` for a taken name.
    func updateBank(id: Int64, _ changes: BankChanges) async throws -> Bank
    /// Deletes the bank and its entries, leaving a tombstone for every entry it held.
    func deleteBank(id: Int64) async throws

    // MARK: Entries

    /// Adds one entry, or merges its labels into the entry the bank already holds for the signal.
    func addEntry(bankID: Int64, _ draft: EntryDraft) async throws -> BankEntry
    /// Removes an entry and returns the tombstone it leaves. Throws `.notFound`.
    func removeEntry(bankID: Int64, entryID: Int64, reason: String) async throws -> Tombstone
    /// The entry of this bank holding `signal`, if any.
    func entry(bankID: Int64, signal: Signal) async throws -> BankEntry?
    /// One page of a bank's entries in id order: those with id greater than `afterID`.
    func entries(bankID: Int64, afterID: Int64, limit: Int) async throws -> [BankEntry]
    /// One page of a bank's tombstones in id order.
    func tombstones(bankID: Int64, afterID: Int64, limit: Int) async throws -> [Tombstone]
    /// One page, in id order, of the entries of `type` held by enabled banks.
    func enabledEntries(of type: SignalType, afterID: Int64, limit: Int) async throws -> [BankEntry]
    /// Entry and tombstone counts of a bank.
    func counts(bankID: Int64) async throws -> BankCounts

    // MARK: Import

    /// Runs `body` in one transaction writing into the bank: if `body` throws (or the
    /// process dies), the bank is left exactly as it was. Only one import per bank runs at a
    /// time, across processes: a second one throws `.conflict` at once.
    func withImportTransaction<Result: Sendable>(
        bankID: Int64, _ body: (any BankImportTransaction) async throws -> Result
    ) async throws -> Result

    /// Releases connections. The store must not be used afterwards.
    func close() async throws
}

extension BankStore {
    /// Renames a bank.
    public func renameBank(id: Int64, to name: String) async throws -> Bank {
        try await updateBank(id: id, BankChanges(name: name))
    }

    /// Enables or disables a bank for matching.
    public func setBankEnabled(id: Int64, _ enabled: Bool) async throws -> Bank {
        try await updateBank(id: id, BankChanges(enabled: enabled))
    }

    /// The bank named by `reference`: an id if it is all digits, otherwise a name.
    public func bank(reference: String) async throws -> Bank {
        if let id = Int64(reference) { return try await bank(id: id) }
        return try await bank(named: reference)
    }

    /// All entries of a bank as a stream, read page by page (memory stays flat).
    public func allEntries(bankID: Int64, pageSize: Int = 10_000) -> AsyncThrowingStream<BankEntry, any Error> {
        PagedStream.make(pageSize: pageSize, id: \.id) { after, limit in
            try await self.entries(bankID: bankID, afterID: after, limit: limit)
        }
    }

    /// All entries of `type` in enabled banks as a stream, for building a match index.
    public func allEnabledEntries(of type: SignalType, pageSize: Int = 10_000) -> AsyncThrowingStream<BankEntry, any Error> {
        PagedStream.make(pageSize: pageSize, id: \.id) { after, limit in
            try await self.enabledEntries(of: type, afterID: after, limit: limit)
        }
    }
}
