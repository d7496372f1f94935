import BulwarkCore
import MatchIndex
import Store
import Synchronization
import VideoHashing

/// The "match" stage: holds every entry of the enabled banks in memory indexes (a PDQ
/// Hamming index, exact digest tables, and a ``VPDQBankIndex`` for videos) and answers
/// which entries a set of signals matches, with a ``Decision`` that names every bank and
/// entry behind it.
///
/// The indexes are loaded from the ``BankStore`` once by ``load()``, then kept in step
/// incrementally: callers that change the store report the change (``entryAdded(_:)``,
/// ``entryRemoved(_:)``, ``bankChanged(id:)``, ``bankDeleted(id:)``,
/// ``importFinished(bankID:after:)``), and the service adds or removes just those
/// entries — the index is never rebuilt. Labels are read from the store when a match is
/// reported (and kept a few seconds in a ``MatchedEntryCache``), so label merges need no
/// index change.
///
/// Thread safety: all methods may be called concurrently. Searches run on the indexes'
/// published states and never wait for loading or writers.
public final class MatchService: Sendable {
    /// The store the indexes mirror.
    public let store: any BankStore
    /// Thresholds and decision policy.
    public let options: MatchServiceOptions

    /// What the service knows about the indexed entries, beside the indexes themselves.
    struct Catalogue: Sendable {
        var pdq = PDQIndex()
        var exact = ExactIndex()
        /// vPDQ entries: their frames in a PDQ index, decided per video by the vPDQ rule.
        var vpdq = VPDQBankIndex()
        /// Every bank, by id (names and flags for reports).
        var banks: [Int64: Bank] = [:]
        /// The bank of every indexed entry; membership means "indexed".
        var entryBank: [EntryID: Int64] = [:]
        /// The largest entry id indexed per bank.
        var watermark: [Int64: Int64] = [:]
        /// The largest tombstone id applied per bank (for snapshots' catch-up).
        var tombstoneWatermark: [Int64: Int64] = [:]
        var ready = false
    }

    let catalogue = Mutex(Catalogue())
    /// Matched entries' labels, so repeated matches do not read the store each time.
    let matchedEntries = MatchedEntryCache()

    /// Entries read per page when loading, and added to the PDQ index per batch.
    static let batchSize = 10_000

    public init(store: any BankStore, options: MatchServiceOptions = MatchServiceOptions()) {
        self.store = store
        self.options = options
    }

    // MARK: State

    /// Whether ``load()`` has finished.
    public var isReady: Bool { catalogue.withLock { $0.ready } }

    /// The number of PDQ entries indexed.
    public var pdqCount: Int { catalogue.withLock { $0.pdq }.count }

    /// The number of exact (type, digest, entry) triples indexed.
    public var exactCount: Int { catalogue.withLock { $0.exact }.count }

    /// The number of vPDQ (video) entries indexed.
    public var vpdqCount: Int { catalogue.withLock { $0.vpdq }.count }

    /// Bytes held by the PDQ index's structures.
    public var pdqMemoryBytes: Int { catalogue.withLock { $0.pdq }.memoryBytes }

    // MARK: Loading

    /// Reads every entry of the enabled banks from the store into fresh indexes, then
    /// publishes them at once. Searches before that see empty indexes.
    public func load() async throws {
        var banks: [Int64: Bank] = [:]
        for bank in try await store.listBanks() { banks[bank.id] = bank }
        var entryBank: [EntryID: Int64] = [:]
        var watermark: [Int64: Int64] = [:]
        var hashes: [Hash256] = []
        var ids: [EntryID] = []
        for try await entry in store.allEnabledEntries(of: .pdq, pageSize: Self.batchSize) {
            let id = try Self.indexID(entry.id)
            hashes.append(try Hash256(hex: entry.signal.value))
            ids.append(id)
            entryBank[id] = entry.bankID
            watermark[entry.bankID] = max(watermark[entry.bankID] ?? 0, entry.id)
        }
        let pdq = try PDQIndex(hashes: hashes, ids: ids)
        hashes = []
        ids = []
        let (exact, vpdq) = try await loadExactAndVideo(entryBank: &entryBank, watermark: &watermark)
        catalogue.withLock { [entryBank, watermark] state in
            state = Catalogue(pdq: pdq, exact: exact, vpdq: vpdq, banks: banks, entryBank: entryBank, watermark: watermark,
                              ready: true)
        }
    }

    /// Reads the exact-digest and vPDQ entries of the enabled banks from the store into
    /// fresh indexes, recording each entry's bank and the banks' largest entry ids.
    func loadExactAndVideo(entryBank: inout [EntryID: Int64], watermark: inout [Int64: Int64]) async throws -> (ExactIndex, VPDQBankIndex) {
        let exact = ExactIndex()
        for type in options.exactTypes {
            for try await entry in store.allEnabledEntries(of: type, pageSize: Self.batchSize) {
                let id = try Self.indexID(entry.id)
                guard let digest = try? ExactIndex.digest(type, value: entry.signal.value) else { continue }
                exact.add(type, digest: digest, id: id)
                entryBank[id] = entry.bankID
                watermark[entry.bankID] = max(watermark[entry.bankID] ?? 0, entry.id)
            }
        }
        let vpdq = VPDQBankIndex()
        for try await entry in store.allEnabledEntries(of: .vpdq, pageSize: Self.batchSize) {
            let id = try Self.indexID(entry.id)
            guard (try? vpdq.add(id: id, value: entry.signal.value)) != nil else { continue }
            entryBank[id] = entry.bankID
            watermark[entry.bankID] = max(watermark[entry.bankID] ?? 0, entry.id)
        }
        return (exact, vpdq)
    }

    // MARK: Keeping in step

    /// Indexes an entry just added to the store (if its bank is enabled and the entry is
    /// not indexed yet). Adding an entry that merged into an existing one changes nothing.
    public func entryAdded(_ entry: BankEntry) throws {
        matchedEntries.removeAll()
        guard catalogue.withLock({ $0.banks[entry.bankID]?.enabled }) == true else { return }
        try index([entry])
    }

    /// Removes the entry a tombstone records from the indexes.
    public func entryRemoved(_ tombstone: Tombstone) {
        matchedEntries.removeAll()
        catalogue.withLock { state in
            state.tombstoneWatermark[tombstone.bankID] = max(state.tombstoneWatermark[tombstone.bankID] ?? 0, tombstone.id)
        }
        unindex(entryID: tombstone.entryID, signal: tombstone.signal)
    }

    /// A bank was created or its settings changed: refreshes its name and flags, and
    /// indexes or unindexes its entries when it was enabled or disabled.
    public func bankChanged(id: Int64) async throws {
        matchedEntries.removeAll()
        let bank = try await store.bank(id: id)
        let wasEnabled = catalogue.withLock { state in
            defer { state.banks[id] = bank }
            return state.banks[id]?.enabled
        }
        switch (wasEnabled ?? false, bank.enabled) {
        case (false, true):
            var batch: [BankEntry] = []
            for try await entry in store.allEntries(bankID: id, pageSize: Self.batchSize) {
                batch.append(entry)
                if batch.count >= Self.batchSize {
                    try index(batch)
                    batch.removeAll(keepingCapacity: true)
                }
            }
            try index(batch)
        case (true, false):
            for try await entry in store.allEntries(bankID: id, pageSize: Self.batchSize) {
                unindex(entryID: entry.id, signal: entry.signal)
            }
        default:
            break
        }
    }

    /// A bank was deleted: removes the entries its tombstones record and forgets the bank.
    public func bankDeleted(id: Int64) async throws {
        matchedEntries.removeAll()
        var after: Int64 = 0
        while true {
            let page = try await store.tombstones(bankID: id, afterID: after, limit: Self.batchSize)
            for tombstone in page { entryRemoved(tombstone) }
            guard let last = page.last, page.count == Self.batchSize else { break }
            after = last.id
        }
        catalogue.withLock { state in
            state.banks[id] = nil
            state.watermark[id] = nil
        }
    }

    /// The largest entry id indexed for a bank. Take it before an import starts and pass it
    /// to ``importFinished(bankID:after:)`` afterwards.
    public func watermark(bankID: Int64) -> Int64 {
        catalogue.withLock { $0.watermark[bankID] ?? 0 }
    }

    /// An import into a bank committed: indexes the bank's entries with ids above `after`
    /// that are not indexed yet.
    public func importFinished(bankID: Int64, after: Int64) async throws {
        matchedEntries.removeAll()
        guard catalogue.withLock({ $0.banks[bankID]?.enabled }) == true else { return }
        var cursor = after
        while true {
            let page = try await store.entries(bankID: bankID, afterID: cursor, limit: Self.batchSize)
            try index(page)
            guard let last = page.last, page.count == Self.batchSize else { break }
            cursor = last.id
        }
    }

    // MARK: Matching

    /// Matches signals against the enabled banks. `threshold` overrides the configured PDQ
    /// threshold for this call. Throws `.invalidInput` for malformed values and for signal

    /// Exact matches for `signals` from memory alone, without reading the store: which bank
    /// holds each value. Signals of types the service does not index exactly, or malformed
    /// values, are skipped. Used where a lookup must be synchronous (model scans, provenance).
    public func exactBankHits(for signals: [Signal]) -> [(bank: Bank, signal: Signal)] {
        catalogue.withLock { state in
            var hits: [(bank: Bank, signal: Signal)] = []
            for signal in signals where options.exactTypes.contains(signal.type) {
                let value = signal.value.trimmingWhitespace().lowercased()
                guard let digest = try? ExactIndex.digest(signal.type, value: value) else { continue }
                for id in state.exact.lookup(signal.type, digest: digest) {
                    guard let bankID = state.entryBank[id], let bank = state.banks[bankID], bank.enabled else { continue }
                    hits.append((bank, Signal(type: signal.type, value: value)))
                }
            }
            return hits
        }
    }
    /// types that are not matched.
    public func match(_ queries: [SignalQuery], threshold: Int? = nil) async throws -> MatchReport {
        let threshold = threshold ?? options.config.pdqThreshold
        let (pdq, exact, vpdq) = catalogue.withLock { ($0.pdq, $0.exact, $0.vpdq) }
        var hits: [(id: EntryID, query: Signal, value: String, distance: Int)] = []
        var videoResults: [EntryID: VPDQMatchResult] = [:]
        var ignored: [IgnoredSignal] = []
        for (position, query) in queries.enumerated() {
            let type = query.signal.type
            let value = query.signal.value.trimmingWhitespace().lowercased()
            let normalized = Signal(type: type, value: value)
            if type == .pdq {
                let hash: Hash256
                do {
                    hash = try Hash256(hex: value)
                } catch {
                    throw BulwarkError.invalidInput(what: "pdq value", where: "signals[\(position)]", reason: error.reason)
                }
                if let quality = query.quality {
                    guard (0...100).contains(quality) else {
                        throw BulwarkError.invalidInput(
                            what: "pdq quality", where: "signals[\(position)]", reason: "\(quality) is outside 0...100")
                    }
                    guard options.config.acceptsPDQ(quality: quality) else {
                        ignored.append(IgnoredSignal(
                            signal: normalized,
                            reason: "quality \(quality) is under the minimum \(options.config.pdqMinQuality)"))
                        continue
                    }
                }
                for found in try pdq.search(hash, threshold: threshold) {
                    hits.append((found.entryID, normalized, found.hash.hex, found.distance))
                }
            } else if type == .vpdq {
                let video: VPDQHash
                do {
                    video = try VPDQSignalValue.decode(value)
                } catch {
                    throw BulwarkError.invalidInput(what: "vpdq value", where: "signals[\(position)]", reason: error.reason)
                }
                for found in try vpdq.search(video) {
                    hits.append((found.entryID, normalized, found.value, 0))
                    videoResults[found.entryID] = found.result
                }
            } else if options.exactTypes.contains(type) {
                let digest: ExactDigest
                do {
                    digest = try ExactIndex.digest(type, value: value)
                } catch {
                    throw BulwarkError.invalidInput(what: "\(type) value", where: "signals[\(position)]", reason: error.reason)
                }
                for id in exact.lookup(type, digest: digest) { hits.append((id, normalized, value, 0)) }
            } else {
                let known = (["pdq", "vpdq"] + options.exactTypes.map(\.rawValue)).joined(separator: ", ")
                throw BulwarkError.invalidInput(
                    what: "signal type", where: "signals[\(position)]",
                    reason: "\"\(type.rawValue.prefix(40))\" is not matched (matched types: \(known))")
            }
        }
        var best: [EntryID: (query: Signal, value: String, distance: Int)] = [:]
        for hit in hits where best[hit.id].map({ hit.distance < $0.distance }) ?? true {
            best[hit.id] = (hit.query, hit.value, hit.distance)
        }
        var matches: [BankMatch] = []
        for (id, hit) in best {
            let placement = catalogue.withLock { state in state.entryBank[id].flatMap { state.banks[$0] } }
            guard let bank = placement, bank.enabled else { continue }
            let signal = Signal(type: hit.query.type, value: hit.value)
            let entry: BankEntry
            if let cached = matchedEntries.entry(id), cached.bankID == bank.id, cached.signal == signal {
                entry = cached
            } else {
                guard let stored = try await store.entry(bankID: bank.id, signal: signal) else { continue }
                matchedEntries.remember(stored, as: id)
                entry = stored
            }
            matches.append(BankMatch(
                bankID: bank.id, bankName: bank.name, holdsKnownRealVictims: bank.holdsKnownRealVictims,
                entryID: entry.id, signal: entry.signal, query: hit.query, labels: entry.labels, distance: hit.distance,
                video: videoResults[id]))
        }
        matches.sort { ($0.distance, $0.bankID, $0.entryID) < ($1.distance, $1.bankID, $1.entryID) }
        return MatchReport(matches: matches, decision: decision(for: matches), ignored: ignored)
    }

    /// The decision a list of matches leads to: one `bank.match` reason per match.
    public func decision(for matches: [BankMatch]) -> Decision {
        Decision(reasons: matches.map { match in
            let verdict: Verdict = match.signal.type == .pdq && match.distance > options.pdqBlockDistance ? .review : .block
            var details = [
                "bank_id": String(match.bankID), "bank_name": match.bankName, "entry_id": String(match.entryID),
                "signal_type": match.signal.type.rawValue, "distance": String(match.distance),
                "ai_generated": match.labels.aiGenerated.rawValue,
                "known_real_victims": String(match.holdsKnownRealVictims),
            ]
            if let category = match.labels.category { details["category"] = category }
            if let video = match.video {
                details["query_match_percent"] = String(video.queryMatchPercent)
                details["compared_match_percent"] = String(video.comparedMatchPercent)
            }
            if let source = match.labels.source { details["source"] = source }
            return Reason(
                code: "bank.match", verdict: verdict,
                message: match.video.map { video in
                    "vpdq matches entry \(match.entryID) of bank \"\(match.bankName)\": "
                        + "\(Int(video.queryMatchPercent))% of the query's frames, \(Int(video.comparedMatchPercent))% of the entry's"
                } ?? "\(match.signal.type) matches entry \(match.entryID) of bank \"\(match.bankName)\" at distance \(match.distance)",
                source: "bank:\(match.bankID)", details: details)
        })
    }

    // MARK: Internals

    static func indexID(_ id: Int64) throws(BulwarkError) -> EntryID {
        guard let value = EntryID(exactly: id) else {
            throw .limitExceeded(what: "entry id for the match index", limit: "\(EntryID.max)", actual: "\(id)")
        }
        return value
    }

    /// Adds the entries not indexed yet.
    /// Adds the entries not indexed yet and returns how many; every entry raises its bank's
    /// watermark, indexed before or not.
    @discardableResult
    func index(_ entries: [BankEntry]) throws -> Int {
        guard !entries.isEmpty else { return 0 }
        var fresh: [(EntryID, BankEntry)] = []
        for entry in entries { fresh.append((try Self.indexID(entry.id), entry)) }
        let (pdq, exact, vpdq, added) = catalogue.withLock { state in
            var added: [(EntryID, BankEntry)] = []
            for (id, entry) in fresh {
                state.watermark[entry.bankID] = max(state.watermark[entry.bankID] ?? 0, entry.id)
                guard state.entryBank[id] == nil else { continue }
                state.entryBank[id] = entry.bankID
                added.append((id, entry))
            }
            return (state.pdq, state.exact, state.vpdq, added)
        }
        var hashes: [Hash256] = []
        var ids: [EntryID] = []
        for (id, entry) in added {
            let type = entry.signal.type
            if type == .pdq {
                hashes.append(try Hash256(hex: entry.signal.value))
                ids.append(id)
            } else if type == .vpdq {
                try? vpdq.add(id: id, value: entry.signal.value)
            } else if options.exactTypes.contains(type), let digest = try? ExactIndex.digest(type, value: entry.signal.value) {
                exact.add(type, digest: digest, id: id)
            }
        }
        try pdq.add(hashes: hashes, ids: ids)
        return added.count
    }

    private func unindex(entryID: Int64, signal: Signal) {
        guard let id = EntryID(exactly: entryID) else { return }
        let (pdq, exact, vpdq, known) = catalogue.withLock { state in
            (state.pdq, state.exact, state.vpdq, state.entryBank.removeValue(forKey: id) != nil)
        }
        guard known else { return }
        if signal.type == .vpdq {
            vpdq.remove(id: id)
        } else if signal.type == .pdq, let hash = try? Hash256(hex: signal.value) {
            _ = try? pdq.remove(hash, id: id)
        } else if let digest = try? ExactIndex.digest(signal.type, value: signal.value) {
            exact.remove(signal.type, digest: digest, id: id)
        }
    }
}

extension BulwarkError {
    /// The reason part of an `invalidInput` error, or the whole description otherwise.
    var reason: String {
        if case let .invalidInput(_, location, reason) = self {
            return location.map { "\(reason) (at \($0))" } ?? reason
        }
        return description
    }
}
