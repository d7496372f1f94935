import BulwarkCore

/// Exact lookup of cryptographic digests: for each exact ``SignalType`` (md5, sha1,
/// sha256, model hashes, or any other declared type), digest -> the entries holding it.
///
/// Digests are kept as bytes (``ExactDigest``), not strings. Lookups take a shared lock
/// for the length of one dictionary probe; changes take it exclusively, so concurrent
/// readers never see a half-applied change.
public final class ExactIndex: Sendable {
    /// The entries of one signal type. Most digests belong to one entry, so the first id
    /// is stored inline and only further ids go to an overflow table.
    struct Table: Sendable {
        var first: [ExactDigest: EntryID] = [:]
        var more: [ExactDigest: [EntryID]] = [:]
        var count = 0
    }

    private let tables = ReadWriteLock<[SignalType: Table]>([:])

    /// An empty index.
    public init() {}

    /// The digest of `value` for `type`: hex of the type's length when it has one.
    public static func digest(_ type: SignalType, value: some StringProtocol) throws(BulwarkError) -> ExactDigest {
        guard type.isExact else {
            throw BulwarkError.invalidInput(what: "signal type", where: nil,
                                            reason: "\(type) is matched by distance, not exactly")
        }
        if let length = type.hexLength, value.utf8.count != length {
            throw BulwarkError.invalidInput(what: "\(type) value", where: nil,
                                            reason: "expected \(length) hex digits, got \(value.utf8.count) characters")
        }
        do {
            return try ExactDigest(hex: value)
        } catch let BulwarkError.invalidInput(_, location, reason) {
            throw BulwarkError.invalidInput(what: "\(type) value", where: location, reason: reason)
        }
    }

    /// Adds `id` as a holder of `digest` of `type`. Adding the same pair twice keeps one.
    public func add(_ type: SignalType, digest: ExactDigest, id: EntryID) {
        tables.write { Self.insert(type, digest, id, into: &$0) }
    }

    private static func insert(_ type: SignalType, _ digest: ExactDigest, _ id: EntryID,
                               into tables: inout [SignalType: Table]) {
        var table = tables.removeValue(forKey: type) ?? Table()
        defer { tables[type] = table }
        guard let existing = table.first[digest] else {
            table.first[digest] = id
            table.count += 1
            return
        }
        if existing == id || table.more[digest]?.contains(id) == true { return }
        table.more[digest, default: []].append(id)
        table.count += 1
    }

    /// Adds `id` as a holder of the hex `value` of `type`.
    public func add(_ type: SignalType, value: some StringProtocol, id: EntryID) throws(BulwarkError) {
        add(type, digest: try Self.digest(type, value: value), id: id)
    }

    /// Adds many (type, digest, id) triples under one exclusive lock.
    public func add(_ entries: [(type: SignalType, digest: ExactDigest, id: EntryID)]) {
        tables.write { tables in
            // Grow each table once for the whole batch instead of by repeated doubling.
            var added: [SignalType: Int] = [:]
            for entry in entries { added[entry.type, default: 0] += 1 }
            for (type, count) in added {
                var table = tables.removeValue(forKey: type) ?? Table()
                table.first.reserveCapacity(table.first.count + count)
                tables[type] = table
            }
            for entry in entries { Self.insert(entry.type, entry.digest, entry.id, into: &tables) }
        }
    }

    /// Removes `id` as a holder of `digest`; returns whether it was one.
    @discardableResult
    public func remove(_ type: SignalType, digest: ExactDigest, id: EntryID) -> Bool {
        tables.write { tables in
            guard var table = tables.removeValue(forKey: type) else { return false }
            defer { tables[type] = table.count == 0 ? nil : table }
            guard let existing = table.first[digest] else { return false }
            var others = table.more[digest] ?? []
            if existing == id {
                if others.isEmpty {
                    table.first[digest] = nil
                } else {
                    table.first[digest] = others.removeFirst()
                    table.more[digest] = others.isEmpty ? nil : others
                }
            } else if let position = others.firstIndex(of: id) {
                others.remove(at: position)
                table.more[digest] = others.isEmpty ? nil : others
            } else {
                return false
            }
            table.count -= 1
            return true
        }
    }

    /// Removes `id` as a holder of the hex `value` of `type`; returns whether it was one.
    @discardableResult
    public func remove(_ type: SignalType, value: some StringProtocol, id: EntryID) throws(BulwarkError) -> Bool {
        remove(type, digest: try Self.digest(type, value: value), id: id)
    }

    /// The entries holding `digest` of `type`, ascending.
    public func lookup(_ type: SignalType, digest: ExactDigest) -> [EntryID] {
        tables.read { tables in
            guard let table = tables[type], let first = table.first[digest] else { return [] }
            guard let more = table.more[digest] else { return [first] }
            return ([first] + more).sorted()
        }
    }

    /// The entries holding the hex `value` of `type`, ascending.
    public func lookup(_ type: SignalType, value: some StringProtocol) throws(BulwarkError) -> [EntryID] {
        lookup(type, digest: try Self.digest(type, value: value))
    }

    /// The number of (digest, entry) pairs of `type`.
    public func count(of type: SignalType) -> Int {
        tables.read { $0[type]?.count ?? 0 }
    }

    /// The number of (digest, entry) pairs of every type.
    public var count: Int {
        tables.read { $0.values.reduce(0) { $0 + $1.count } }
    }
}
