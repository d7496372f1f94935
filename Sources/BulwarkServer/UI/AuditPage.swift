import Audit
import Foundation
import Hummingbird

/// The audit page of the review UI: the latest events, newest first, and whether the
/// chain verifies.
extension ReviewUI {
    /// Events shown per page.
    static let auditPageSize = 100

    func auditPage(_ session: WebSessions.Session, request: Request) async throws -> Response {
        let before = request.uri.queryParameters["before"].flatMap { Int64(String($0)) }
        let records = try await services.audit.newest(before: before, limit: Self.auditPageSize)
        // Verifying walks the whole chain (about 18 s per million records), so it runs when asked.
        let verification = request.uri.queryParameters["verify"] == "1" ? try await services.audit.verify() : nil
        let verified = verification.map { $0.problem == nil } ?? true
        let events: [[String: Any]] = records.map { record in
            [
                "sequence": record.sequence, "at": Self.format(record.event.at), "atISO": Self.iso(record.event.at),
                "actor": record.event.actor, "action": record.event.action, "subject": record.event.subject,
                "details": record.event.details.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "),
            ]
        }
        let values: [String: Any] = [
            "events": events,
            "verifyClass": verified ? "verified" : "broken",
            "verifyMessage": verification.map { result in
                result.problem.map { "The chain is broken: \($0)" }
                    ?? "The chain verifies: \(result.recordsChecked) records, no edit or deletion found."
            } ?? "The chain was not checked on this page load.",
            "verifyLink": verification == nil,
            "nextPage": records.count == Self.auditPageSize ? "/ui/audit?before=\(records.last?.sequence ?? 0)" : false,
        ]
        return page("audit", title: "Audit", session: session, values: values, extras: try await wellness(session))
    }
}
