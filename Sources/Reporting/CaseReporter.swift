import BulwarkCore
import Cases
import Crypto
import Evidence
import Foundation

/// "Report this case": builds the incident of an assessed case with
/// ``CaseReportDraft/incident(for:evidence:settings:hostingCountry:reportedURL:)``, routes it
/// by hosting country, and starts the CyberTipline flow through the ``ReportSubmitter``,
/// recording the case id on the submission.
///
/// Idempotent: a case has at most one live (not retracted) submission. Reporting a case that
/// has one returns it untouched (`created == false`) without reading evidence or calling the
/// endpoint; two concurrent calls create one submission (the store's unique index decides).
/// A failed flow leaves a resumable submission, which ``ReportSubmitter/resume(id:)`` continues.
public struct CaseReporter: Sendable {
    /// What ``report(caseID:hostingCountry:reportedURL:)`` did.
    public struct Outcome: Sendable, Equatable {
        /// The case's live submission: the new one (after its first run) or the existing one.
        public var submission: ReportSubmission
        /// `false` when the case already had a live submission, returned unchanged.
        public var created: Bool
    }

    public let cases: any CaseStore
    /// The evidence vault, or `nil` when preservation was never configured.
    public let evidence: EvidenceVault?
    /// Runs the flow; its store keeps the submissions and its `actor` reads the evidence.
    /// For case reports its file source should be ``EvidenceReportFiles`` over `evidence`.
    public let submitter: ReportSubmitter
    public let routing: ReportRouting
    public let settings: CaseReportSettings

    public init(
        cases: any CaseStore, evidence: EvidenceVault?, submitter: ReportSubmitter, routing: ReportRouting, settings: CaseReportSettings
    ) {
        self.cases = cases
        self.evidence = evidence
        self.submitter = submitter
        self.routing = routing
        self.settings = settings
    }

    /// The same reporter acting for `actor` (the signed-in reviewer): the submission's steps
    /// and the evidence reads are audited under that name.
    public func acting(as actor: String) -> CaseReporter {
        CaseReporter(cases: cases, evidence: evidence, submitter: submitter.acting(as: actor), routing: routing, settings: settings)
    }

    /// Reports case `caseID` (see the type's description). Throws `BulwarkError.notFound` for
    /// an unknown case; otherwise as ``report(_:hostingCountry:reportedURL:)``. Checks no team
    /// access: a server route should use ``report(_:hostingCountry:reportedURL:)`` with the
    /// detail `CaseService.openCase(_:by:)` returned for the caller.
    public func report(caseID: Int64, hostingCountry: String? = nil, reportedURL: String? = nil) async throws -> Outcome {
        if let live = try await submitter.store.liveSubmission(caseID: caseID) {
            return Outcome(submission: live, created: false)
        }
        guard let detail = try await cases.detail(id: caseID) else { throw BulwarkError.notFound(what: "case", id: "\(caseID)") }
        return try await report(detail, hostingCountry: hostingCountry, reportedURL: reportedURL)
    }

    /// Reports the case of `detail`. Returns its live submission untouched when it has one.
    /// Throws ``CaseReportError`` when the case is not reportable or a field is missing
    /// (before any evidence is read), ``ReportingError/routing(_:)`` when its hosting country
    /// is routed to a destination other than the NCMEC CyberTipline (export the report for
    /// those). Endpoint failures do not throw: the returned submission is `failed` and
    /// resumable with ``ReportSubmitter/resume(id:)``.
    public func report(_ detail: CaseDetail, hostingCountry: String? = nil, reportedURL: String? = nil) async throws -> Outcome {
        let caseID = detail.reviewCase.id
        if let live = try await submitter.store.liveSubmission(caseID: caseID) {
            return Outcome(submission: live, created: false)
        }
        // Refuse (not reportable, a field missing, routed elsewhere) before reading, and
        // auditing reads of, any evidence.
        let withoutFiles = try CaseReportDraft.incident(
            for: detail, evidence: [], settings: settings, hostingCountry: hostingCountry, reportedURL: reportedURL)
        let destination = try routing.destination(forCountry: withoutFiles.hostingCountry)
        guard destination.kind == .ncmecCyberTipline else {
            throw ReportingError.routing(
                "\(withoutFiles.caseReference): content hosted in \(withoutFiles.hostingCountry) is routed to \(destination.name) "
                    + "(\(destination.kind.rawValue)), which has no reporting API here; export the report instead")
        }
        let incident = try CaseReportDraft.incident(
            for: detail, evidence: try await evidenceFiles(of: detail.reviewCase), settings: settings,
            hostingCountry: hostingCountry, reportedURL: reportedURL)
        let started = try await submitter.start(incident, destination: destination.name, caseID: caseID)
        return Outcome(submission: started.submission, created: started.created)
    }

    /// The case's preserved items with their MD5, computed from the bytes the vault decrypts
    /// and checks (each read is audited as `evidence.read` by the submitter's actor).
    private func evidenceFiles(of reviewCase: ReviewCase) async throws -> [CaseEvidenceFile] {
        guard let evidence else { return [] }
        var files: [CaseEvidenceFile] = []
        for item in try await evidence.items(caseReference: reviewCase.auditSubject) {
            let (_, bytes) = try await evidence.read(id: item.id, actor: submitter.actor)
            files.append(CaseEvidenceFile(item, md5: Hex.encode(Insecure.MD5.hash(data: bytes))))
        }
        return files
    }
}
