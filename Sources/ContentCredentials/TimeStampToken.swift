import SwiftASN1

/// The time an RFC 3161 time-stamp token (as C2PA stores in the COSE unprotected headers
/// `sigTst` / `sigTst2`) says the signature existed.
///
/// Only `genTime` is read from the token's TSTInfo; the time-stamp authority's own signature on
/// the token is not verified, so the time is what the token claims.
enum TimeStampToken {
    /// The `genTime` of the first token in a `tstContainer` (`{"tstTokens": [{"val": bstr}]}`)
    /// found under `sigTst2` or `sigTst`, as ISO 8601 text.
    static func claimedTime(in cose: COSESign1) -> String? {
        for label in ["sigTst2", "sigTst"] {
            guard let container = cose.unprotectedHeader[label] ?? cose.protectedHeader[label],
                  let tokens = container["tstTokens"]?.arrayValue
            else { continue }
            for token in tokens {
                if let der = token["val"]?.bytesValue, let time = try? generationTime(contentInfoDER: der) {
                    return time
                }
            }
        }
        return nil
    }

    /// Reads TSTInfo.genTime from a DER ContentInfo holding SignedData (RFC 5652, RFC 3161).
    static func generationTime(contentInfoDER: [UInt8]) throws -> String {
        let contentInfo = try DER.parse(contentInfoDER)
        // ContentInfo: SEQUENCE { contentType OID, [0] EXPLICIT SignedData }
        let explicitSignedData = try child(contentInfo, 1, "ContentInfo.content")
        let signedData = try child(explicitSignedData, 0, "SignedData")
        // SignedData: SEQUENCE { version, digestAlgorithms, encapContentInfo, ... }
        let encapsulated = try child(signedData, 2, "encapContentInfo")
        // EncapsulatedContentInfo: SEQUENCE { eContentType OID, [0] EXPLICIT OCTET STRING }
        let explicitContent = try child(encapsulated, 1, "eContent")
        let octets = try ASN1OctetString(derEncoded: try child(explicitContent, 0, "eContent OCTET STRING"))
        let tstInfo = try DER.parse(octets.bytes)
        // TSTInfo: SEQUENCE { version, policy, messageImprint, serialNumber, genTime, ... }
        let time = try GeneralizedTime(derEncoded: try child(tstInfo, 4, "TSTInfo.genTime"))
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let year = String(time.year)
        return "\(year)-\(two(time.month))-\(two(time.day))T\(two(time.hours)):\(two(time.minutes)):\(two(time.seconds))Z"
    }

    /// The `index`-th child of a constructed node.
    private static func child(_ node: ASN1Node, _ index: Int, _ what: String) throws -> ASN1Node {
        guard case let .constructed(children) = node.content else {
            throw ContentCredentialsError("time-stamp token", at: what, "expected a constructed value")
        }
        var iterator = children.makeIterator()
        var position = 0
        while let next = iterator.next() {
            if position == index { return next }
            position += 1
        }
        throw ContentCredentialsError("time-stamp token", at: what, "missing")
    }
}
