#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An assessment as recorded: who, when, what.
public struct RecordedAssessment: Hashable, Sendable, Codable {
    public let id: Int64
    public let caseID: Int64
    /// The reviewer id (API key id).
    public let reviewer: String
    public let assessment: Assessment
    public let at: Date

    public init(id: Int64, caseID: Int64, reviewer: String, assessment: Assessment, at: Date) {
        self.id = id
        self.caseID = caseID
        self.reviewer = reviewer
        self.assessment = assessment
        self.at = at
    }
}

/// A decision or change on a case other than an assessment: joined by a repeat report,
/// reassigned, closed.
public struct CaseEvent: Hashable, Sendable, Codable {
    public let id: Int64
    public let caseID: Int64
    /// Who acted.
    public let actor: String
    /// `joined`, `reassigned`, `closed`.
    public let action: String
    /// Non-graphic facts: outcome, from/to team, source.
    public let details: [String: String]
    public let at: Date

    public init(id: Int64, caseID: Int64, actor: String, action: String, details: [String: String], at: Date) {
        self.id = id
        self.caseID = caseID
        self.actor = actor
        self.action = action
        self.details = details
        self.at = at
    }
}

/// A case with its history, for the case view.
public struct CaseDetail: Hashable, Sendable, Codable {
    public var reviewCase: ReviewCase
    /// Every source that led to the case, oldest first.
    public var sources: [CaseSource]
    /// Every assessment, oldest first.
    public var assessments: [RecordedAssessment]
    /// Every other decision, oldest first.
    public var events: [CaseEvent]

    public init(reviewCase: ReviewCase, sources: [CaseSource], assessments: [RecordedAssessment], events: [CaseEvent]) {
        self.reviewCase = reviewCase
        self.sources = sources
        self.assessments = assessments
        self.events = events
    }

    /// Each reviewer's latest assessment.
    public var latestAssessmentByReviewer: [String: Assessment] {
        var latest: [String: Assessment] = [:]
        for recorded in assessments { latest[recorded.reviewer] = recorded.assessment }
        return latest
    }
}
