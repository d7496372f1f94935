import Foundation
import BulwarkCore

/// Runs the CyberTipline flow for a ``ReportSubmission`` and keeps it resumable.
///
/// Steps, in order: `status` check, `submit` (once: skipped when the submission already has a
/// `reportId`), for each file `upload` (skipped when it has a `fileId`) and `fileinfo` (skipped
/// when acknowledged), then `finish`. The submission is saved after every acknowledged step
/// and every step is recorded through the ``AuditRecorder``. When the endpoint fails (HTTP
/// error, connection refused, bad XML, non-zero `responseCode`), the error is saved in
/// ``ReportSubmission/lastError`` and the submission is returned with status `failed`;
/// ``resume(id:)`` later continues from the first unfinished step.
///
/// One process at a time: every run (start, resume, retract) first takes the submission's
/// lease in the store (``ReportSubmissionStore/claim(submissionID:owner:until:now:)``) for
/// ``leaseDuration``, renews it before saving each step, and gives it back afterwards, also
/// when the run fails or throws. A second run while the lease is held throws
/// ``ReportingError/submissionBusy(submissionID:holder:until:)``; a lease left by a crashed
/// process is taken over once it expires. A run whose lease was taken over (it outlived
/// ``leaseDuration`` without finishing a step) stops with that error and saves nothing more.
///
/// Limitation: if the endpoint acted on a request but its answer was lost, the step is
/// repeated on resume (the API documents no idempotency key that would prevent this).
public struct ReportSubmitter: Sendable {
    public let client: CyberTiplineClient
    public let store: any ReportSubmissionStore
    public let audit: any AuditRecorder
    public private(set) var files: any ReportFileSource
    /// Who is acting, for the audit trail.
    public private(set) var actor: String
    /// How long a run may go without finishing a step before another process may take its
    /// lease over. Default: 10 minutes (an upload of a large file must fit in it).
    public let leaseDuration: TimeInterval
    private let now: @Sendable () -> Date

    public init(
        client: CyberTiplineClient, store: any ReportSubmissionStore, audit: any AuditRecorder, files: any ReportFileSource,
        actor: String, leaseDuration: TimeInterval = 600, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.client = client
        self.store = store
        self.audit = audit
        self.files = files
        self.actor = actor
        self.leaseDuration = leaseDuration
        self.now = { Self.millisecondPrecision(now()) }
    }

    /// The same submitter acting for `actor` (e.g. the signed-in reviewer), sharing the client,
    /// store, audit trail, lease duration and clock; the file source reads for `actor` too.
    public func acting(as actor: String) -> ReportSubmitter {
        var copy = self
        copy.actor = actor
        copy.files = files.acting(as: actor)
        return copy
    }

    /// `date` rounded to whole milliseconds, the precision the stores keep.
    static func millisecondPrecision(_ date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 * 1000).rounded() / 1000)
    }

    /// Validates `incident`, stores a new submission routed to `destination`, and runs the flow.
    public func start(_ incident: ReportIncident, destination: String) async throws -> ReportSubmission {
        try CyberTiplineReportBuilder.validate(incident)
        let submission = ReportSubmission(destination: destination, incident: incident, now: now())
        try await store.save(submission)
        return try await begin(submission)
    }

    /// Like ``start(_:destination:)`` for the report of review case `caseID`, at most once:
    /// when the case already has a live (not retracted) submission, that one is returned
    /// untouched with `created == false` (resume it to continue). Atomic across processes.
    public func start(_ incident: ReportIncident, destination: String, caseID: Int64) async throws -> (submission: ReportSubmission, created: Bool) {
        try CyberTiplineReportBuilder.validate(incident)
        let fresh = ReportSubmission(destination: destination, incident: incident, caseID: caseID, now: now())
        let stored = try await store.createForCase(fresh)
        guard stored.created else { return stored }
        return (try await begin(stored.submission), true)
    }

    /// Records the creation of the stored `submission` and runs its flow under a lease.
    private func begin(_ submission: ReportSubmission) async throws -> ReportSubmission {
        var details = ["destination": submission.destination, "files": "\(submission.incident.files.count)"]
        if let caseID = submission.caseID { details["case_id"] = "\(caseID)" }
        try await record("report.create", submission, details)
        return try await leased(submission.id) { lease in try await run(submission, lease) }
    }

    /// Continues the stored submission `id` from its first unfinished step. Throws
    /// ``ReportingError/submissionBusy(submissionID:holder:until:)`` while another run holds it.
    public func resume(id: String) async throws -> ReportSubmission {
        try await leased(id) { lease in
            let submission = try await store.submission(id: id)
            guard !submission.retracted else { throw ReportingError.invalidState("report submission \(id) was retracted") }
            guard !submission.finished else { return submission }
            try await record("report.resume", submission, ["next_step": submission.nextStep ?? "none"])
            return try await run(submission, lease)
        }
    }

    /// Retracts the submitted, unfinished report of submission `id`. Throws
    /// ``ReportingError/submissionBusy(submissionID:holder:until:)`` while another run holds it.
    public func retract(id: String) async throws -> ReportSubmission {
        try await leased(id) { lease in try await retract(id: id, lease) }
    }

    private func retract(id: String, _ lease: String) async throws -> ReportSubmission {
        var submission = try await store.submission(id: id)
        guard let reportID = submission.reportID else {
            throw ReportingError.invalidState("report submission \(id) has no report id yet; nothing to retract")
        }
        guard !submission.finished, !submission.retracted else {
            throw ReportingError.invalidState("report submission \(id) is \(submission.status.rawValue); only an open report can be retracted")
        }
        do {
            try await client.retract(reportID: reportID)
        } catch let error as ReportingError {
            return try await fail(&submission, error, lease)
        }
        submission.retracted = true
        submission.lastError = nil
        try await persist(&submission, lease, "report.retract", ["report_id": reportID])
        return submission
    }

    /// Runs `body` holding the lease of submission `id` (an owner token unique to this call),
    /// and gives the lease back afterwards whether `body` returns or throws.
    private func leased(_ id: String, _ body: (String) async throws -> ReportSubmission) async throws -> ReportSubmission {
        let owner = "\(actor) \(UUID().uuidString.lowercased())"
        _ = try await store.claim(submissionID: id, owner: owner, until: now().addingTimeInterval(leaseDuration), now: now())
        let result: ReportSubmission
        do {
            result = try await body(owner)
        } catch {
            try? await store.release(submissionID: id, owner: owner)
            throw error
        }
        try await store.release(submissionID: id, owner: owner)
        return result
    }

    /// Extends the lease before a save; throws `submissionBusy` if another run took it over.
    private func renew(_ submission: ReportSubmission, _ lease: String) async throws {
        _ = try await store.claim(submissionID: submission.id, owner: lease, until: now().addingTimeInterval(leaseDuration), now: now())
    }

    private func run(_ start: ReportSubmission, _ lease: String) async throws -> ReportSubmission {
        var submission = start
        do {
            try await client.status()
            let reportID: String
            if let existing = submission.reportID {
                reportID = existing
            } else {
                let xml = try CyberTiplineReportBuilder.reportXML(submission.incident)
                reportID = try await client.submit(reportXML: xml)
                submission.reportID = reportID
                try await persist(&submission, lease, "report.submit", ["report_id": reportID])
            }
            for index in submission.files.indices {
                let file = submission.incident.files[index]
                let fileID: String
                if let existing = submission.files[index].fileID {
                    fileID = existing
                } else {
                    let bytes: [UInt8]
                    do {
                        bytes = try await files.bytes(for: file)
                    } catch {
                        throw ReportingError.invalidState("the bytes of file \(index + 1) (\(file.name)) are not available: \(error)")
                    }
                    fileID = try await client.upload(reportID: reportID, fileName: file.name, bytes: bytes)
                    submission.files[index].fileID = fileID
                    try await persist(&submission, lease, "report.upload", ["report_id": reportID, "file_id": fileID, "sha256": file.sha256])
                }
                if !submission.files[index].fileInfoSent {
                    let xml = try CyberTiplineReportBuilder.fileDetailsXML(reportID: reportID, fileID: fileID, file: file)
                    try await client.fileInfo(fileDetailsXML: xml)
                    submission.files[index].fileInfoSent = true
                    try await persist(&submission, lease, "report.fileinfo", [
                        "report_id": reportID, "file_id": fileID, "generative_ai": file.aiGenerated ? "true" : "false",
                    ])
                }
            }
            let counted = try await client.finish(reportID: reportID)
            submission.finished = true
            submission.finishedFileIDs = counted
            try await persist(&submission, lease, "report.finish", [
                "report_id": reportID, "files_counted": "\(counted.count)", "files_expected": "\(submission.files.count)",
            ])
            return submission
        } catch let error as ReportingError {
            // A lost lease means another run owns the submission now: save nothing more.
            if case .submissionBusy = error { throw error }
            return try await fail(&submission, error, lease)
        }
    }

    private func persist(_ submission: inout ReportSubmission, _ lease: String, _ action: String, _ details: [String: String]) async throws {
        try await renew(submission, lease)
        submission.lastError = nil
        submission.updatedAt = now()
        try await store.save(submission)
        try await record(action, submission, details)
    }

    private func fail(_ submission: inout ReportSubmission, _ error: ReportingError, _ lease: String) async throws -> ReportSubmission {
        try await renew(submission, lease)
        submission.lastError = error.description
        submission.updatedAt = now()
        try await store.save(submission)
        try await record("report.step_failed", submission, ["error": error.description, "next_step": submission.nextStep ?? "none"])
        return submission
    }

    private func record(_ action: String, _ submission: ReportSubmission, _ details: [String: String]) async throws {
        var details = details
        details["case"] = submission.incident.caseReference
        try await audit.record(AuditEvent(actor: actor, action: action, subject: "report:\(submission.id)", details: details, at: now()))
    }
}
