import BulwarkCore
import ModelScan

/// Model banks as ModelScan and Provenance see them: the match service's exact tables,
/// answered from memory (`model_sha256`, `model_autov2`, `model_autov3` entries in any
/// enabled bank).
public struct ModelBankLookup: ModelBankMatcher {
    public let service: MatchService

    public init(service: MatchService) {
        self.service = service
    }

    public func matches(for signals: [Signal]) -> [ModelBankMatch] {
        service.exactBankHits(for: signals).map { hit in
            ModelBankMatch(bank: hit.bank.name, signal: hit.signal)
        }
    }
}
