/// The write side of one import into one bank, open inside
/// ``BankStore/withImportTransaction(bankID:_:)``. Everything written through it becomes
/// visible together when the transaction commits, or not at all.
public protocol BankImportTransaction: Sendable {
    /// Adds a batch of drafts. Drafts for signals the bank already holds merge their labels
    /// (see `EntryLabels.merged(with:)`). A batch may hold duplicates; they merge in order.
    func insert(_ batch: [EntryDraft]) async throws
    /// How many entries the bank holds as seen inside the transaction.
    func entryCount() async throws -> Int
}
