/// Limits that keep rows and pages bounded.
public enum AuditLimits {
    /// The largest canonical event accepted (64 KiB): details are facts, not documents.
    public static let maximumEventBytes = 65_536
    /// The most events one ``AuditLog/append(_:)`` call takes.
    public static let maximumBatch = 10_000
    /// The most records one query page returns.
    public static let maximumPage = 1_000
}
