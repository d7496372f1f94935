import BulwarkCore

/// The static scan of a pickle-based model file (PyTorch zip, legacy PyTorch, plain pickle).
public struct PickleFileReport: Sendable, Codable, Hashable {
    /// `zip` (PyTorch 1.6+ archive), `torch-legacy` (concatenated pickles + raw storages) or `pickle`.
    public var container: String
    /// Every distinct import with its classification, in order of appearance.
    public var imports: [ClassifiedPickleImport]
    /// The pickle streams that were scanned (zip entry names, or `(file)`).
    public var scannedStreams: [String]
    /// Structural problems and parts that could not be scanned.
    public var findings: [ModelFinding]
    /// Short strings the pickles push (tensor names among them), for architecture detection.
    /// Not part of the encoded report.
    public var strings: [String] = []

    private enum CodingKeys: String, CodingKey { case container, imports, scannedStreams, findings }

    /// The most severe classification among the imports.
    public var worstSafety: PickleImportSafety? { imports.map(\.safety).max() }
}

/// Finds the pickle streams in a file and scans each statically with ``PickleScanner``.
public struct PickleFileScanner: Sendable {
    /// How imports are classified.
    public var classifier: PickleImportClassifier
    /// Limits for each pickle stream.
    public var limits: PickleScanLimits
    /// How many distinct short strings to keep for architecture detection (0 = none).
    public var collectStrings = 200_000
    /// Limits for zip central directories.
    public var zipLimits: ZipLimits

    /// Entry extensions treated as pickles inside zip archives (as picklescan does).
    public static let pickleExtensions: Set<String> = ["pkl", "pickle", "joblib", "dat", "data"]

    /// A scanner with the given classifier and limits.
    public init(classifier: PickleImportClassifier = .init(), limits: PickleScanLimits = .init(), zipLimits: ZipLimits = .init()) {
        self.classifier = classifier
        self.limits = limits
        self.zipLimits = zipLimits
    }

    /// Whether the first bytes are a pickle PROTO opcode for protocol 0-5.
    public static func hasPickleMagic(_ prefix: [UInt8]) -> Bool {
        prefix.count >= 2 && prefix[0] == 0x80 && prefix[1] <= 5
    }

    /// The pickle that legacy `torch.save` writes first: protocol 2, the LONG1 magic number 0x1950a86a20f9469cfc6c, STOP.
    static let legacyTorchMagic: [UInt8] = [0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19, 0x2e]

    /// Scans `source`, choosing the container by its first bytes.
    public func scan(_ source: some ModelByteSource) -> PickleFileReport {
        let prefix = (try? source.read(at: 0, count: 16)) ?? []
        if prefix.starts(with: ZipDirectory.localHeaderMagic) { return scanZip(source) }
        if prefix.count >= 15, prefix[0] == 0x80, Array(prefix[2..<15]) == Self.legacyTorchMagic {
            // magic, protocol version, sys info, the object, storage keys; raw storage bytes follow.
            return scanRaw(source, container: "torch-legacy", maxPickles: 5)
        }
        return scanRaw(source, container: "pickle", maxPickles: nil)
    }

    private func scanRaw(_ source: some ModelByteSource, container: String, maxPickles: Int?) -> PickleFileReport {
        let stream = PickleScanner.scan(source: source, maxPickles: maxPickles, limits: limits, collectStrings: collectStrings)
        var findings: [ModelFinding] = []
        if let error = stream.error {
            if stream.completePickles == 0 {
                findings.append(ModelFinding(kind: .malformed, code: "pickle.malformed", message: "not a valid pickle: \(error)", location: "(file)"))
            } else {
                findings.append(ModelFinding(kind: .malformed, code: "pickle.trailing-data",
                                             message: "after \(stream.completePickles) complete pickle(s): \(error)", location: "byte \(stream.endOffset)"))
            }
        } else if let maxPickles, stream.completePickles < maxPickles {
            findings.append(ModelFinding(kind: .malformed, code: "pickle.truncated",
                                         message: "expected \(maxPickles) pickles, found \(stream.completePickles)", location: "(file)"))
        }
        return PickleFileReport(container: container, imports: classify(stream.imports), scannedStreams: ["(file)"], findings: findings, strings: stream.strings)
    }

    private func scanZip(_ source: some ModelByteSource) -> PickleFileReport {
        var report = PickleFileReport(container: "zip", imports: [], scannedStreams: [], findings: [])
        let entries: [ZipEntry]
        do {
            entries = try ZipDirectory.entries(in: source, limits: zipLimits)
        } catch {
            report.findings.append(ModelFinding(kind: .malformed, code: "zip.malformed", message: "\(error)", location: "(file)"))
            return report
        }
        var imports: [PickleImport] = []
        var seen = Set<PickleImport>()
        for entry in entries {
            let ext = entry.name.split(separator: ".").last.map { String($0).lowercased() } ?? ""
            let namedPickle = entry.name.contains(".") && Self.pickleExtensions.contains(ext)
            let range: Range<UInt64>
            do {
                range = try ZipDirectory.dataRange(of: entry, in: source)
            } catch {
                report.findings.append(ModelFinding(kind: .malformed, code: "zip.entry", message: "\(error)", location: entry.name))
                continue
            }
            let stream: PickleStreamScan
            switch entry.compressionMethod {
            case 0:
                let head = (try? source.read(at: range.lowerBound, count: 2)) ?? []
                guard namedPickle || Self.hasPickleMagic(head) else { continue }
                stream = PickleScanner.scan(source: source, start: range.lowerBound, end: range.upperBound, limits: limits,
                                            collectStrings: max(0, collectStrings - report.strings.count))
            case 8:
                let inflated: [UInt8]?
                do {
                    inflated = try DeflatedZipEntry.inflate(range, of: source, limit: zipLimits.maxInflatedEntryBytes,
                                                            keepIf: { namedPickle || Self.hasPickleMagic($0) })
                } catch {
                    report.findings.append(ModelFinding(kind: namedPickle ? .malformed : .unscannable, code: "zip.deflate",
                                                        message: "the compressed entry could not be inflated: \(error)", location: entry.name))
                    continue
                }
                guard let inflated else { continue }
                stream = PickleScanner.scan(source: MemoryByteSource(inflated), limits: limits,
                                            collectStrings: max(0, collectStrings - report.strings.count))
            default:
                if namedPickle {
                    report.findings.append(ModelFinding(
                        kind: .unscannable, code: "pickle.compressed-entry",
                        message: "pickle entry uses zip compression method \(entry.compressionMethod); only stored (0) and deflate (8) entries can be scanned",
                        location: entry.name))
                }
                continue
            }
            report.scannedStreams.append(entry.name)
            report.strings += stream.strings
            for item in stream.imports where seen.insert(item).inserted { imports.append(item) }
            if let error = stream.error, namedPickle || !stream.imports.isEmpty {
                report.findings.append(ModelFinding(kind: .malformed, code: stream.completePickles == 0 ? "pickle.malformed" : "pickle.trailing-data",
                                                    message: error, location: entry.name))
            }
        }
        report.imports = classify(imports)
        return report
    }

    private func classify(_ imports: [PickleImport]) -> [ClassifiedPickleImport] {
        imports.map { ClassifiedPickleImport(module: $0.module, name: $0.name, safety: classifier.classify($0)) }
    }
}
