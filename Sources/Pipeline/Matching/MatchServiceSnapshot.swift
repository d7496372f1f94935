import BulwarkCore
import Foundation
import MatchIndex
import Store

/// How ``MatchService/load(snapshotDirectory:)`` got its indexes ready.
public enum MatchIndexLoad: Sendable, Equatable, CustomStringConvertible {
    /// From the snapshot, then caught up with `added` entries and `removed` tombstones from the store.
    case restored(added: Int, removed: Int)
    /// From the store, because the snapshot could not be used (`reason`).
    case rebuilt(reason: String)

    public var description: String {
        switch self {
        case let .restored(added, removed): "restored from the snapshot, then caught up with \(added) new entries and \(removed) removals"
        case let .rebuilt(reason): "rebuilt from the store (\(reason))"
        }
    }
}

/// The match service's state on disk, so a restart with ten million PDQ entries is ready in
/// seconds instead of re-reading them all from the store.
///
/// Two files in the snapshot directory:
/// - `match-pdq.snapshot`: the PDQ index (``PDQIndexSnapshot``), its version a random token;
/// - `match-catalogue.snapshot` (``WordSnapshot``): the same token, every enabled bank (id,
///   creation time, largest entry id and largest tombstone id covered), and the bank of
///   every indexed entry.
///
/// Restoring reads both, refuses them unless the tokens agree and every bank they cover is
/// still there, unchanged and enabled (otherwise the service rebuilds from the store), reads
/// the exact-digest and vPDQ entries from the store, then catches up: entries added after
/// each bank's watermark are indexed and tombstones written after it are applied. Entries
/// are never missed: the watermarks are taken before the index is written.
extension MatchService {
    static let pdqSnapshotName = "match-pdq.snapshot"
    static let catalogueSnapshotName = "match-catalogue.snapshot"
    static let catalogueMagic: UInt64 = 0x3147_4C54_4143_5742  // "BWCATLG1" little-endian

    /// One enabled bank as the catalogue snapshot records it.
    struct SnapshotBank: Equatable {
        var id: Int64
        var createdAt: Date
        var entryWatermark: Int64
        var tombstoneWatermark: Int64
    }

    /// Loads the indexes from the snapshot in `snapshotDirectory` when it is usable, or from
    /// the store otherwise; says which.
    @discardableResult
    public func load(snapshotDirectory: String?) async throws -> MatchIndexLoad {
        guard let snapshotDirectory else {
            try await load()
            return .rebuilt(reason: "no snapshot directory")
        }
        switch try await restore(from: snapshotDirectory) {
        case let .success(outcome):
            return outcome
        case let .failure(refusal):
            try await load()
            return .rebuilt(reason: refusal.reason)
        }
    }

    private struct Refusal: Error {
        let reason: String
    }

    private func restore(from directory: String) async throws -> Result<MatchIndexLoad, Refusal> {
        let pdqPath = directory + "/" + Self.pdqSnapshotName
        let cataloguePath = directory + "/" + Self.catalogueSnapshotName
        guard FileManager.default.fileExists(atPath: pdqPath), FileManager.default.fileExists(atPath: cataloguePath) else {
            return .failure(Refusal(reason: "no snapshot in \(directory) yet"))
        }
        let restoredFiles: (token: UInt64, banks: [SnapshotBank], entryBank: [EntryID: Int64], pdq: PDQIndex, pdqVersion: UInt64)
        switch Self.readSnapshotFiles(pdqPath: pdqPath, cataloguePath: cataloguePath) {
        case let .success(files): restoredFiles = files
        case let .failure(error): return .failure(Refusal(reason: "the snapshot could not be read: \(error)"))
        }
        guard restoredFiles.pdqVersion == restoredFiles.token else {
            return .failure(Refusal(reason: "the PDQ index and catalogue snapshots come from different writes"))
        }
        let savedBanks = restoredFiles.banks
        var entryBank = restoredFiles.entryBank
        let pdq = restoredFiles.pdq

        var banks: [Int64: Bank] = [:]
        for bank in try await store.listBanks() { banks[bank.id] = bank }
        for saved in savedBanks {
            guard let bank = banks[saved.id], bank.enabled,
                  abs(bank.createdAt.timeIntervalSince1970 - saved.createdAt.timeIntervalSince1970) < 0.001
            else {
                return .failure(Refusal(reason: "bank \(saved.id) was deleted, disabled or replaced since the snapshot"))
            }
        }
        let watermark = Dictionary(uniqueKeysWithValues: savedBanks.map { ($0.id, $0.entryWatermark) })
        let tombstoneWatermark = Dictionary(uniqueKeysWithValues: savedBanks.map { ($0.id, $0.tombstoneWatermark) })
        var observed: [Int64: Int64] = [:]
        let (exact, vpdq) = try await loadExactAndVideo(entryBank: &entryBank, watermark: &observed)
        catalogue.withLock { [entryBank, watermark] state in
            state = Catalogue(pdq: pdq, exact: exact, vpdq: vpdq, banks: banks, entryBank: entryBank, watermark: watermark,
                              tombstoneWatermark: tombstoneWatermark, ready: false)
        }

        // Catch up with what the store gained and lost since the snapshot.
        let caughtUp = try await synchronize()
        catalogue.withLock { state in
            for (bank, id) in observed { state.watermark[bank] = max(state.watermark[bank] ?? 0, id) }
            state.ready = true
        }
        return .success(.restored(added: caughtUp.added, removed: caughtUp.removed))
    }

    /// Both snapshot files, decoded.
    private static func readSnapshotFiles(pdqPath: String, cataloguePath: String)
        -> Result<(token: UInt64, banks: [SnapshotBank], entryBank: [EntryID: Int64], pdq: PDQIndex, pdqVersion: UInt64), SnapshotError>
    {
        Result { () throws(SnapshotError) in
            let words = try WordSnapshot.read(from: cataloguePath, magic: catalogueMagic, maxWords: Int(UInt32.max))
            let (token, banks, entryBank) = try decodeCatalogue(words)
            let restored = try PDQIndexSnapshot.read(from: pdqPath)
            return (token, banks, entryBank, restored.index, restored.version)
        }
    }

    /// Writes the indexes to `directory` (atomically, file by file) so the next
    /// ``load(snapshotDirectory:)`` is quick. Safe while searches and changes go on.
    public func writeSnapshot(to directory: String) async throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        // 1. Tombstones first: any the store holds that this service has not applied yet
        //    (another instance's removals) are applied, and the watermarks recorded.
        let enabledBanks = catalogue.withLock { $0.banks.values.filter(\.enabled) }
        for bank in enabledBanks { _ = try await applyNewTombstones(bankID: bank.id) }
        // 2. Watermarks and entry placements before the index: whatever changes while the
        //    index is written is caught up on restore, never lost.
        let (watermark, tombstones, entryBank, pdq) = catalogue.withLock {
            ($0.watermark, $0.tombstoneWatermark, $0.entryBank, $0.pdq)
        }
        let saved = enabledBanks.sorted { $0.id < $1.id }.map {
            SnapshotBank(id: $0.id, createdAt: $0.createdAt, entryWatermark: watermark[$0.id] ?? 0,
                         tombstoneWatermark: tombstones[$0.id] ?? 0)
        }
        let token = UInt64.random(in: 1...UInt64.max)
        // 3. The index, then the catalogue that names it (a crash in between leaves tokens
        //    that disagree, and the next start rebuilds).
        try PDQIndexSnapshot.write(pdq, version: token, to: directory + "/" + Self.pdqSnapshotName)
        try WordSnapshot.write(Self.encodeCatalogue(token: token, banks: saved, entryBank: entryBank),
                               magic: Self.catalogueMagic, to: directory + "/" + Self.catalogueSnapshotName)
    }

    // MARK: Encoding

    /// Words: token, bank count, per bank (id, creation time as Double bits, entry watermark,
    /// tombstone watermark), placement count, per placement (entry id << 32 | bank index).
    static func encodeCatalogue(token: UInt64, banks: [SnapshotBank], entryBank: [EntryID: Int64]) -> [UInt64] {
        var words: [UInt64] = [token, UInt64(banks.count)]
        var bankIndex: [Int64: UInt64] = [:]
        for (index, bank) in banks.enumerated() {
            bankIndex[bank.id] = UInt64(index)
            words += [UInt64(bitPattern: bank.id), bank.createdAt.timeIntervalSince1970.bitPattern,
                      UInt64(bitPattern: bank.entryWatermark), UInt64(bitPattern: bank.tombstoneWatermark)]
        }
        let countPosition = words.count
        words.append(0)
        words.reserveCapacity(words.count + entryBank.count)
        for (id, bank) in entryBank {
            guard let index = bankIndex[bank] else { continue }
            words.append(UInt64(id) << 32 | index)
        }
        words[countPosition] = UInt64(words.count - countPosition - 1)
        return words
    }

    static func decodeCatalogue(_ words: [UInt64]) throws(SnapshotError) -> (UInt64, [SnapshotBank], [EntryID: Int64]) {
        func invalid(_ field: String, _ position: Int, _ reason: String) -> SnapshotError {
            .invalid(field: field, offset: 16 + 8 * position, reason: reason)
        }
        guard words.count >= 3 else { throw invalid("catalogue", 0, "only \(words.count) words") }
        let bankCount = words[1]
        guard bankCount <= UInt64(words.count - 3) / 4 else { throw invalid("bank count", 1, "\(bankCount) banks do not fit") }
        var banks: [SnapshotBank] = []
        for index in 0..<Int(bankCount) {
            let base = 2 + index * 4
            banks.append(SnapshotBank(
                id: Int64(bitPattern: words[base]), createdAt: Date(timeIntervalSince1970: Double(bitPattern: words[base + 1])),
                entryWatermark: Int64(bitPattern: words[base + 2]), tombstoneWatermark: Int64(bitPattern: words[base + 3])))
        }
        let countPosition = 2 + Int(bankCount) * 4
        guard words[countPosition] == UInt64(words.count - countPosition - 1) else {
            throw invalid("placement count", countPosition, "\(words[countPosition]) placements but \(words.count - countPosition - 1) words follow")
        }
        var entryBank: [EntryID: Int64] = Dictionary(minimumCapacity: words.count - countPosition - 1)
        for position in (countPosition + 1)..<words.count {
            let index = Int(words[position] & 0xFFFF_FFFF)
            guard index < banks.count else { throw invalid("placement", position, "bank index \(index) of \(banks.count)") }
            entryBank[EntryID(truncatingIfNeeded: words[position] >> 32)] = banks[index].id
        }
        return (words[0], banks, entryBank)
    }
}
