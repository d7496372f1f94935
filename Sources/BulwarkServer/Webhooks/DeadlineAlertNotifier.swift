import BulwarkCore
import Cases
import Foundation
import Store

/// Tells the review team, through webhooks subscribed to `case.deadline`, about review cases
/// due within the alert window or overdue: each (case, threshold) once, across any number of
/// server instances (the case store hands each alert to one claimant), re-sent on a later round
/// if no endpoint took it. Nothing is claimed while no endpoint is subscribed, so subscribing
/// later still alerts the cases already due.
public struct DeadlineAlertNotifier: Sendable {
    public let cases: CaseService
    public let webhooks: WebhookDispatcher
    /// Cases due within this many seconds are "due soon" (the queue's banner uses the same).
    public let window: TimeInterval
    /// This instance's name in claims and the audit trail.
    public let claimant: String

    /// Four hours: the queue's "due soon" banner and view use the same window.
    public static let dueSoonWindow: TimeInterval = 4 * 3600

    public init(cases: CaseService, webhooks: WebhookDispatcher, window: TimeInterval = DeadlineAlertNotifier.dueSoonWindow,
                claimant: String = DeadlineAlertNotifier.instanceName()) {
        self.cases = cases
        self.webhooks = webhooks
        self.window = window
        self.claimant = claimant
    }

    /// `serve@<host>:<pid>`.
    public static func instanceName() -> String {
        "serve@\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)"
    }

    /// One round: claims what is due and posts it; `nil` when no endpoint is subscribed.
    public func runRound(limit: Int = 100) async throws -> DeadlineAlertRun? {
        guard await webhooks.hasSubscribers(.caseDeadline) else { return nil }
        let webhooks = self.webhooks
        return try await cases.sendDeadlineAlerts(dueSoonWithin: window, claimant: claimant, limit: limit) { alert in
            try await webhooks.deliverNow(DeadlineAlertEvent(alert), kind: .caseDeadline)
        }
    }

    /// Runs a round every `interval` until cancelled, reporting failures to `onError`.
    public func runPeriodically(every interval: Duration, onError: @Sendable (any Error) -> Void) async {
        while !Task.isCancelled {
            do {
                _ = try await runRound()
                try await Task.sleep(for: interval)
            } catch is CancellationError {
                return
            } catch {
                onError(error)
                try? await Task.sleep(for: interval)
            }
        }
    }
}

/// The JSON body of a `case.deadline` webhook: ids, team, kind, category, deadline and
/// priority facts only, never content.
public struct DeadlineAlertEvent: Sendable, Encodable {
    /// Always `case.deadline`.
    public var event = WebhookEventKind.caseDeadline.rawValue
    /// Stable per case and threshold, so receivers can drop repeats.
    public var id: String
    public var createdAt: Date
    /// `due-soon` or `overdue`.
    public var threshold: String
    public var caseID: Int64
    public var team: String
    public var kind: String
    public var category: String?
    public var dueAt: Date
    public var priorityRank: Int64
    public var knownRealVictims: Bool
    public var mayShowRealChild: Bool
    /// The case page in the review UI, relative to the server's address.
    public var path: String

    public init(_ alert: DeadlineAlert) {
        id = "case-\(alert.caseID)-\(alert.threshold.rawValue)"
        createdAt = alert.claimedAt
        threshold = alert.threshold.rawValue
        caseID = alert.caseID
        team = alert.team
        kind = alert.kind.rawValue
        category = alert.category
        dueAt = alert.dueAt
        priorityRank = alert.priorityRank
        knownRealVictims = alert.knownRealVictims
        mayShowRealChild = alert.mayShowRealChild
        path = "/ui/cases/\(alert.caseID)"
    }
}
