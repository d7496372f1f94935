import BulwarkCore
import Crypto

/// AES-256-GCM sealing of one item. The file holds nonce (12 random bytes) || ciphertext ||
/// tag (16 bytes); the associated data binds the item id, so a file renamed to another id
/// fails authentication.
enum EvidenceCipher {
    /// Bytes added to the plaintext: nonce and tag.
    static let overhead = 12 + 16

    static func associatedData(id: String) -> [UInt8] { Array("bulwark-evidence-v1:\(id)".utf8) }

    static func seal(_ plaintext: [UInt8], id: String, key: EvidenceKey) throws -> [UInt8] {
        let box = try AES.GCM.seal(plaintext, using: key.symmetricKey, nonce: AES.GCM.Nonce(), authenticating: associatedData(id: id))
        guard let combined = box.combined else { throw EvidenceError.tampered(id: id, reason: "could not frame the sealed item") }
        return Array(combined)
    }

    static func open(_ sealed: [UInt8], id: String, key: EvidenceKey) throws(EvidenceError) -> [UInt8] {
        guard sealed.count >= overhead else {
            throw .tampered(id: id, reason: "file is \(sealed.count) bytes, shorter than nonce and tag (\(overhead) bytes)")
        }
        do {
            let box = try AES.GCM.SealedBox(combined: sealed)
            return Array(try AES.GCM.open(box, using: key.symmetricKey, authenticating: associatedData(id: id)))
        } catch {
            throw .tampered(id: id, reason: "AES-GCM authentication failed (file edited, truncated or moved)")
        }
    }
}
