#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Deadline alerts that fire once: claim, check, send, and give back what could not be sent.
///
/// Audit actions (actor: the claimant, subject `case:ID`, details `threshold`, `team`,
/// `kind`, `dueAt` in ISO 8601): `case.alert-claim` for each claimed alert, then one of
/// `case.alert-sent` (detail `confirmed`), `case.alert-skip` (closed or moved meanwhile;
/// detail `reason`) or `case.alert-release`.
extension CaseService {
    /// Claims up to `limit` alerts at the service's clock for cases of `teams` (all when `nil`):
    /// cases past due first, then those due within `window` seconds, and, with a `lease`,
    /// claims left unconfirmed for longer than `lease` seconds (see
    /// ``CaseStore/claimDeadlineAlerts(at:dueSoonWithin:claimant:teams:reclaimUnsentAfter:limit:)``).
    /// `claimant` names this server instance. Each claim is audited as `case.alert-claim`; if
    /// the audit trail cannot take them, the claims are released and the error is thrown, so
    /// no alert is left claimed but unsent. Confirm each alert sent with
    /// ``confirmDeadlineAlertSent(_:)`` or give it back with ``releaseDeadlineAlert(_:)``.
    public func claimDeadlineAlerts(
        dueSoonWithin window: TimeInterval, claimant: String, teams: [String]? = nil, reclaimUnsentAfter lease: TimeInterval? = nil,
        limit: Int = 100
    ) async throws -> [DeadlineAlert] {
        let alerts = try await store.claimDeadlineAlerts(
            at: now(), dueSoonWithin: window, claimant: claimant, teams: teams, reclaimUnsentAfter: lease, limit: limit)
        for alert in alerts {
            do {
                try await recordAlert("case.alert-claim", alert)
            } catch {
                await releaseQuietly(alerts[...])
                throw error
            }
        }
        return alerts
    }

    /// Whether `alert` should still be sent: its case is still open and in the alert's team
    /// (see ``DeadlineAlert/isCurrent(for:)``).
    public func isCurrent(_ alert: DeadlineAlert) async throws -> Bool {
        alert.isCurrent(for: try await store.reviewCase(id: alert.caseID))
    }

    /// Records that `alert` was sent, so no lease ever hands it out again. Audited as
    /// `case.alert-sent` (detail `confirmed`: `false` when the claim was no longer held, e.g.
    /// taken over after its lease by a slower send's rival). Returns whether it was confirmed.
    @discardableResult
    public func confirmDeadlineAlertSent(_ alert: DeadlineAlert) async throws -> Bool {
        let at = now()
        let confirmed = try await store.confirmDeadlineAlertSent(caseID: alert.caseID, threshold: alert.threshold, claimant: alert.claimedBy, at: at)
        try await recordAlert("case.alert-sent", alert, extra: ["confirmed": "\(confirmed)"])
        return confirmed
    }

    /// Gives back the claim of `alert` (sending failed), so a later claim returns it again.
    /// Audited as `case.alert-release` when a claim was released; `false` if none was held.
    @discardableResult
    public func releaseDeadlineAlert(_ alert: DeadlineAlert) async throws -> Bool {
        let released = try await store.releaseDeadlineAlert(caseID: alert.caseID, threshold: alert.threshold, claimant: alert.claimedBy)
        if released { try await recordAlert("case.alert-release", alert) }
        return released
    }

    /// One round of alerting: claims up to `limit` alerts (of `teams`; all when `nil`), and for
    /// each one whose case is still open and in the same team calls `send` (e.g. a webhook
    /// post) and confirms it sent. An alert whose `send` throws is released for a later round;
    /// one whose case was closed or moved is skipped (a moved case is claimed again for its new
    /// team). If the task is cancelled or the audit trail fails, the alerts not yet sent are
    /// released before returning or throwing. A claim left unconfirmed for `lease` seconds
    /// (its process died mid-round) is taken over by a later round. Each alert's lease is
    /// restarted just before its `send`, and an alert whose claim was taken over meanwhile is
    /// skipped; keep `lease` well above the time one `send` may take (with its retries), or
    /// an alert slower than that may go out twice.
    public func sendDeadlineAlerts(
        dueSoonWithin window: TimeInterval, claimant: String, teams: [String]? = nil, reclaimUnsentAfter lease: TimeInterval? = 900,
        limit: Int = 100, send: @escaping @Sendable (DeadlineAlert) async throws -> Void
    ) async throws -> DeadlineAlertRun {
        let alerts = try await claimDeadlineAlerts(
            dueSoonWithin: window, claimant: claimant, teams: teams, reclaimUnsentAfter: lease, limit: limit)
        var run = DeadlineAlertRun()
        for (index, alert) in alerts.enumerated() {
            do {
                if Task.isCancelled {
                    await releaseQuietly(alerts[index...])
                    break
                }
                if let reason = try await staleReason(alert) {
                    try await recordAlert("case.alert-skip", alert, extra: ["reason": reason])
                    run.skipped.append(alert)
                    continue
                }
                do {
                    try await send(alert)
                } catch {
                    try await releaseDeadlineAlert(alert)
                    run.released.append(alert)
                    continue
                }
                run.sent.append(alert)
                try await confirmDeadlineAlertSent(alert)
            } catch {
                await releaseQuietly(alerts[(index + 1)...])
                throw error
            }
        }
        return run
    }

    /// Why `alert` must not be sent any more, or `nil` if it still applies; then its claim's
    /// lease is restarted, so that it runs from this send, not from the round's claim.
    private func staleReason(_ alert: DeadlineAlert) async throws -> String? {
        let current = try await store.reviewCase(id: alert.caseID)
        guard alert.isCurrent(for: current), let current else {
            guard let current else { return "case no longer exists" }
            return current.status != .open ? "case closed" : "case moved to another team"
        }
        guard try await store.renewDeadlineAlertClaim(caseID: current.id, threshold: alert.threshold, claimant: alert.claimedBy, at: now()) else {
            return "claim taken over by another instance"
        }
        return nil
    }

    /// Releases `alerts` after a failure that is already being reported; a release that fails
    /// too leaves that alert claimed (it is then not retried), which is all that can be done.
    private func releaseQuietly(_ alerts: ArraySlice<DeadlineAlert>) async {
        for alert in alerts { _ = try? await releaseDeadlineAlert(alert) }
    }

    private func recordAlert(_ action: String, _ alert: DeadlineAlert, extra: [String: String] = [:]) async throws {
        var details = [
            "threshold": alert.threshold.rawValue, "team": alert.team, "kind": alert.kind.rawValue,
            "dueAt": alert.dueAt.ISO8601Format(),
        ]
        details.merge(extra) { _, new in new }
        try await record(alert.claimedBy, action, alert.caseID, details, now())
    }
}
