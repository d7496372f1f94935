import Synchronization

/// Checks of signal values that are more than a fixed-length hex digest (a vPDQ frame list):
/// the module that owns such a type registers its parser here, and
/// ``Signal/validated(type:value:)`` — used by imports and the entry API — runs it, so a
/// malformed value is refused where it enters instead of being stored and never matched.
public enum SignalValueChecks {
    /// Throws when `value` is not a well-formed value of the type.
    public typealias Check = @Sendable (_ value: String) throws(BulwarkError) -> Void

    private static let checks = Mutex<[SignalType: Check]>([:])

    /// Registers (or replaces) the check for `type`.
    public static func register(_ type: SignalType, _ check: @escaping Check) {
        checks.withLock { $0[type] = check }
    }

    /// The check registered for `type`, if any.
    public static func check(for type: SignalType) -> Check? {
        checks.withLock { $0[type] }
    }
}
