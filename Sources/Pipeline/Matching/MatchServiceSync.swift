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
            var cursor = catalogue.withLock { $0.watermark[bank.id] ?? 0 }
            while true {
                let page = try await store.entries(bankID: bank.id, afterID: cursor, limit: Self.batchSize)
                summary.added += try index(page)
                guard let last = page.last, page.count == Self.batchSize else { break }
                cursor = last.id
            }
            var after = catalogue.withLock { $0.tombstoneWatermark[bank.id] ?? 0 }
            while true {
                let page = try await store.tombstones(bankID: bank.id, afterID: after, limit: Self.batchSize)
                for tombstone in page { entryRemoved(tombstone) }
                summary.removed += page.count
                guard let last = page.last, page.count == Self.batchSize else { break }
                after = last.id
            }
        }
        return summary
    }
}
