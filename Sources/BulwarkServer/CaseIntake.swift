import BulwarkCore
import Cases
import Evidence
import Foundation
import MediaDecoding
import Pipeline

/// Turns pipeline hits into review cases: every bank match opens a case in the configured
/// review team's queue (or joins the open case for the same content), and when evidence
/// preservation is on, the uploaded bytes are kept, encrypted, with the case.
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
}
