import BulwarkCore

/// What became of an item.
public enum ItemStatus: String, Sendable, Codable, CaseIterable {
    /// Clean and complete: safe to train on, listed in the keep-list.
    case keep
    /// A check asked for review or block: listed in the exclusion list with its reasons.
    case exclude
    /// Nothing flagged it, but it is broken or incomplete (see its problems): not kept.
    case error
}

/// The scan's record of one item: keys, hashes, reasons and problems — never media or
/// caption text. One JSON line per item in `records.ndjson`; every report derives from these.
public struct ItemRecord: Sendable, Codable, Equatable {
    public var key: String
    public var source: String
    public var location: String
    public var status: ItemStatus
    public var verdict: Verdict
    public var md5: String?
    public var sha1: String?
    public var sha256: String?
    public var pdq: String?
    public var pdqQuality: Int?
    public var format: String?
    public var width: Int?
    public var height: Int?
    /// Image size in bytes.
    public var bytes: Int?
    /// Every reason behind the verdict (bank matches, text rules, provenance).
    public var reasons: [Reason]
    public var problems: [ItemProblem]

    public init(key: String, source: String, location: String) {
        self.key = key
        self.source = source
        self.location = location
        status = .error
        verdict = .allow
        reasons = []
        problems = []
    }

    /// Sets the verdict from the reasons and the status from verdict and problems.
    mutating func decide() {
        verdict = reasons.map(\.verdict).max() ?? .allow
        status = verdict != .allow ? .exclude : (problems.isEmpty ? .keep : .error)
    }

    /// The hashes as signals (exact digests and PDQ).
    public var signals: [Signal] {
        var signals: [Signal] = []
        if let md5 { signals.append(Signal(type: .md5, value: md5)) }
        if let sha1 { signals.append(Signal(type: .sha1, value: sha1)) }
        if let sha256 { signals.append(Signal(type: .sha256, value: sha256)) }
        if let pdq { signals.append(Signal(type: .pdq, value: pdq)) }
        return signals
    }
}
