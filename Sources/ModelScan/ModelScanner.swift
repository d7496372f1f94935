import BulwarkCore

/// Scans model uploads: recognises the format, reads headers and metadata under limits,
/// scans pickles statically, hashes the file, and applies the host's ``ModelScanPolicy``.
///
/// The text, model-bank and image engines are injected, so this module depends on none of them.
public struct ModelScanner: Sendable {
    /// The host's rules.
    public var policy: ModelScanPolicy
    /// Checks training text; nil means training text is not checked.
    public var textChecker: (any TrainingTextChecker)?
    /// Looks hashes up in model banks; nil means no bank lookup.
    public var bankMatcher: (any ModelBankMatcher)?
    /// Scans preview images; nil means previews are reported as unscanned.
    public var previewScan: PreviewImageScan?
    /// Whether to hash the file (turn off only for metadata-only inspection).
    public var computeHashes = true
    /// The streaming hasher.
    public var hasher = ModelHasher()

    /// A scanner for `policy` with whichever engines the caller has.
    public init(policy: ModelScanPolicy = .init(), textChecker: (any TrainingTextChecker)? = nil,
                bankMatcher: (any ModelBankMatcher)? = nil, previewScan: PreviewImageScan? = nil) {
        self.policy = policy
        self.textChecker = textChecker
        self.bankMatcher = bankMatcher
        self.previewScan = previewScan
    }

    /// Scans the file at `path` and, through the image pipeline, its preview images.
    /// Throws only when the file cannot be opened or read; format problems are findings.
    public func scan(path: String, previews: [String] = []) async throws(BulwarkError) -> ModelScanReport {
        let file = try FileByteSource(path: path)
        var report = inspect(file, name: path)
        if computeHashes {
            let dataStart = report.format == .safetensors && report.safetensors != nil ? report.safetensors.map { 8 + $0.headerLength } : nil
            report.hashes = try hasher.hash(file, tensorDataStart: dataStart)
        }
        report.previews = await scanPreviews(previews)
        report.signals = report.hashes?.signals ?? []
        report.decision = ModelPolicyRules(policy: policy, textChecker: textChecker, bankMatcher: bankMatcher).decide(report)
        return report
    }

    /// Reads everything but the hashes from `source` and decides (without bank hash matches
    /// unless `hashes` are given). Never throws: problems become findings.
    public func scan(source: some ModelByteSource, name: String, hashes: ModelHashes? = nil) -> ModelScanReport {
        var report = inspect(source, name: name)
        report.hashes = hashes
        report.signals = hashes?.signals ?? []
        report.decision = ModelPolicyRules(policy: policy, textChecker: textChecker, bankMatcher: bankMatcher).decide(report)
        return report
    }

    /// The format-specific inspection; the decision is left empty.
    public func inspect(_ source: some ModelByteSource, name: String) -> ModelScanReport {
        let prefix = (try? source.read(at: 0, count: 16)) ?? []
        var report = ModelScanReport(path: name, size: source.size, format: ModelFormat.sniff(prefix: prefix, fileSize: source.size, fileName: name),
                                     hashes: nil, signals: [], lineageSignals: [], architecture: nil, safetensors: nil, training: nil,
                                     gguf: nil, pickle: nil, likeness: nil, findings: [], previews: [], decision: .allow)
        switch report.format {
        case .safetensors:
            do {
                let header = try SafetensorsReader.read(from: source, limits: policy.safetensorsLimits)
                let training = TrainingMetadata(metadata: header.metadata)
                report.safetensors = SafetensorsSummary(header)
                report.training = training
                report.findings += header.findings + training.findings
                let architecture = ArchitectureDetector.detect(tensors: header.tensors, training: training)
                report.architecture = architecture
                if policy.likeness.enabled, architecture.kind != .checkpoint {
                    report.likeness = LikenessDetector.detect(training, policy: policy.likeness)
                }
                if let base = training.newBaseModelHash, let signal = try? Signal.validated(type: .modelSHA256, value: base) {
                    report.lineageSignals.append(signal)
                }
            } catch {
                report.findings.append(ModelFinding(kind: .malformed, code: "safetensors.header", message: "\(error)", location: "header"))
            }
        case .gguf:
            do {
                let metadata = try GGUFReader.read(from: source, limits: policy.ggufLimits)
                report.gguf = metadata
                report.architecture = ModelArchitecture(kind: .languageModel, family: .other,
                                                        evidence: ["general.architecture = \(metadata.architecture ?? "(missing)")"])
            } catch {
                report.findings.append(ModelFinding(kind: .malformed, code: "gguf.header", message: "\(error)", location: "header"))
            }
        case .pytorchZip, .torchLegacy, .pickle:
            let pickle = PickleFileScanner(classifier: policy.pickleClassifier, limits: policy.pickleLimits, zipLimits: policy.zipLimits).scan(source)
            report.pickle = pickle
            report.findings += pickle.findings
            report.architecture = Self.pickleArchitecture(pickle)
        case .unknown:
            // A protocol 0/1 pickle has no magic bytes: try it before calling the file unknown.
            let stream = PickleScanner.scan(source: source, maxPickles: 1, limits: policy.pickleLimits)
            if stream.completePickles > 0 || !stream.imports.isEmpty {
                report.format = .pickle
                let pickle = PickleFileScanner(classifier: policy.pickleClassifier, limits: policy.pickleLimits, zipLimits: policy.zipLimits).scan(source)
                report.pickle = pickle
                report.findings += pickle.findings
                report.architecture = Self.pickleArchitecture(pickle)
            }
        }
        return report
    }

    /// Kind and family of a pickled checkpoint from the tensor names its pickle pushes (shapes
    /// are not visible without unpickling, so only name rules apply); nil when nothing matches.
    static func pickleArchitecture(_ pickle: PickleFileReport) -> ModelArchitecture? {
        let names = pickle.strings.map { TensorInfo(name: $0, dtype: .u8, shape: [], dataStart: 0, dataEnd: 0) }
        var architecture = ArchitectureDetector.detect(tensors: names, training: TrainingMetadata())
        guard architecture.kind != .unknown || architecture.family != .unknown else { return nil }
        architecture.evidence.append("from tensor names in the pickle (shapes not read)")
        return architecture
    }

    private func scanPreviews(_ paths: [String]) async -> [PreviewResult] {
        var results: [PreviewResult] = []
        for path in paths {
            guard let previewScan else {
                results.append(PreviewResult(path: path, decision: Decision(reasons: [Reason(
                    code: "model.preview.unscanned", verdict: policy.unscannedPreviewVerdict,
                    message: "no image pipeline is connected, so the preview image was not scanned", source: path)])))
                continue
            }
            do {
                results.append(PreviewResult(path: path, decision: try await previewScan(path)))
            } catch {
                results.append(PreviewResult(path: path, decision: Decision(reasons: [Reason(
                    code: "model.preview.error", verdict: policy.unscannedPreviewVerdict,
                    message: "the image pipeline could not scan the preview: \(error)", source: path)])))
            }
        }
        return results
    }
}
