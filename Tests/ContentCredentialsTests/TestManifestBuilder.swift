import Crypto
import _CryptoExtras
import Foundation
import SwiftASN1
import X509
@testable import ContentCredentials

/// Builds complete, signed C2PA manifest stores in the test itself (a second, self-made source
/// of fixtures beside the c2pa-python oracle), with knobs to break each part.
struct TestManifestBuilder {
    typealias B = JUMBFTestBuilder
    typealias E = TestCBOREncoding

    /// A signing key of one COSE algorithm.
    enum SigningKey {
        case p256(P256.Signing.PrivateKey)
        case p384(P384.Signing.PrivateKey)
        case rsa(_RSA.Signing.PrivateKey, COSEAlgorithm)
        case ed25519(Curve25519.Signing.PrivateKey)

        var algorithm: COSEAlgorithm {
            switch self {
            case .p256: .es256
            case .p384: .es384
            case let .rsa(_, algorithm): algorithm
            case .ed25519: .ed25519
            }
        }

        var certificateKey: Certificate.PrivateKey {
            switch self {
            case let .p256(key): Certificate.PrivateKey(key)
            case let .p384(key): Certificate.PrivateKey(key)
            case let .rsa(key, _): Certificate.PrivateKey(key)
            case let .ed25519(key): Certificate.PrivateKey(key)
            }
        }

        func sign(_ message: [UInt8]) throws -> [UInt8] {
            switch self {
            case let .p256(key): return Array(try key.signature(for: message).rawRepresentation)
            case let .p384(key): return Array(try key.signature(for: message).rawRepresentation)
            case let .ed25519(key): return Array(try key.signature(for: message))
            case let .rsa(key, algorithm):
                switch algorithm {
                case .ps384: return Array(try key.signature(for: SHA384.hash(data: message), padding: .PSS).rawRepresentation)
                case .ps512: return Array(try key.signature(for: SHA512.hash(data: message), padding: .PSS).rawRepresentation)
                default: return Array(try key.signature(for: SHA256.hash(data: message), padding: .PSS).rawRepresentation)
                }
            }
        }
    }

    let caKey = P256.Signing.PrivateKey()
    let caCertificate: Certificate
    let leafKey: SigningKey
    let leafCertificate: Certificate

    /// The asset the data hash binds; bytes 10..<30 are excluded (as if they held the store).
    var asset: [UInt8] = (0..<200).map { UInt8(truncatingIfNeeded: $0 &* 7) }
    var actions: CBORValue = .array([E.map([("action", .text("c2pa.created")), ("digitalSourceType", .text("http://cv.iptc.org/newscodes/digitalsourcetype/algorithmicMedia"))])])

    init(leafKey: SigningKey = .p256(P256.Signing.PrivateKey()), leafValidFor: ClosedRange<Date>? = nil, leafExtendedKeyUsage: [ExtendedKeyUsage.Usage] = [.emailProtection]) throws {
        let now = Date()
        let caName = try DistinguishedName { CommonName("Builder Root"); OrganizationName("Bulwark Tests") }
        caCertificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: Certificate.PublicKey(caKey.publicKey),
            notValidBefore: now - 86_400 * 30, notValidAfter: now + 86_400 * 365, issuer: caName, subject: caName,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
                Critical(KeyUsage(digitalSignature: true, keyCertSign: true, cRLSign: true))
            },
            issuerPrivateKey: Certificate.PrivateKey(caKey)
        )
        self.leafKey = leafKey
        let validity = leafValidFor ?? (now - 86_400)...(now + 86_400 * 30)
        leafCertificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: leafKey.certificateKey.publicKey,
            notValidBefore: validity.lowerBound, notValidAfter: validity.upperBound, issuer: caName,
            subject: try DistinguishedName { CommonName("Builder Signer"); OrganizationName("Bulwark Builder") },
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true))
                try ExtendedKeyUsage(leafExtendedKeyUsage)
            },
            issuerPrivateKey: Certificate.PrivateKey(caKey)
        )
    }

    var caPEM: String { (try? caCertificate.serializeAsPEM().pemString) ?? "" }

    static func der(_ certificate: Certificate) throws -> [UInt8] {
        var serializer = DER.Serializer()
        try serializer.serialize(certificate)
        return serializer.serializedBytes
    }

    /// Knobs that break one part of the store.
    struct Breakage {
        var claimOverride: [UInt8]?
        var coseOverride: ((_ protected: [UInt8], _ signature: [UInt8]) throws -> [UInt8])?
        var protectedHeader: CBORValue?
        var dataHashExclusions: CBORValue?
        var includeDataHash = true
        var dropAssertionBox = false
        var signDifferentBytes = false
        var unprotectedHeader: CBORValue?
        var manifestFourCC = "c2ma"
    }

    /// A minimal RFC 3161 time-stamp token (ContentInfo / SignedData / TSTInfo) stating `genTime`
    /// (no signer infos: the reader only takes the stated time).
    static func timeStampToken(year: Int, month: Int, day: Int, hours: Int, minutes: Int, seconds: Int) throws -> [UInt8] {
        var tstInfo = DER.Serializer()
        try tstInfo.appendConstructedNode(identifier: .sequence) { coder in
            try coder.serialize(1)
            try coder.serialize(ASN1ObjectIdentifier(elements: [1, 2, 3, 4]))
            try coder.appendConstructedNode(identifier: .sequence) { imprint in
                try imprint.appendConstructedNode(identifier: .sequence) { algorithm in
                    try algorithm.serialize(ASN1ObjectIdentifier(elements: [2, 16, 840, 1, 101, 3, 4, 2, 1]))
                }
                try imprint.serialize(ASN1OctetString(contentBytes: ArraySlice([UInt8](repeating: 1, count: 32))))
            }
            try coder.serialize(42)
            try coder.serialize(GeneralizedTime(year: year, month: month, day: day, hours: hours, minutes: minutes, seconds: seconds, fractionalSeconds: 0))
        }
        var contentInfo = DER.Serializer()
        try contentInfo.appendConstructedNode(identifier: .sequence) { coder in
            try coder.serialize(ASN1ObjectIdentifier(elements: [1, 2, 840, 113549, 1, 7, 2]))
            try coder.serialize(explicitlyTaggedWithTagNumber: 0, tagClass: .contextSpecific) { explicit in
                try explicit.appendConstructedNode(identifier: .sequence) { signedData in
                    try signedData.serialize(3)
                    signedData.appendConstructedNode(identifier: .set) { _ in }
                    try signedData.appendConstructedNode(identifier: .sequence) { encapsulated in
                        try encapsulated.serialize(ASN1ObjectIdentifier(elements: [1, 2, 840, 113549, 1, 9, 16, 1, 4]))
                        try encapsulated.serialize(explicitlyTaggedWithTagNumber: 0, tagClass: .contextSpecific) { content in
                            try content.serialize(ASN1OctetString(contentBytes: ArraySlice(tstInfo.serializedBytes)))
                        }
                    }
                    signedData.appendConstructedNode(identifier: .set) { _ in }
                }
            }
        }
        return contentInfo.serializedBytes
    }

    func hashedAssertion(label: String, box: [UInt8]) -> CBORValue {
        E.map([("url", .text("self#jumbf=c2pa.assertions/\(label)")), ("hash", .bytes(Array(SHA256.hash(data: box.dropFirst(8)))))])
    }

    /// The manifest store bytes.
    func store(_ breakage: Breakage = Breakage()) throws -> [UInt8] {
        let actionsBox = B.superbox("cbor", label: "c2pa.actions.v2", [B.box("cbor", E.encode(E.map([("actions", actions)])))])
        let exclusions = breakage.dataHashExclusions ?? .array([E.map([("start", .unsigned(10)), ("length", .unsigned(20))])])
        var hashed = Array(asset[0..<10]) + Array(asset[30...])
        if case .array = exclusions, breakage.dataHashExclusions != nil { hashed = asset }
        let dataHashBox = B.superbox("cbor", label: "c2pa.hash.data", [B.box("cbor", E.encode(E.map([
            ("exclusions", exclusions), ("name", .text("jumbf manifest")), ("alg", .text("sha256")),
            ("hash", .bytes(Array(SHA256.hash(data: hashed)))), ("pad", .bytes([])),
        ])))])
        var boxes = [("c2pa.actions.v2", actionsBox)]
        if breakage.includeDataHash { boxes.append(("c2pa.hash.data", dataHashBox)) }
        let claim = E.map([
            ("instanceID", .text("xmp:iid:builder")),
            ("claim_generator_info", E.map([("name", .text("Builder")), ("version", .text("9"))])),
            ("signature", .text("self#jumbf=c2pa.signature")),
            ("created_assertions", .array(boxes.map { hashedAssertion(label: $0.0, box: $0.1) })),
            ("dc:title", .text("built.bin")),
            ("alg", .text("sha256")),
        ])
        let claimBytes = breakage.claimOverride ?? E.encode(claim)
        let protectedHeader: CBORValue
        if let override = breakage.protectedHeader {
            protectedHeader = override
        } else {
            protectedHeader = .map([
                CBORMapEntry(key: E.int(1), value: E.int(leafKey.algorithm.rawValue)),
                CBORMapEntry(key: E.int(33), value: .array([.bytes(try Self.der(leafCertificate)), .bytes(try Self.der(caCertificate))])),
            ])
        }
        let protectedBytes = E.encode(protectedHeader)
        let sigStructure = CBOREncoder.array([CBOREncoder.text("Signature1"), CBOREncoder.bytes(protectedBytes), CBOREncoder.bytes([]), CBOREncoder.bytes(claimBytes)])
        let signature = try leafKey.sign(breakage.signDifferentBytes ? sigStructure + [0] : sigStructure)
        let cose: [UInt8]
        if let override = breakage.coseOverride {
            cose = try override(protectedBytes, signature)
        } else {
            cose = E.encode(.tagged(18, .array([.bytes(protectedBytes), breakage.unprotectedHeader ?? .map([]), .null, .bytes(signature)])))
        }
        let assertionBoxes = breakage.dropAssertionBox ? boxes.dropFirst().map(\.1) : boxes.map(\.1)
        return B.superbox("c2pa", label: "c2pa", [
            B.superbox(breakage.manifestFourCC, label: "urn:c2pa:builder", [
                B.superbox("c2as", label: "c2pa.assertions", assertionBoxes),
                B.superbox("c2cl", label: "c2pa.claim.v2", [B.box("cbor", claimBytes)]),
                B.superbox("c2cs", label: "c2pa.signature", [B.box("cbor", cose)]),
            ]),
        ])
    }
}
