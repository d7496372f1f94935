import SwiftASN1
import X509

/// Who signed the active manifest's claim, from the COSE_Sign1 signature and its certificate.
public struct C2PASigner: Codable, Sendable, Hashable {
    /// Common name (CN) of the signing certificate's subject.
    public var commonName: String?
    /// Organization (O) of the signing certificate's subject.
    public var organization: String?
    /// The signing certificate's issuer as a distinguished-name string.
    public var issuer: String?
    /// The signing time an RFC 3161 time-stamp token in the signature (`sigTst2` / `sigTst`)
    /// states, as ISO 8601 text. The time-stamp authority's signature on that token is not
    /// verified: this is the time the token claims.
    public var signingTime: String?
    /// The COSE algorithm name, e.g. `ES256`, `PS384`, `Ed25519`.
    public var algorithm: String?

    /// Makes a signer description.
    public init(commonName: String? = nil, organization: String? = nil, issuer: String? = nil, signingTime: String? = nil, algorithm: String? = nil) {
        self.commonName = commonName
        self.organization = organization
        self.issuer = issuer
        self.signingTime = signingTime
        self.algorithm = algorithm
    }
}


extension C2PASigner {
    /// The signer described by its certificate.
    init(_ certificate: Certificate, algorithm: String, signingTime: String?) {
        func first(_ type: ASN1ObjectIdentifier) -> String? {
            for rdn in certificate.subject {
                for attribute in rdn where attribute.type == type {
                    if let text = String(attribute.value) { return text }
                }
            }
            return nil
        }
        self.init(
            commonName: first(.RDNAttributeType.commonName),
            organization: first(.RDNAttributeType.organizationName),
            issuer: String(describing: certificate.issuer),
            signingTime: signingTime,
            algorithm: algorithm
        )
    }
}
