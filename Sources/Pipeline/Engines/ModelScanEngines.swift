import BulwarkCore
import ModelScan

/// Where a ModelScanner gets its engines: training text goes through the TextSafety engine,
/// preview images through the image pipeline (hashes, provenance, and bank matches when a
/// matcher is given). Shared by `bulwark scan-model` and the server's `/v1/models/scan`.
public enum ModelScanEngines {
    /// A scanner for `policy` using an already built text checker.
    public static func scanner(
        policy: ModelScanPolicy, text: TextSafetyChecker, bankMatcher: ModelBankMatcher? = nil,
        imageMatcher: ImageScan.SignalMatcher? = nil
    ) -> ModelScanner {
        let images = ImageScan(provenance: ProvenanceAnalysis(text: text), matcher: imageMatcher)
        return ModelScanner(policy: policy, textChecker: text, bankMatcher: bankMatcher, previewScan: images.previewHook)
    }

    /// A scanner for `policy` with the bundled text-safety lexicons and rules.
    public static func scanner(
        policy: ModelScanPolicy, bankMatcher: ModelBankMatcher? = nil, imageMatcher: ImageScan.SignalMatcher? = nil
    ) throws(BulwarkError) -> ModelScanner {
        scanner(policy: policy, text: try TextSafetyChecker.bundled(), bankMatcher: bankMatcher, imageMatcher: imageMatcher)
    }
}
