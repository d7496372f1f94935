import Cases
import Foundation

/// Turns an assessed review case into a ``ReportIncident``.
///
/// Rules:
/// - Only a reportable case becomes a report: assessed, with a legal category in the combined
///   assessment of each reviewer's latest (most severe category, youngest age band), its
///   second opinion not awaiting or disagreed, and not closed as not actionable or duplicate.
///   Anything else throws ``CaseReportError/notReportable(caseReference:reason:)`` saying why.
/// - `caseReference` is the case's audit subject `case:ID`; `incidentType` comes from the
///   category through ``CaseReportSettings/incidentTypes``; `incidentAt` is when the first
///   report or match arrived; `reportedURL` is the case's URL unless the reviewer gives one;
///   `hostingCountry` is the reviewer's, else the operator's default.
/// - `assessmentSummary` says category, age band, sex, AI-generated status, second opinion,
///   kind, number of reports and the content hash in plain clinical words: never the item's
///   content, never reviewers' notes (free text may describe the item).
/// - One ``ReportFile`` per preserved evidence item, named by its evidence id; its
///   `aiGenerated` flag is set when the assessment says AI-generated (declared or suspected).
///   Without preserved evidence the report has no files (nothing could be uploaded).
/// - Every missing or malformed field throws ``CaseReportError/invalidField(caseReference:field:reason:)``
///   naming the field, checked with ``CyberTiplineReportBuilder/validate(_:)``.
public enum CaseReportDraft {
    /// The combined assessment that makes the case reportable, or why it is not.
    public static func reportableAssessment(of detail: CaseDetail, scheme: AssessmentScheme) throws(CaseReportError) -> Assessment {
        let reviewCase = detail.reviewCase
        let reference = reviewCase.auditSubject
        func refuse(_ reason: String) -> CaseReportError { .notReportable(caseReference: reference, reason: reason) }
        if reviewCase.status == .closed, let outcome = reviewCase.outcome, outcome != .confirmed {
            throw refuse("it was closed as \(outcome.rawValue)")
        }
        let latest = detail.latestAssessmentByReviewer.sorted { $0.key < $1.key }.map(\.value)
        guard let combined = scheme.combine(latest) else { throw refuse("it has not been assessed") }
        guard let category = combined.category else {
            if !combined.discountReasons.isEmpty {
                throw refuse("it was assessed as not criminal (discounted: \(combined.discountReasons.joined(separator: ", ")))")
            }
            if combined.exploitative { throw refuse("it was assessed as exploitative but not criminal") }
            throw refuse("its assessment has no legal category")
        }
        guard scheme.categories.contains(category) else {
            throw refuse("its category \(category) is not a category of the assessment scheme")
        }
        let secondOpinion = scheme.secondOpinionStatus(latestByReviewer: detail.latestAssessmentByReviewer)
        switch secondOpinion {
        case .notRequired, .agreed: break
        case .awaiting: throw refuse("it needs a second opinion from another reviewer")
        case .disagreed: throw refuse("its reviewers' assessments disagree")
        }
        return combined
    }

    /// The incident for `detail`. `evidence` are the case's preserved items (possibly none);
    /// `hostingCountry` and `reportedURL` are what the reviewer gave, if anything.
    public static func incident(
        for detail: CaseDetail, evidence: [CaseEvidenceFile], settings: CaseReportSettings,
        hostingCountry: String? = nil, reportedURL: String? = nil
    ) throws(CaseReportError) -> ReportIncident {
        let reviewCase = detail.reviewCase
        let reference = reviewCase.auditSubject
        func missing(_ field: String, _ reason: String) -> CaseReportError {
            .invalidField(caseReference: reference, field: field, reason: reason)
        }
        let assessment = try reportableAssessment(of: detail, scheme: settings.scheme)
        guard let category = assessment.category, let incidentType = settings.incidentTypes[category] else {
            throw missing("incidentType", "has no configured value for category \(assessment.category ?? "none")")
        }
        guard let ageBand = assessment.ageBand else { throw missing("assessmentSummary", "needs the age band, which the assessment lacks") }
        guard let url = nonEmpty(reportedURL) ?? nonEmpty(reviewCase.url) else {
            throw missing("reportedURL", "is required: the case has no URL, so give the URL where the item was found")
        }
        guard let country = nonEmpty(hostingCountry) ?? nonEmpty(settings.defaultHostingCountry) else {
            throw missing("hostingCountry", "is required: give it or set a default hosting country")
        }
        let countryCode = country.uppercased()
        guard CountryCode.assigned.contains(countryCode) else {
            throw missing("hostingCountry", "\"\(country)\" is not an assigned ISO 3166-1 alpha-2 code")
        }
        let aiGenerated = assessment.aiGenerated != .unknown
        let files = evidence.map { item in
            ReportFile(
                name: item.reportFileName, sha256: item.sha256.lowercased(), md5: item.md5?.lowercased(), size: item.size,
                aiGenerated: aiGenerated, originalURL: url)
        }
        let firstReport = detail.sources.map(\.receivedAt).min() ?? reviewCase.createdAt
        let incident = ReportIncident(
            caseReference: reference, reporter: settings.reporter, incidentType: incidentType, incidentAt: firstReport,
            reportedURL: url, hostingCountry: countryCode,
            assessmentSummary: summary(detail, assessment: assessment, category: category, ageBand: ageBand), files: files)
        do {
            try CyberTiplineReportBuilder.validate(incident)
        } catch let ReportingError.invalidField(field, reason) {
            throw missing(field, reason)
        } catch {
            throw missing("report", "\(error)")
        }
        return incident
    }

    /// The `additionalInfo` text: the assessment and the case's facts in plain words.
    static func summary(_ detail: CaseDetail, assessment: Assessment, category: String, ageBand: String) -> String {
        let reviewCase = detail.reviewCase
        let reviewers = detail.latestAssessmentByReviewer.count
        var sentences = [
            "Assessed by \(reviewers) reviewer\(reviewers == 1 ? "" : "s"): legal category \(category); youngest age band \(ageBand)"
                + (assessment.sex.map { "; sex \($0)" } ?? "") + "; \(aiWords(assessment.aiGenerated)).",
            "Bulwark case \(reviewCase.id), kind \(reviewCase.kind.rawValue), \(reviewCase.reportCount) report\(reviewCase.reportCount == 1 ? "" : "s").",
        ]
        if let hash = reviewCase.contentHash { sentences.append("Content hash \(hash).") }
        if reviewCase.knownRealVictims { sentences.append("Matched a bank of known real victims.") }
        return sentences.joined(separator: " ")
    }

    static func aiWords(_ status: AIGeneratedStatus) -> String {
        switch status {
        case .declared: "declared AI-generated"
        case .suspected: "suspected AI-generated"
        case .unknown: "not known to be AI-generated"
        }
    }

    private static func nonEmpty(_ text: String?) -> String? {
        guard let trimmed = text?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
        return trimmed
    }
}
