/// Bounds the stores apply to what callers ask for.
enum CaseStoreLimits {
    /// The most rows one page or one claim returns.
    static let pageSize = 1000

    /// `limit` brought into `1...pageSize`.
    static func clamped(_ limit: Int) -> Int { max(1, min(limit, pageSize)) }
}
