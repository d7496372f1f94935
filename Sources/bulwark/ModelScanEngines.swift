import BulwarkCore
import ModelScan
import Pipeline

/// Where `bulwark scan-model` gets its ModelScanner: training text goes through the
/// TextSafety engine, preview images through the image pipeline (hashes, provenance, and
/// bank matches when a store is given).
enum ModelScanEngines {
    /// A scanner for `policy` with every engine this build has.
    static func scanner(policy: ModelScanPolicy, bankMatcher: ModelBankMatcher? = nil,
                        imageMatcher: ImageScan.SignalMatcher? = nil) throws -> ModelScanner {
        let text = try TextSafetyChecker.bundled()
        let images = ImageScan(provenance: ProvenanceAnalysis(text: text), matcher: imageMatcher)
        return ModelScanner(policy: policy, textChecker: text, bankMatcher: bankMatcher, previewScan: images.previewHook)
    }
}
