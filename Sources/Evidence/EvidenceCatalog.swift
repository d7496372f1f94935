/// Where evidence metadata lives: a table in the same database as the banks (SQLite file or
/// PostgreSQL). The vault owns the files; the catalog only the rows.
public protocol EvidenceCatalog: Sendable {
    /// Adds the row of a newly stored item.
    func insert(_ item: EvidenceItem) async throws
    /// The item with this id, or nil.
    func item(id: String) async throws -> EvidenceItem?
    /// Items of one case, oldest first.
    func items(caseReference: String) async throws -> [EvidenceItem]
    /// Up to `limit` items whose expiry is at or before `millis` (ms since 1970), soonest first.
    func expired(atOrBefore millis: Int64, limit: Int) async throws -> [EvidenceItem]
    /// Deletes the row; true if it existed.
    @discardableResult func delete(id: String) async throws -> Bool
    /// Releases connections.
    func close() async throws
}
