import BulwarkCore
import Evidence

/// Gives the bytes of a report file made from preserved evidence (see
/// ``CaseEvidenceFile/reportFileName``): reads the item from the vault, which decrypts it,
/// checks its SHA-256 and records `evidence.read` by `actor`, then checks the hash against the
/// report file's.
public struct EvidenceReportFiles: ReportFileSource {
    public let vault: EvidenceVault
    /// Who reads, for the audit trail.
    public let actor: String

    public init(vault: EvidenceVault, actor: String) {
        self.vault = vault
        self.actor = actor
    }

    public func acting(as actor: String) -> any ReportFileSource { EvidenceReportFiles(vault: vault, actor: actor) }

    public func bytes(for file: ReportFile) async throws -> [UInt8] {
        let id = String(file.name.prefix { $0 != "." })
        guard id.utf8.count == 32, id.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) else {
            throw ReportingError.invalidField(field: "file name \(file.name)", reason: "is not named by an evidence id")
        }
        let (item, bytes) = try await vault.read(id: id, actor: actor)
        guard item.sha256 == file.sha256.lowercased() else {
            throw ReportingError.invalidField(field: "file \(file.name) sha256", reason: "does not match evidence \(id)")
        }
        return bytes
    }
}
