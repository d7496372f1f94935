/// A COSE_Sign1 structure (RFC 9052), as C2PA stores its claim signature: CBOR tag 18 around
/// `[protected: bstr, unprotected: map, payload: bstr / nil, signature: bstr]`.
struct COSESign1 {
    /// The protected header bytes exactly as stored (they are signed).
    let protectedBytes: [UInt8]
    /// The decoded protected header map.
    let protectedHeader: CBORValue
    /// The unprotected header map.
    let unprotectedHeader: CBORValue
    /// The embedded payload, or `nil` when detached (C2PA detaches the claim).
    let payload: [UInt8]?
    /// The signature bytes.
    let signature: [UInt8]

    /// COSE header label of the algorithm.
    static let algorithmLabel: Int64 = 1
    /// COSE header label of `x5chain` (RFC 9360).
    static let x5chainLabel: Int64 = 33

    /// Decodes a COSE_Sign1 from CBOR bytes.
    init(bytes: [UInt8], decoder: CBORDecoder) throws(ContentCredentialsError) {
        let value = try decoder.decode(bytes)
        let array: [CBORValue]
        switch value {
        case let .tagged(18, .array(elements)): array = elements
        case let .tagged(tag, _): throw Self.fail("top level", "tag \(tag) is not COSE_Sign1 (18)")
        default: throw Self.fail("top level", "not a CBOR tag 18 (COSE_Sign1)")
        }
        guard array.count == 4 else { throw Self.fail("top level", "COSE_Sign1 has \(array.count) elements, expected 4") }
        guard let protectedBytes = array[0].bytesValue else { throw Self.fail("protected header", "not a byte string") }
        self.protectedBytes = protectedBytes
        protectedHeader = protectedBytes.isEmpty ? .map([]) : try decoder.decode(protectedBytes)
        guard protectedHeader.mapEntries != nil else { throw Self.fail("protected header", "not a CBOR map") }
        guard array[1].mapEntries != nil else { throw Self.fail("unprotected header", "not a CBOR map") }
        unprotectedHeader = array[1]
        switch array[2] {
        case let .bytes(payload): self.payload = payload
        case .null: payload = nil
        default: throw Self.fail("payload", "neither a byte string nor null")
        }
        guard let signature = array[3].bytesValue else { throw Self.fail("signature", "not a byte string") }
        self.signature = signature
    }

    static func fail(_ field: String, _ reason: String) -> ContentCredentialsError {
        ContentCredentialsError("COSE_Sign1", at: field, reason)
    }

    /// A header value from the protected header, else from the unprotected one.
    func header(_ label: Int64, textLabel: String? = nil) -> CBORValue? {
        if let value = protectedHeader[intKey: label] { return value }
        if let textLabel, let value = protectedHeader[textLabel] { return value }
        if let value = unprotectedHeader[intKey: label] { return value }
        if let textLabel, let value = unprotectedHeader[textLabel] { return value }
        return nil
    }

    /// The COSE algorithm identifier (protected header label 1).
    func algorithmIdentifier() throws(ContentCredentialsError) -> Int64 {
        guard let value = protectedHeader[intKey: Self.algorithmLabel] else {
            throw Self.fail("protected header", "no algorithm (label 1)")
        }
        guard let identifier = value.integerValue else {
            throw Self.fail("protected header", "algorithm is not an integer")
        }
        return identifier
    }

    /// The DER certificates of the `x5chain` header (leaf first).
    func certificateChain(maxCertificates: Int) throws(ContentCredentialsError) -> [[UInt8]] {
        guard let value = header(Self.x5chainLabel, textLabel: "x5chain") else {
            throw Self.fail("header", "no x5chain (label 33)")
        }
        switch value {
        case let .bytes(der):
            return [der]
        case let .array(elements):
            guard !elements.isEmpty else { throw Self.fail("x5chain", "empty certificate array") }
            guard elements.count <= maxCertificates else {
                throw Self.fail("x5chain", "\(elements.count) certificates, over the limit \(maxCertificates)")
            }
            var chain: [[UInt8]] = []
            for (index, element) in elements.enumerated() {
                guard let der = element.bytesValue else { throw Self.fail("x5chain[\(index)]", "not a byte string") }
                chain.append(der)
            }
            return chain
        default:
            throw Self.fail("x5chain", "neither a byte string nor an array of byte strings")
        }
    }

    /// The `Sig_structure` that was signed, for a detached `payload` (RFC 9052 section 4.4).
    func signedBytes(detachedPayload: [UInt8]) -> [UInt8] {
        CBOREncoder.array([
            CBOREncoder.text("Signature1"),
            CBOREncoder.bytes(protectedBytes),
            CBOREncoder.bytes([]),
            CBOREncoder.bytes(payload ?? detachedPayload),
        ])
    }
}
