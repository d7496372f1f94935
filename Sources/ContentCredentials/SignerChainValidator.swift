import Foundation
import SwiftASN1
import X509

/// Checks a claim signer's certificate chain against trust anchors, synchronously, with
/// swift-certificates: every link's signature, validity at the check time, CA constraints on
/// issuers, and the C2PA signer profile on the leaf (digitalSignature key usage; an extended
/// key usage, when present, that C2PA accepts).
///
/// `C2PAReader.read` is synchronous, and swift-certificates' `Verifier` is `async`; blocking a
/// thread on it could starve Swift's cooperative pool, so the path is checked here directly
/// with the same primitives.
struct SignerChainValidator {
    /// The trusted anchors.
    let anchors: [Certificate]
    /// The most certificates on a path.
    let maxPathLength: Int

    /// Parses every certificate in the PEM strings; unreadable PEM is reported, not trusted.
    static func parseAnchors(_ pemStrings: [String]) -> (anchors: [Certificate], problems: [String]) {
        var anchors: [Certificate] = []
        var problems: [String] = []
        for (index, pem) in pemStrings.enumerated() {
            do {
                let documents = try PEMDocument.parseMultiple(pemString: pem)
                if documents.isEmpty { problems.append("trust anchor \(index) holds no PEM certificate") }
                for document in documents {
                    anchors.append(try Certificate(pemDocument: document))
                }
            } catch {
                problems.append("trust anchor \(index) is not a readable PEM certificate: \(error)")
            }
        }
        return (anchors, problems)
    }

    /// OIDs of extended key usages C2PA accepts on a claim signer.
    static let acceptedSignerUsages: Set<ASN1ObjectIdentifier> = [
        ASN1ObjectIdentifier(ExtendedKeyUsage.Usage.emailProtection),
        [1, 3, 6, 1, 5, 5, 7, 3, 36],  // id-kp-documentSigning
        ASN1ObjectIdentifier(ExtendedKeyUsage.Usage.timeStamping),
        ASN1ObjectIdentifier(ExtendedKeyUsage.Usage.ocspSigning),
    ]

    /// Problems with the leaf certificate as a C2PA claim signer (empty when it fits).
    static func signerProfileProblems(_ leaf: Certificate) -> [String] {
        var problems: [String] = []
        do {
            if let basic = try leaf.extensions.basicConstraints, case .isCertificateAuthority = basic {
                problems.append("the signing certificate is a CA certificate")
            }
            if let usage = try leaf.extensions.keyUsage, !usage.digitalSignature {
                problems.append("the signing certificate's key usage lacks digitalSignature")
            }
            if let extended = try leaf.extensions.extendedKeyUsage {
                let oids = Set(extended.map { ASN1ObjectIdentifier($0) })
                if oids.isDisjoint(with: acceptedSignerUsages) {
                    problems.append("the signing certificate's extended key usage allows none of emailProtection, documentSigning, timeStamping, OCSPSigning")
                }
            }
        } catch {
            problems.append("the signing certificate has a malformed extension: \(error)")
        }
        return problems
    }

    /// Why `chain` (leaf first) does not reach a trust anchor at `time`, or `nil` when it does.
    func problem(chain: [Certificate], at time: Date) -> String? {
        guard let leaf = chain.first else { return "empty certificate chain" }
        var current = leaf
        var intermediates = Array(chain.dropFirst())
        var pathLength = 0
        while pathLength < maxPathLength {
            pathLength += 1
            if let problem = Self.validityProblem(current, at: time) { return problem }
            if let anchor = anchors.first(where: { $0.subject == current.issuer && $0.publicKey.isValidSignature(current.signature, for: current) }) {
                if let problem = Self.validityProblem(anchor, at: time) { return problem }
                return nil
            }
            if anchors.contains(current) { return nil }
            guard let index = intermediates.firstIndex(where: { $0.subject == current.issuer }) else {
                return "no trust anchor or chain certificate issued '\(current.subject)' (issuer '\(current.issuer)')"
            }
            let issuer = intermediates.remove(at: index)
            guard issuer.publicKey.isValidSignature(current.signature, for: current) else {
                return "the signature on '\(current.subject)' does not verify with its issuer's key"
            }
            guard Self.isCertificateAuthority(issuer) else {
                return "'\(issuer.subject)' issued a certificate but is not a CA"
            }
            current = issuer
        }
        return "certificate path longer than \(maxPathLength)"
    }

    static func isCertificateAuthority(_ certificate: Certificate) -> Bool {
        guard let basic = try? certificate.extensions.basicConstraints, case .isCertificateAuthority = basic else { return false }
        return true
    }

    static func validityProblem(_ certificate: Certificate, at time: Date) -> String? {
        if time < certificate.notValidBefore { return "'\(certificate.subject)' is not yet valid at \(time)" }
        if time > certificate.notValidAfter { return "'\(certificate.subject)' expired before \(time)" }
        return nil
    }
}
