import BulwarkCore
import Cases
import Evidence
import Foundation
import MediaDecoding
import Pipeline

/// Turns pipeline hits into review cases: every bank match, and every text, model or
/// provenance finding that asks for review or a block, opens a case in the configured review
/// team's queue (or joins the open case for the same content); when evidence preservation is
/// on, a matched upload's bytes are kept, encrypted, with the case.
struct CaseIntake: Sendable {
    let cases: CaseService
    let evidence: EvidenceVault
    let team: String

    /// Opens or joins one case per matched entry of `report`. `contentHash` is the query's
    /// SHA-256 (or other digest) when known; `upload` the bytes to preserve as evidence.
    func open(for report: MatchReport, banks: [Int64: Bank], contentHash: ContentHash?, upload: [UInt8]?, actor: String) async throws {
        for match in report.matches {
            guard let bank = banks[match.bankID] else { continue }
            let hash = contentHash ?? (try? ContentHash("\(match.query.type.rawValue):\(match.query.value)"))
            let reasons = report.decision.reasons.filter { $0.details["entry_id"] == String(match.entryID) }
            let draft = CaseDraft.bankMatch(bank: bank, entryID: match.entryID, contentHash: hash, reasons: reasons,
                                            team: team, receivedAt: Date())
            let result = try await cases.intake(draft, actor: actor)
            if let upload, evidence.isEnabled, !result.joined {
                let mediaType = ImageFormat.sniff(upload).map { "image/\($0.rawValue)" } ?? "application/octet-stream"
                _ = try await evidence.store(upload, caseReference: result.reviewCase.auditSubject, mediaType: mediaType, actor: actor)
            }
        }
    }

    /// Opens (or joins) a case for a content finding whose decision asks for review or a
    /// block: a text, model or provenance check. `reference` says what was checked (never
    /// the content itself); `contentHash` groups repeats of the same content.
    func open(finding origin: CaseSource.Origin, decision: Decision, reference: String, contentHash: ContentHash?,
              mayShowRealChild: Bool, actor: String) async throws {
        guard decision.verdict != .allow else { return }
        let reasons = decision.reasons.filter { $0.verdict != .allow }
        let draft = CaseDraft.finding(origin, reference: reference, contentHash: contentHash, reasons: reasons, team: team,
                                      mayShowRealChild: mayShowRealChild, receivedAt: Date())
        _ = try await cases.intake(draft, actor: actor)
    }

    /// The intake of `services`, or nil when the server does not open cases for hits.
    static func of(_ services: BulwarkServices) -> CaseIntake? {
        guard services.configuration.openCasesOnMatch else { return nil }
        return CaseIntake(cases: services.cases, evidence: services.evidence, team: services.configuration.reviewTeam)
    }
}
