import Foundation

/// The progress of one report through the CyberTipline flow, persisted after every step so a
/// failed flow can be resumed without submitting a second report or re-uploading a file the
/// endpoint already acknowledged.
public struct ReportSubmission: Hashable, Sendable, Codable {
    /// Progress of one file.
    public struct FileProgress: Hashable, Sendable, Codable {
        /// The endpoint's `fileId` once `/upload` acknowledged the file.
        public var fileID: String?
        /// Whether `/fileinfo` was acknowledged.
        public var fileInfoSent: Bool

        public init(fileID: String? = nil, fileInfoSent: Bool = false) {
            self.fileID = fileID
            self.fileInfoSent = fileInfoSent
        }
    }

    /// Where a submission stands.
    public enum Status: String, Sendable, Codable, CaseIterable {
        /// Created, nothing sent yet.
        case pending
        /// Some steps done, none failed since.
        case inProgress = "in_progress"
        /// The last step failed; `resume` continues.
        case failed
        /// `/finish` was acknowledged.
        case finished
        /// `/retract` was acknowledged.
        case retracted
    }

    /// Local id (a UUID string).
    public var id: String
    /// Name of the destination it was routed to.
    public var destination: String
    /// The review case this submission reports (`Cases.ReviewCase.id`), when it was started
    /// from a case; a case has at most one live (not retracted) submission.
    public var caseID: Int64?
    /// What is reported.
    public var incident: ReportIncident
    /// The endpoint's `reportId` once `/submit` was acknowledged.
    public var reportID: String?
    /// One entry per `incident.files`, same order.
    public var files: [FileProgress]
    /// The file ids `/finish` counted, once finished.
    public var finishedFileIDs: [String]?
    /// Whether `/finish` was acknowledged.
    public var finished: Bool
    /// Whether `/retract` was acknowledged.
    public var retracted: Bool
    /// The error of the last failed step, cleared by the next successful step.
    public var lastError: String?
    public var createdAt: Date
    public var updatedAt: Date

    /// A new, pending submission of `incident`, reporting case `caseID` when given.
    public init(
        id: String = UUID().uuidString.lowercased(), destination: String, incident: ReportIncident, caseID: Int64? = nil, now: Date = Date()
    ) {
        self.id = id
        self.destination = destination
        self.caseID = caseID
        self.incident = incident
        reportID = nil
        files = incident.files.map { _ in FileProgress() }
        finishedFileIDs = nil
        finished = false
        retracted = false
        lastError = nil
        createdAt = now
        updatedAt = now
    }

    /// The current status.
    public var status: Status {
        if retracted { return .retracted }
        if finished { return .finished }
        if lastError != nil { return .failed }
        if reportID == nil { return .pending }
        return .inProgress
    }

    /// The next step the flow will take, for display (`"submit"`, `"upload 2"`, `"fileinfo 2"`,
    /// `"finish"`), or `nil` when finished or retracted.
    public var nextStep: String? {
        if finished || retracted { return nil }
        if reportID == nil { return "submit" }
        for (index, file) in files.enumerated() {
            if file.fileID == nil { return "upload \(index + 1)" }
            if !file.fileInfoSent { return "fileinfo \(index + 1)" }
        }
        return "finish"
    }
}
