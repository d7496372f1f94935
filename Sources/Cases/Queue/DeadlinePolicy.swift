#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import BulwarkCore

/// Deadline clocks per case kind, as configuration: a case is due `hours` after it opens.
///
/// Defaults: 24 h for an administrative removal order, 48 h for a non-consensual intimate
/// image request, 24 h for a bank match, 72 h for anything else.
public struct DeadlinePolicy: Hashable, Sendable, Codable {
    /// Hours per kind name (``CaseKind/rawValue``).
    public var hoursByKind: [String: Double]
    /// Hours for kinds not listed.
    public var defaultHours: Double

    public init(hoursByKind: [String: Double], defaultHours: Double) {
        self.hoursByKind = hoursByKind
        self.defaultHours = defaultHours
    }

    /// The default clocks.
    public static let standard = DeadlinePolicy(
        hoursByKind: [
            CaseKind.removalOrder.rawValue: 24,
            CaseKind.intimateImageRequest.rawValue: 48,
            CaseKind.bankMatch.rawValue: 24,
        ],
        defaultHours: 72)

    /// The clock of `kind`, in seconds.
    public func duration(for kind: CaseKind) -> TimeInterval { (hoursByKind[kind.rawValue] ?? defaultHours) * 3600 }

    /// When a case of `kind` opened at `openedAt` is due.
    public func dueDate(for kind: CaseKind, openedAt: Date) -> Date { openedAt.addingTimeInterval(duration(for: kind)) }

    /// Decodes and checks a policy from JSON: every clock positive and at most a year.
    public static func decode(_ data: Data) throws -> DeadlinePolicy {
        guard data.count <= 1 << 20 else {
            throw BulwarkError.limitExceeded(what: "deadline policy", limit: "1 MiB", actual: "\(data.count) bytes")
        }
        let policy: DeadlinePolicy
        do { policy = try JSONDecoder().decode(DeadlinePolicy.self, from: data) } catch {
            throw BulwarkError.invalidInput(what: "deadline policy", where: nil, reason: "\(error)")
        }
        let valid: (Double) -> Bool = { $0.isFinite && $0 > 0 && $0 <= 24 * 366 }
        guard valid(policy.defaultHours) else {
            throw BulwarkError.invalidInput(what: "deadline policy", where: "defaultHours", reason: "must be more than 0 and at most 8784 hours")
        }
        for (kind, hours) in policy.hoursByKind.sorted(by: { $0.key < $1.key }) {
            guard CaseKind(rawValue: kind) != nil else {
                throw BulwarkError.invalidInput(what: "deadline policy", where: "hoursByKind.\(kind)", reason: "not a valid case kind name")
            }
            guard valid(hours) else {
                throw BulwarkError.invalidInput(what: "deadline policy", where: "hoursByKind.\(kind)", reason: "must be more than 0 and at most 8784 hours")
            }
        }
        return policy
    }
}
