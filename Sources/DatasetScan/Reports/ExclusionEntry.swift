import BulwarkCore

/// One line of `exclusions.ndjson`: which item to drop and why — keys and hashes only,
/// never media or caption text.
public struct ExclusionEntry: Codable, Equatable, Sendable {
    public var key: String
    public var source: String
    public var location: String
    public var verdict: Verdict
    public var md5: String?
    public var sha1: String?
    public var sha256: String?
    public var pdq: String?
    public var reasons: [Reason]

    init(_ record: ItemRecord) {
        key = record.key
        source = record.source
        location = record.location
        verdict = record.verdict
        md5 = record.md5
        sha1 = record.sha1
        sha256 = record.sha256
        pdq = record.pdq
        reasons = record.reasons.filter { $0.verdict != .allow }
    }
}

/// One line of `errors.ndjson`: an item that could not be scanned completely, and why.
public struct ErrorEntry: Codable, Equatable, Sendable {
    public var key: String
    public var source: String
    public var location: String
    public var sha256: String?
    public var problems: [ItemProblem]

    init(_ record: ItemRecord) {
        key = record.key
        source = record.source
        location = record.location
        sha256 = record.sha256
        problems = record.problems
    }
}
