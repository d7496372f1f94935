import BulwarkCore
import MatchIndex
import Synchronization

/// The bank entries that recent matches reported, kept for half a minute so a busy server
/// does not read the store for the labels of the same known item again and again.
///
/// Bounded: it holds at most ``capacity`` entries and starts over when full. The match
/// service empties it whenever this instance changes the store (so its own label merges and
/// removals show at once); changes made by other instances show within ``lifetime``.
final class MatchedEntryCache: Sendable {
    /// Most entries held.
    let capacity: Int
    /// How long an entry read from the store is reused.
    let lifetime: Duration

    private struct Cached {
        let entry: BankEntry
        let readAt: ContinuousClock.Instant
    }

    private let entries = Mutex<[EntryID: Cached]>([:])

    init(capacity: Int = 65_536, lifetime: Duration = .seconds(30)) {
        self.capacity = capacity
        self.lifetime = lifetime
    }

    /// The cached entry for `id`, if it was read less than ``lifetime`` ago.
    func entry(_ id: EntryID, now: ContinuousClock.Instant = .now) -> BankEntry? {
        entries.withLock { entries in
            guard let cached = entries[id], cached.readAt.duration(to: now) < lifetime else { return nil }
            return cached.entry
        }
    }

    /// Remembers `entry`, read from the store just now.
    func remember(_ entry: BankEntry, as id: EntryID, now: ContinuousClock.Instant = .now) {
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[id] = Cached(entry: entry, readAt: now)
        }
    }

    /// Forgets everything (the store changed).
    func removeAll() {
        entries.withLock { $0.removeAll(keepingCapacity: true) }
    }
}
