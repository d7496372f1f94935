/// A scan's totals: how many items were kept, excluded and broken, and how often each
/// reason and problem occurred, per item and per million items (prevalence), as dataset
/// builders are asked to publish before and after cleaning.
public struct ScanSummary: Codable, Equatable, Sendable {
    /// Items seen (every record, including broken ones).
    public var items = 0
    public var kept = 0
    public var excluded = 0
    public var errors = 0
    /// Items by verdict (`allow`, `review`, `block`).
    public var byVerdict: [String: Int] = [:]
    /// Items carrying each reason code (counted once per item), with prevalence.
    public var byReason: [String: Prevalence] = [:]
    /// Items carrying each problem code, with prevalence.
    public var byProblem: [String: Prevalence] = [:]
    /// Image formats of the items that decoded.
    public var byFormat: [String: Int] = [:]
    public var excludedPerMillion = 0.0
    public var errorsPerMillion = 0.0
    /// The `--shard` values the records came from (several after a merge).
    public var shards: [String] = []

    /// A count and its rate per million items.
    public struct Prevalence: Codable, Equatable, Sendable {
        public var items: Int
        public var perMillion: Double
    }

    public init() {}

    /// Adds one record.
    mutating func add(_ record: ItemRecord) {
        items += 1
        switch record.status {
        case .keep: kept += 1
        case .exclude: excluded += 1
        case .error: errors += 1
        }
        byVerdict[record.verdict.rawValue, default: 0] += 1
        for code in Set(record.reasons.map(\.code)) {
            byReason[code, default: Prevalence(items: 0, perMillion: 0)].items += 1
        }
        for code in Set(record.problems.map(\.code)) {
            byProblem[code, default: Prevalence(items: 0, perMillion: 0)].items += 1
        }
        if let format = record.format { byFormat[format, default: 0] += 1 }
    }

    /// Computes the per-million rates from the counts.
    mutating func finish() {
        let scale = items > 0 ? 1_000_000.0 / Double(items) : 0
        func rate(_ count: Int) -> Double { (Double(count) * scale * 100).rounded() / 100 }
        byReason = byReason.mapValues { Prevalence(items: $0.items, perMillion: rate($0.items)) }
        byProblem = byProblem.mapValues { Prevalence(items: $0.items, perMillion: rate($0.items)) }
        excludedPerMillion = rate(excluded)
        errorsPerMillion = rate(errors)
    }
}
