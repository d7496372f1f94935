import Foundation
import X509

/// Reads a C2PA manifest store (the JUMBF superbox bytes a container parser found) and
/// verifies its active manifest: claim signature, certificate chain, assertion hashes and,
/// when the asset bytes are given, the hard binding.
///
/// It never throws and never traps: every problem becomes a status with a reason.
/// - `invalid`: the store is malformed, the signature does not verify, an assertion hash or
///   the asset hash does not match.
/// - `present-but-unverifiable`: the signature verifies but the signer does not chain to a
///   configured trust anchor, or a part could not be checked (no asset bytes, an unsupported
///   hard binding).
/// - `valid`: everything was checked and holds.
public struct C2PAReader: Sendable {
    /// PEM text of the certificates trusted as anchors for signer chains.
    public let trustAnchorsPEM: [String]
    /// Limits on the work done for one manifest store.
    public let limits: C2PALimits
    /// The anchors parsed once from `trustAnchorsPEM`.
    private let anchors: [Certificate]
    /// Why some of `trustAnchorsPEM` could not be used (reported with every manifest).
    private let anchorProblems: [String]

    /// Makes a reader that trusts the given PEM certificates (each string may hold several).
    /// Unreadable PEM is not trusted; each report then says so.
    public init(trustAnchorsPEM: [String] = [], limits: C2PALimits = .default) {
        self.trustAnchorsPEM = trustAnchorsPEM
        self.limits = limits
        (anchors, anchorProblems) = SignerChainValidator.parseAnchors(trustAnchorsPEM)
    }

    /// Reads and verifies `manifestStore`. `asset` is the whole file the store came from; when
    /// given, the hard binding (`c2pa.hash.data`) is checked against it.
    public func read(manifestStore: [UInt8], asset: [UInt8]?) -> C2PAReport {
        read(manifestStore: manifestStore, asset: asset, at: Date())
    }

    /// As `read(manifestStore:asset:)`, checking certificate validity at `time`.
    public func read(manifestStore: [UInt8], asset: [UInt8]?, at time: Date) -> C2PAReport {
        if manifestStore.isEmpty { return .absent }
        var findings = C2PAFindings()
        var report = C2PAReport(status: .invalid)
        guard manifestStore.count <= limits.maxManifestStoreBytes else {
            findings.invalid("manifest store is \(manifestStore.count) bytes, over the limit \(limits.maxManifestStoreBytes)")
            return findings.finish(report)
        }
        let store: C2PAManifestStore
        do {
            store = try C2PAManifestStore(bytes: manifestStore, limits: limits)
        } catch {
            findings.invalid("malformed manifest store: \(error)")
            return findings.finish(report)
        }
        guard let manifest = store.manifests.last else {
            findings.invalid("the manifest store holds no manifest")
            return findings.finish(report)
        }
        report.activeManifestLabel = manifest.label
        let decoder = CBORDecoder(limits: limits)

        // The claim, exactly as stored: its bytes are what the signature covers.
        let claimLabel = manifest.claimBox.description.label ?? "c2pa.claim"
        guard let claimBytes = store.payload(of: manifest.claimBox, type: "cbor") else {
            findings.invalid("claim box '\(claimLabel)' has no cbor content box")
            return findings.finish(report)
        }
        let claim: C2PAClaim
        do {
            claim = try C2PAClaim(try decoder.decode(claimBytes), label: claimLabel)
        } catch {
            findings.invalid("malformed claim: \(error)")
            return findings.finish(report)
        }
        report.claimGenerator = claim.generator
        report.claimGeneratorName = claim.generatorName
        report.claimGeneratorVersion = claim.generatorVersion
        report.title = claim.title
        report.format = claim.format

        checkSignature(store: store, manifest: manifest, claimBytes: claimBytes, decoder: decoder, time: time, report: &report, findings: &findings)
        let assertions = checkAssertions(store: store, manifest: manifest, claim: claim, decoder: decoder, findings: &findings)
        describe(assertions, report: &report, findings: &findings)
        if manifest.isUpdateManifest {
            findings.unverifiable("the active manifest is an update manifest; the hard binding of the manifest it updates is not checked")
        } else {
            checkHardBinding(assertions, claim: claim, asset: asset, findings: &findings)
        }
        return findings.finish(report)
    }

    /// Verifies the COSE_Sign1 claim signature and the signer's certificate chain.
    private func checkSignature(
        store: C2PAManifestStore, manifest: C2PAManifest, claimBytes: [UInt8], decoder: CBORDecoder,
        time: Date, report: inout C2PAReport, findings: inout C2PAFindings
    ) {
        guard let signatureBox = manifest.signatureBox, let signatureBytes = store.payload(of: signatureBox, type: "cbor") else {
            findings.invalid("the active manifest has no claim signature (c2pa.signature)")
            return
        }
        do {
            let cose = try COSESign1(bytes: signatureBytes, decoder: decoder)
            let identifier = try cose.algorithmIdentifier()
            guard let algorithm = COSEAlgorithm(rawValue: identifier) else {
                findings.unverifiable("claim signature algorithm \(identifier) is not one C2PA allows")
                return
            }
            let chainDER = try cose.certificateChain(maxCertificates: limits.maxChainCertificates)
            var chain: [Certificate] = []
            for (index, der) in chainDER.enumerated() {
                do { chain.append(try Certificate(derEncoded: der)) } catch {
                    throw ContentCredentialsError("x5chain", at: "certificate \(index)", "not a DER X.509 certificate: \(error)")
                }
            }
            guard let leaf = chain.first else { throw ContentCredentialsError("x5chain", at: "certificate 0", "missing") }
            report.signer = C2PASigner(leaf, algorithm: algorithm.name, signingTime: TimeStampToken.claimedTime(in: cose))
            guard try algorithm.isValid(signature: cose.signature, message: cose.signedBytes(detachedPayload: claimBytes), key: leaf.publicKey) else {
                findings.invalid("the claim signature does not verify: the claim or its signature was changed after signing")
                return
            }
            for problem in SignerChainValidator.signerProfileProblems(leaf) { findings.unverifiable(problem) }
            for problem in anchorProblems { findings.unverifiable(problem) }
            if anchors.isEmpty {
                findings.unverifiable("no trust anchor is configured, so the signer '\(leaf.subject)' is not trusted")
            } else if let problem = SignerChainValidator(anchors: anchors, maxPathLength: limits.maxChainCertificates + 1).problem(chain: chain, at: time) {
                findings.unverifiable("the signer does not chain to a trust anchor: \(problem)")
            }
        } catch {
            findings.invalid("malformed claim signature: \(error)")
        }
    }

    /// One assertion the claim covers, decoded when it is CBOR.
    struct CheckedAssertion {
        let label: String
        let value: CBORValue?
    }

    /// Checks every hashed URI of the claim and decodes the CBOR assertions.
    private func checkAssertions(
        store: C2PAManifestStore, manifest: C2PAManifest, claim: C2PAClaim, decoder: CBORDecoder, findings: inout C2PAFindings
    ) -> [CheckedAssertion] {
        var checked: [CheckedAssertion] = []
        for reference in claim.assertions {
            guard let box = store.resolve(reference.url, in: manifest) else {
                findings.invalid("assertion '\(reference.url)' named by the claim is missing from the manifest")
                continue
            }
            let algorithmName = reference.algorithm ?? claim.algorithm ?? "sha256"
            guard let algorithm = C2PAHashAlgorithm(name: algorithmName) else {
                findings.unverifiable("assertion '\(reference.label)' uses unsupported hash algorithm '\(algorithmName)'")
                continue
            }
            guard algorithm.digest(store.hashedBytes(of: box)) == reference.hash else {
                findings.invalid("assertion '\(reference.label)' does not match its hash in the claim")
                continue
            }
            var value: CBORValue?
            if let payload = store.payload(of: box, type: "cbor") {
                do { value = try decoder.decode(payload) } catch {
                    findings.invalid("assertion '\(reference.label)' is malformed CBOR: \(error)")
                }
            }
            checked.append(CheckedAssertion(label: reference.label, value: value))
        }
        return checked
    }

    /// Fills actions, ingredients and the AI declaration from the checked assertions.
    private func describe(_ assertions: [CheckedAssertion], report: inout C2PAReport, findings: inout C2PAFindings) {
        for assertion in assertions {
            guard let value = assertion.value else { continue }
            do {
                if C2PAAssertionReading.isActions(assertion.label) {
                    report.actions += try C2PAAssertionReading.actions(value, label: assertion.label)
                } else if C2PAAssertionReading.isIngredient(assertion.label) {
                    report.ingredients.append(try C2PAAssertionReading.ingredient(value, label: assertion.label))
                }
            } catch {
                findings.invalid("malformed assertion: \(error)")
            }
        }
        report.declaresAIGenerated = report.actions.contains { action in
            action.digitalSourceType.map(C2PAAssertionReading.isAISourceType) ?? false
        }
    }

    /// Checks the hard binding against the asset bytes.
    private func checkHardBinding(_ assertions: [CheckedAssertion], claim: C2PAClaim, asset: [UInt8]?, findings: inout C2PAFindings) {
        let dataHashes = assertions.filter { C2PAAssertionReading.baseLabel($0.label) == "c2pa.hash.data" }
        let otherBindings = assertions.filter {
            ["c2pa.hash.bmff", "c2pa.hash.bmff.v2", "c2pa.hash.bmff.v3", "c2pa.hash.boxes", "c2pa.hash.collection.data"]
                .contains(C2PAAssertionReading.baseLabel($0.label))
        }
        guard !dataHashes.isEmpty else {
            if let binding = otherBindings.first {
                findings.unverifiable("hard binding '\(binding.label)' is not checked by this reader")
            } else {
                findings.invalid("the claim has no hard binding to the asset")
            }
            return
        }
        guard let asset else {
            findings.unverifiable("asset bytes were not given, so the hard binding was not checked")
            return
        }
        for assertion in dataHashes {
            do {
                guard let value = assertion.value else {
                    throw ContentCredentialsError("assertion", at: assertion.label, "not CBOR")
                }
                let binding = try C2PADataHash(value, label: assertion.label)
                let algorithmName = binding.algorithm ?? claim.algorithm ?? "sha256"
                guard let algorithm = C2PAHashAlgorithm(name: algorithmName) else {
                    findings.unverifiable("'\(assertion.label)' uses unsupported hash algorithm '\(algorithmName)'")
                    continue
                }
                if algorithm.digest(ofChunks: try binding.hashedChunks(of: asset)) != binding.hash {
                    findings.invalid("the asset does not match its hard binding '\(assertion.label)': the asset was changed after signing")
                }
            } catch {
                findings.invalid("malformed hard binding: \(error)")
            }
        }
    }
}

/// Reasons gathered while verifying, and the status they add up to.
struct C2PAFindings {
    private var invalidReasons: [String] = []
    private var unverifiableReasons: [String] = []

    mutating func invalid(_ reason: String) { invalidReasons.append(reason) }
    mutating func unverifiable(_ reason: String) { unverifiableReasons.append(reason) }

    /// `report` with the status and reasons filled in: invalid beats unverifiable beats valid.
    func finish(_ report: C2PAReport) -> C2PAReport {
        var report = report
        report.statusReasons = invalidReasons + unverifiableReasons
        if !invalidReasons.isEmpty {
            report.status = .invalid
        } else if !unverifiableReasons.isEmpty {
            report.status = .presentButUnverifiable
        } else {
            report.status = .valid
        }
        return report
    }
}
