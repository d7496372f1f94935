import Crypto
import _CryptoExtras
import X509

/// The COSE signature algorithms C2PA allows, and how each checks a signature with the public
/// key of an X.509 certificate.
enum COSEAlgorithm: Int64, Sendable, CaseIterable {
    case es256 = -7
    case es384 = -35
    case es512 = -36
    case ps256 = -37
    case ps384 = -38
    case ps512 = -39
    case ed25519 = -8

    /// The name C2PA uses (`ES256`, `PS384`, `Ed25519`...).
    var name: String {
        switch self {
        case .es256: "ES256"
        case .es384: "ES384"
        case .es512: "ES512"
        case .ps256: "PS256"
        case .ps384: "PS384"
        case .ps512: "PS512"
        case .ed25519: "Ed25519"
        }
    }

    /// Whether `signature` over `message` is valid for `key`. Throws when the key does not fit
    /// the algorithm or the signature is not in COSE form (raw r||s for ECDSA).
    func isValid(signature: [UInt8], message: [UInt8], key: Certificate.PublicKey) throws(ContentCredentialsError) -> Bool {
        func wrongKey() -> ContentCredentialsError {
            ContentCredentialsError("COSE_Sign1", at: "signature", "the signing certificate's key does not fit \(name)")
        }
        func badSignature(_ error: any Error) -> ContentCredentialsError {
            ContentCredentialsError("COSE_Sign1", at: "signature", "signature bytes are not a \(name) signature (\(signature.count) bytes): \(error)")
        }
        switch self {
        case .es256:
            guard let publicKey = P256.Signing.PublicKey(key) else { throw wrongKey() }
            do {
                return publicKey.isValidSignature(try P256.Signing.ECDSASignature(rawRepresentation: signature), for: SHA256.hash(data: message))
            } catch { throw badSignature(error) }
        case .es384:
            guard let publicKey = P384.Signing.PublicKey(key) else { throw wrongKey() }
            do {
                return publicKey.isValidSignature(try P384.Signing.ECDSASignature(rawRepresentation: signature), for: SHA384.hash(data: message))
            } catch { throw badSignature(error) }
        case .es512:
            guard let publicKey = P521.Signing.PublicKey(key) else { throw wrongKey() }
            do {
                return publicKey.isValidSignature(try P521.Signing.ECDSASignature(rawRepresentation: signature), for: SHA512.hash(data: message))
            } catch { throw badSignature(error) }
        case .ps256, .ps384, .ps512:
            guard let publicKey = _RSA.Signing.PublicKey(key) else { throw wrongKey() }
            let rsaSignature = _RSA.Signing.RSASignature(rawRepresentation: signature)
            switch self {
            case .ps384: return publicKey.isValidSignature(rsaSignature, for: SHA384.hash(data: message), padding: .PSS)
            case .ps512: return publicKey.isValidSignature(rsaSignature, for: SHA512.hash(data: message), padding: .PSS)
            default: return publicKey.isValidSignature(rsaSignature, for: SHA256.hash(data: message), padding: .PSS)
            }
        case .ed25519:
            guard let publicKey = Curve25519.Signing.PublicKey(key) else { throw wrongKey() }
            return publicKey.isValidSignature(signature, for: message)
        }
    }
}
