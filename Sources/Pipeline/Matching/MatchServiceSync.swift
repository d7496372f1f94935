import BulwarkCore
import Store

/// What one ``MatchService/synchronize()`` pass found in the store.
public struct MatchSyncSummary: Sendable, Equatable {
    /// Entries indexed because they were new.
    public var added = 0
    /// Tombstones applied.
    public var removed = 0
    /// Banks created, changed or deleted.
    public var banksChanged = 0

    /// Whether the pass changed anything.
    public var isEmpty: Bool { added == 0 && removed == 0 && banksChanged == 0 }
}

extension MatchService {
    /// Brings the indexes in step with changes this service was not told about: banks
    /// created, changed or deleted, entries added and tombstones written by other
    /// instances sharing the store (or while this one was down). Each bank is read only past
    /// its watermarks, so a pass over an unchanged store is a handful of small queries.
    ///
    /// `bulwark serve` runs it every few seconds, so many instances can share one
    /// PostgreSQL; a restored snapshot is caught up with it too.
    @discardableResult
    public func synchronize() async throws -> MatchSyncSummary {
        var summary = MatchSyncSummary()
        let known = catalogue.withLock { $0.banks }
        let current = try await store.listBanks()
        for bank in current where known[bank.id] != bank {
            if known[bank.id] == nil {
                // A new bank: its entries are indexed below, from watermark 0.
                catalogue.withLock { $0.banks[bank.id] = bank }
            } else {
                try await bankChanged(id: bank.id)
            }
            summary.banksChanged += 1
        }
        let currentIDs = Set(current.map(\.id))
        for id in known.keys where !currentIDs.contains(id) {
            try await bankDeleted(id: id)
            summary.banksChanged += 1
        }
        for bank in current where bank.enabled {
            summary.added += try await indexNewEntries(bankID: bank.id)
            summary.removed += try await applyNewTombstones(bankID: bank.id)
        }
        return summary
    }

    /// Indexes the bank's entries past its watermark; returns how many were new.
    func indexNewEntries(bankID: Int64) async throws -> Int {
        var added = 0
        var cursor = catalogue.withLock { $0.watermark[bankID] ?? 0 }
        while true {
            let page = try await store.entries(bankID: bankID, afterID: cursor, limit: Self.batchSize)
            added += try index(page)
            guard let last = page.last, page.count == Self.batchSize else { return added }
            cursor = last.id
        }
    }

    /// Applies the bank's tombstones past its tombstone watermark; returns how many.
    func applyNewTombstones(bankID: Int64) async throws -> Int {
        var applied = 0
        var after = catalogue.withLock { $0.tombstoneWatermark[bankID] ?? 0 }
        while true {
            let page = try await store.tombstones(bankID: bankID, afterID: after, limit: Self.batchSize)
            for tombstone in page { entryRemoved(tombstone) }
            applied += page.count
            guard let last = page.last, page.count == Self.batchSize else { return applied }
            after = last.id
        }
    }
}
