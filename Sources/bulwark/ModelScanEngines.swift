import ModelScan

/// Where `bulwark scan-model` (and the HTTP door) get their ModelScanner: the lead connects
/// the TextSafety engine (as a `TrainingTextChecker`), the model-bank match index (as a
/// `ModelBankMatcher`) and the image pipeline (as a `PreviewImageScan`) here.
enum ModelScanEngines {
    /// A scanner for `policy` with every engine this build has.
    static func scanner(policy: ModelScanPolicy) -> ModelScanner {
        ModelScanner(policy: policy, textChecker: nil, bankMatcher: nil, previewScan: nil)
    }
}
