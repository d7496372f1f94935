/// What one round of ``CaseService/sendDeadlineAlerts(dueSoonWithin:claimant:teams:reclaimUnsentAfter:limit:send:)`` did.
public struct DeadlineAlertRun: Hashable, Sendable {
    /// Alerts sent, in claim order.
    public var sent: [DeadlineAlert]
    /// Alerts claimed but not sent because the case was closed or moved meanwhile.
    public var skipped: [DeadlineAlert]
    /// Alerts whose sending failed; their claims were released, so a later round retries them.
    public var released: [DeadlineAlert]

    public init(sent: [DeadlineAlert] = [], skipped: [DeadlineAlert] = [], released: [DeadlineAlert] = []) {
        self.sent = sent
        self.skipped = skipped
        self.released = released
    }
}
