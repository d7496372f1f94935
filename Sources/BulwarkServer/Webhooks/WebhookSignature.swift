import BulwarkCore
import Crypto

/// The signature on a webhook delivery: lowercase hex HMAC-SHA256, keyed with the
/// endpoint's secret, over `"<timestamp>.<body>"`, where the timestamp is the Unix time in
/// seconds sent in `X-Bulwark-Timestamp`. Receivers recompute it, compare in constant time
/// and reject old timestamps to stop replays.
public enum WebhookSignature {
    public static let timestampHeader = "X-Bulwark-Timestamp"
    public static let signatureHeader = "X-Bulwark-Signature"

    /// The hex signature of `body` sent at `timestamp`.
    public static func sign(body: [UInt8], timestamp: String, secret: String) -> String {
        var message = Array(timestamp.utf8)
        message.append(UInt8(ascii: "."))
        message.append(contentsOf: body)
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Array(secret.utf8)))
        return Hex.encode(mac)
    }

    /// Whether `signature` is the right one, compared in constant time.
    public static func verify(body: [UInt8], timestamp: String, secret: String, signature: String) -> Bool {
        APIKeys.constantTimeEqual(sign(body: body, timestamp: timestamp, secret: secret), signature.lowercased())
    }
}
