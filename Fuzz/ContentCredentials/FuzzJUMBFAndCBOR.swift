// libFuzzer entry point for the ContentCredentials parsers: JUMBF, CBOR, the manifest-store
// layout, claims, COSE_Sign1 structure, assertions and data-hash exclusions (everything the
// reader does before cryptography). Built by run.sh with those sources (not part of the package).

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzContentCredentialsParsers(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let data else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: count))
    let limits = C2PALimits.default
    let decoder = CBORDecoder(limits: limits)
    // The input as one CBOR document, and as a claim, a COSE_Sign1 and assertions.
    if let value = try? decoder.decode(bytes) {
        _ = try? C2PAClaim(value, label: "c2pa.claim.v2")
        _ = try? C2PAAssertionReading.actions(value, label: "c2pa.actions")
        _ = try? C2PAAssertionReading.ingredient(value, label: "c2pa.ingredient")
        if let binding = try? C2PADataHash(value, label: "c2pa.hash.data") {
            _ = try? binding.hashedChunks(of: bytes)
        }
    }
    _ = try? decoder.decodePrefix(bytes)
    _ = try? COSESign1(bytes: bytes, decoder: decoder)
    // The input as a manifest store: every box, manifest, claim, reference and signature.
    if let root = try? JUMBFParser(limits: limits).parseSuperbox(bytes) {
        var pending = [root]
        while let box = pending.popLast() {
            pending += box.superboxes
            for content in box.contentBoxes where content.type == "cbor" {
                _ = try? decoder.decode(Array(bytes[content.payloadRange]))
            }
        }
    }
    if let store = try? C2PAManifestStore(bytes: bytes, limits: limits) {
        for manifest in store.manifests {
            if let claimBytes = store.payload(of: manifest.claimBox, type: "cbor"),
               let value = try? decoder.decode(claimBytes),
               let claim = try? C2PAClaim(value, label: manifest.claimBox.description.label ?? "c2pa.claim") {
                for reference in claim.assertions {
                    if let box = store.resolve(reference.url, in: manifest) { _ = store.hashedBytes(of: box).count }
                }
            }
            if let signatureBox = manifest.signatureBox, let signature = store.payload(of: signatureBox, type: "cbor"),
               let cose = try? COSESign1(bytes: signature, decoder: decoder) {
                _ = try? cose.algorithmIdentifier()
                _ = try? cose.certificateChain(maxCertificates: limits.maxChainCertificates)
                _ = cose.signedBytes(detachedPayload: bytes)
            }
        }
    }
    return 0
}
